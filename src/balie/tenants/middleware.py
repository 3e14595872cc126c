# SPDX-License-Identifier: EUPL-1.2
"""Enter the tenant scope that belongs to the signed-in user for the whole request.

Platform operators see every municipality; a municipal admin sees only the ones they
administer; everyone else starts with an empty scope and views enter a municipality's
scope explicitly. Queries on tenant-owned models outside any scope raise ScopeError.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled

from balie.tenants.selectors import get_administered_municipality_ids, is_platform_operator


class TenantScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_platform_operator(user=request.user):
            with scopes_disabled():
                return self.get_response(request)
        with scope(municipality=get_administered_municipality_ids(user=request.user)):
            return self.get_response(request)
