# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "balie.booking"
    label = "booking"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from balie.booking.selectors import count_product_appointments
        from balie.catalog.protection import register_product_use

        register_product_use(count_product_appointments)
