# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OidcConfig(AppConfig):
    name = "balie.integrations.oidc"
    label = "oidc"
    verbose_name = _("Flemish government login")
    default_auto_field = "django.db.models.BigAutoField"
