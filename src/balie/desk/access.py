# SPDX-License-Identifier: EUPL-1.2
"""Who may open a desk page, and the tenant scope the page runs in.

TenantScopeMiddleware gives counter staff an empty scope, so every desk view goes through
``desk_view``: it checks the membership of the municipality in the URL, demands a verified
second factor from municipal admins, and enters that municipality's scope for the view.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device
from django_scopes import scope, scopes_disabled

from balie.desk.selectors import is_municipal_admin
from balie.integrations.oidc.selectors import (
    acm_login_replaces_second_factor,
    is_civil_servant_login,
    is_weak_acm_login,
)
from balie.tenants.models import Municipality, StaffMembership
from balie.tenants.selectors import get_membership, get_municipality

DeskView = Callable[..., HttpResponse]
MAX_COOL_OFF = timedelta(days=1)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that ``login_required`` or ``desk_view`` let through."""
    user = request.user
    if isinstance(user, AnonymousUser):
        raise PermissionDenied  # the decorators let nobody anonymous this far
    return user


def is_otp_verified(request: HttpRequest) -> bool:
    """Whether django-otp's middleware saw a second factor in this session."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def get_login_cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long a lockout lasts: LOGIN_COOL_OFF_MINUTES, doubled for every further
    LOGIN_FAILURE_LIMIT failures, at most a day (django-axes calls this).

    Axes counts failures per account and per address; a guesser who keeps trying while
    locked out only lengthens the wait.
    """
    limit = max(settings.LOGIN_FAILURE_LIMIT, 1)
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        failures = _recorded_failures(request)
    steps = max(failures // limit - 1, 0)
    cool_off: timedelta = timedelta(minutes=settings.LOGIN_COOL_OFF_MINUTES) * (
        2 ** min(steps, 10)
    )
    return min(cool_off, MAX_COOL_OFF)


def _recorded_failures(request: HttpRequest | None) -> int:
    """The most failures recorded for this request's address or account."""
    from axes.models import AccessAttempt

    if request is None:
        return 0
    address = getattr(request, "axes_ip_address", None)
    username = request.POST.get("username") if request.method == "POST" else None
    conditions = [Q(ip_address=address)] if address else []
    conditions += [Q(username=username)] if username else []
    if not conditions:
        return 0
    query = conditions[0]
    for condition in conditions[1:]:
        query |= condition
    found = AccessAttempt.objects.filter(query).aggregate(most=Max("failures_since_start"))
    return int(found["most"] or 0)


@dataclass(frozen=True)
class Desk:
    municipality: Municipality
    membership: StaffMembership

    @property
    def is_admin(self) -> bool:
        return is_municipal_admin(membership=self.membership)


def acm_login_meets_assurance(
    *, request: HttpRequest, municipality: Municipality | None = None
) -> bool:
    """Whether an ACM/IDM login counts as the second factor.

    A civil-servant login counts only at or above the municipality's minimum assurance level
    (default substantial). Outside one municipality (the admin site) it must reach the level
    of every municipality the user works for.
    """
    if municipality is not None:
        return acm_login_replaces_second_factor(request=request, municipality=municipality)
    if not is_civil_servant_login(request=request):
        return False
    with scopes_disabled():
        municipalities = [
            membership.municipality
            for membership in StaffMembership.objects.filter(
                user_id=int(request.user.pk or 0)
            ).select_related("municipality")
        ]
    return bool(municipalities) and all(
        acm_login_replaces_second_factor(request=request, municipality=m) for m in municipalities
    )


def has_second_factor(*, request: HttpRequest, municipality: Municipality | None = None) -> bool:
    """A verified Balie code this session, or an ACM/IDM login strong enough to count."""
    if getattr(request.user, "is_verified", lambda: False)():
        return True
    return acm_login_meets_assurance(request=request, municipality=municipality)


def second_factor_redirect(
    request: HttpRequest, municipality: Municipality | None = None
) -> HttpResponse | None:
    """Send a user without a verified second factor to set one up or to enter a code."""
    if has_second_factor(request=request, municipality=municipality):
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
