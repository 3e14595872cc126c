# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "balie.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Logins, lockouts and admin changes are recorded through Django's and axes' signals.
        from balie.audit import receivers  # noqa: F401
        from balie.booking.consequences import register_consequence

        # Every committed change to an appointment, from every channel, with who made it.
        register_consequence(
            receivers.record_booking_change, kinds=receivers.audited_booking_kinds()
        )
