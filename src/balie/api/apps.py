# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "balie.api"
    # "api" is a common label in third-party packages; keep this one unambiguous.
    label = "balie_api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Registers the OpenAPI extension for the manage token authentication.
        from balie.api import schema  # noqa: F401
