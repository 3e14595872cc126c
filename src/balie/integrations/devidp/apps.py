# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevIdpConfig(AppConfig):
    name = "balie.integrations.devidp"
    label = "devidp"
    verbose_name = _("Development identity provider")
