# SPDX-License-Identifier: EUPL-1.2
"""django-otp's device apps under names an admin understands, in their language.

django-otp names its apps by label ("OTP_TOTP") and its models in untranslated English;
the admin's side bar showed exactly that. Listed in INSTALLED_APPS instead of the plugins'
own configs; the labels, tables and migrations stay django-otp's.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthenticatorAppsConfig(AppConfig):
    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Authenticator apps")

    def ready(self) -> None:
        # The model's Meta is django-otp's; only its display names are Balie's.
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("authenticator app")
        device._meta.verbose_name_plural = _("authenticator apps")


class RecoveryCodesConfig(AppConfig):
    name = "django_otp.plugins.otp_static"
    label = "otp_static"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Recovery codes")

    def ready(self) -> None:
        device = self.get_model("StaticDevice")
        device._meta.verbose_name = _("set of recovery codes")
        device._meta.verbose_name_plural = _("sets of recovery codes")
