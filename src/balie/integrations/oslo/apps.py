# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OsloConfig(AppConfig):
    name = "balie.integrations.oslo"
    label = "oslo"
    verbose_name = _("Open standards (OSLO, IPDC)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connects the receivers that snapshot products for the LDES feed.
        from balie.integrations.oslo import signals  # noqa: F401
