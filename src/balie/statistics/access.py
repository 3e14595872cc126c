# SPDX-License-Identifier: EUPL-1.2
"""Who may see a municipality's statistics: its admins, and the platform operator.

Counter staff of the municipality get 403; anyone else 404, as on the desk, so nothing
tells whether a municipality exists. Admins and the operator pass the desk's second-factor
check first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from balie.desk.access import second_factor_redirect
from balie.tenants.models import Municipality, Role
from balie.tenants.selectors import get_membership, get_municipality, is_platform_operator

StatisticsView = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class Viewer:
    # None on the operator's Flanders page.
    municipality: Municipality | None
    operator: bool

    @property
    def municipality_ids(self) -> tuple[int, ...] | None:
        return None if self.municipality is None else (self.municipality.pk,)


def _checked(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def statistics_view(view: StatisticsView) -> StatisticsView:
    @wraps(view)
    def wrapped(
        request: HttpRequest, municipality_slug: str, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if (response := _checked(request)) is not None:
            return response
        municipality = get_municipality(slug=municipality_slug)
        if municipality is None:
            raise Http404
        operator = is_platform_operator(user=request.user)
        if not operator:
            membership = get_membership(user=request.user, municipality=municipality)
            if membership is None:
                raise Http404
            if membership.role != Role.ADMIN:
                raise PermissionDenied
        if (response := second_factor_redirect(request)) is not None:
            return response
        return view(request, Viewer(municipality=municipality, operator=operator), *args, **kwargs)

    return wrapped


def operator_view(view: StatisticsView) -> StatisticsView:
    """Flanders as a whole: the platform operator only."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if (response := _checked(request)) is not None:
            return response
        if not is_platform_operator(user=request.user):
            raise Http404
        if (response := second_factor_redirect(request)) is not None:
            return response
        return view(request, Viewer(municipality=None, operator=True), *args, **kwargs)

    return wrapped
