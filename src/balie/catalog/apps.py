# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "balie.catalog"
    label = "catalog"
    verbose_name = _("Catalog and calendar")

    def ready(self) -> None:
        from balie.catalog import signals

        signals.connect()
