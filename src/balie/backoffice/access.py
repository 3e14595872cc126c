# SPDX-License-Identifier: EUPL-1.2
"""Who may open a back-office page, and the one municipality's scope every page runs in.

Operators pass TenantScopeMiddleware with scopes disabled; here they too enter the scope of
the municipality in the URL, so no query and no choice list can reach another municipality.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django_scopes import scope

from balie.desk.access import second_factor_redirect
from balie.tenants.models import Municipality
from balie.tenants.selectors import (
    get_administered_municipality_ids,
    get_municipality,
    is_platform_operator,
)

OfficeView = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class Office:
    municipality: Municipality
    is_operator: bool


def backoffice_view(view: OfficeView) -> OfficeView:
    @wraps(view)
    def wrapped(
        request: HttpRequest, municipality_slug: str, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        municipality = get_municipality(slug=municipality_slug)
        operator = is_platform_operator(user=request.user)
        # An admin of another municipality learns nothing, not even that this one exists.
        if municipality is None or not (
            operator or municipality.pk in get_administered_municipality_ids(user=request.user)
        ):
            raise Http404
        if (response := second_factor_redirect(request)) is not None:
            return response
        with scope(municipality=municipality.pk):
            return view(request, Office(municipality, operator), *args, **kwargs)

    return wrapped
