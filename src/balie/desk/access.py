# SPDX-License-Identifier: EUPL-1.2
"""Who may open a desk page, and the tenant scope the page runs in.

TenantScopeMiddleware gives counter staff an empty scope, so every desk view goes through
``desk_view``: it checks the membership of the municipality in the URL, demands a verified
second factor from municipal admins, and enters that municipality's scope for the view.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from django_scopes import scope

from balie.desk.selectors import is_municipal_admin
from balie.integrations.oidc.selectors import (
    acm_login_replaces_second_factor,
    is_weak_acm_login,
)
from balie.tenants.models import Municipality, StaffMembership
from balie.tenants.selectors import get_membership, get_municipality

DeskView = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Desk:
    municipality: Municipality
    membership: StaffMembership

    @property
    def is_admin(self) -> bool:
        return is_municipal_admin(membership=self.membership)


def second_factor_redirect(
    request: HttpRequest, municipality: Municipality
) -> HttpResponse | None:
    """Send a user without a verified second factor to set one up or to enter a code.

    A civil servant whose ACM/IDM login reached the municipality's minimum assurance level
    (default substantial) passed a two-factor login already.
    """
    if getattr(request.user, "is_verified", lambda: False)():
        return None
    if acm_login_replaces_second_factor(request=request, municipality=municipality):
        return None
    name = "desk:otp-verify" if user_has_device(request.user) else "desk:otp-setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def desk_view(*, admin_only: bool = False) -> Callable[[DeskView], DeskView]:
    def decorator(view: DeskView) -> DeskView:
        @wraps(view)
        def wrapped(
            request: HttpRequest, municipality_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            municipality = get_municipality(slug=municipality_slug)
            membership = (
                get_membership(user=request.user, municipality=municipality)
                if municipality is not None
                else None
            )
            # Staff of another municipality learn nothing, not even that this one exists.
            if municipality is None or membership is None:
                raise Http404
            desk = Desk(municipality=municipality, membership=membership)
            if admin_only and not desk.is_admin:
                raise PermissionDenied
            # Admins always, and anyone whose ACM/IDM login fell below the municipality's bar.
            needs_second_factor = desk.is_admin or is_weak_acm_login(
                request=request, municipality=municipality
            )
            if (
                needs_second_factor
                and (response := second_factor_redirect(request, municipality)) is not None
            ):
                return response
            with scope(municipality=municipality.pk):
                return view(request, desk, *args, **kwargs)

        return wrapped

    return decorator
