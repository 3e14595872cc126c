# SPDX-License-Identifier: EUPL-1.2
"""Error pages (403, 404, 405, 500) in the municipality's colours, language and voice.

API paths keep their RFC 9457 problem details. The municipality is read from the first
path segment; a 500 page never depends on the database answering.
"""

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from balie.api import problems
from balie.portal.branding import build_branding
from balie.tenants.addressing import get_addressed_texts
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_municipality

logger = logging.getLogger(__name__)


def _municipality_of(request: HttpRequest) -> Municipality | None:
    slug = request.path.strip("/").split("/", 1)[0]
    if not slug:
        return None
    try:
        return get_municipality(slug=slug)
    except Exception:  # noqa: BLE001 - an error page must render even when the database fails
        logger.warning("error page without municipality: lookup of %r failed", slug)
        return None


def render_error_page(
    request: HttpRequest, *, status: int, title: str, text_key: str
) -> HttpResponse:
    municipality = _municipality_of(request)
    context: dict[str, Any] = {"title": title, "status": status}
    formal = True
    if municipality is not None:
        formal = municipality.formal_address
        context.update(
            municipality=municipality,
            branding=build_branding(
                name=municipality.name,
                logo_url=municipality.logo.url if municipality.logo else "",
                primary=municipality.primary_colour,
                accent=municipality.accent_colour,
            ),
            next_url=reverse("portal:products", args=[municipality.slug]),
            next_label=_("To the start page of %(municipality)s")
            % {"municipality": municipality.name},
        )
    else:
        context.update(next_url=reverse("landing"), next_label=_("To the start page"))
    texts = get_addressed_texts(formal=formal)
    context.update(texts=texts, message=texts[text_key])
    return render(request, "portal/problem.html", context, status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(problems.API_PATH_PREFIX):
        return problems.handle_page_not_found(request, exception)
    return render_error_page(
        request, status=404, title=_("Page not found"), text_key="not_found_text"
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render_error_page(request, status=403, title=_("No access"), text_key="forbidden_text")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token: a page left open for hours, cookies off."""
    return render_error_page(
        request, status=403, title=_("This form has expired"), text_key="csrf_failure_text"
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(problems.API_PATH_PREFIX):
        return problems.handle_server_error(request)
    try:
        return render_error_page(
            request,
            status=500,
            title=_("Sorry, something went wrong"),
            text_key="server_error_text",
        )
    except Exception:  # noqa: BLE001 - the last resort must not fail in turn
        logger.exception("the branded 500 page failed")
        return HttpResponse(
            _("Sorry, something went wrong."), status=500, content_type="text/plain"
        )


class NotAllowedPageMiddleware:
    """Django answers a wrong method (a bookmarked POST address) with an empty 405."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if (
            response.status_code == 405
            and not response.content
            and not request.path.startswith(problems.API_PATH_PREFIX)
        ):
            page = render_error_page(
                request,
                status=405,
                title=_("This page cannot be opened this way"),
                text_key="not_allowed_text",
            )
            page["Allow"] = response.get("Allow", "")
            return page
        return response
