# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "balie.tenants"
    label = "tenants"
    verbose_name = _("Municipalities")

    def ready(self) -> None:
        from balie.tenants import signals

        signals.connect()
