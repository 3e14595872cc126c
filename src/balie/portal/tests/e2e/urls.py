# SPDX-License-Identifier: EUPL-1.2
"""The project's routes plus three that fail on purpose, to look at the branded error pages."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from balie import urls as project_urls


def forbidden(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    raise PermissionDenied


@require_POST
def post_only(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    return HttpResponse()  # pragma: no cover - only ever opened with GET


def broken(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    raise RuntimeError("a page that fails, to show the branded 500 page")


urlpatterns = [
    path("<slug:municipality_slug>/test-forbidden/", forbidden),
    path("<slug:municipality_slug>/test-post-only/", post_only),
    path("<slug:municipality_slug>/test-broken/", broken),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
