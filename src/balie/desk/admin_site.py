# SPDX-License-Identifier: EUPL-1.2
"""The admin site behind a second factor, for municipal admins and the operator alike.

Like django-otp's OTPAdminSite it admits only verified sessions, but it sends a signed-in
user without a code to the desk's own two-factor pages instead of a second login form.
"""

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from balie.desk.access import has_second_factor, second_factor_redirect


class BalieAdminSite(AdminSite):
    site_header = _("Balie administration")
    site_title = _("Balie")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_second_factor(request=request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:  # type: ignore[type-arg]
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            redirect_to = second_factor_redirect(request)
            if redirect_to is not None:
                return redirect_to
        return super().login(request, extra_context)
