# SPDX-License-Identifier: EUPL-1.2
"""Embed mode for Mijn Burgerprofiel: no header or footer, framing by configured hosts only.

``?embed=1`` switches the mode on for the session (``?embed=0`` off) and may pass the
municipality branding that the embed SDK's ``context.getTenant()`` returns, as
``primary`` and ``accent`` colours. Embedded responses drop X-Frame-Options and send
``Content-Security-Policy: frame-ancestors 'self' <EMBED_FRAME_ANCESTORS>``; every other
response keeps Django's ``X-Frame-Options: DENY``. Only citizen pages (the portal, "My
appointments" and the landing page) can be embedded: elsewhere ``?embed`` is ignored.
"""

import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

SESSION_EMBED = "oidc_embed"
SESSION_EMBED_BRANDING = "oidc_embed_branding"
# A CSP host source: scheme, optional leading wildcard label, host, optional port.
_HOST_SOURCE = re.compile(
    r"^https://(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$|^http://localhost(:\d{1,5})?$"
)
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# URL namespaces (and root URL names) of the pages a citizen may see inside Mijn Burgerprofiel.
CITIZEN_NAMESPACES = frozenset({"portal", "oidc", "privacy"})
CITIZEN_URL_NAMES = frozenset({"landing"})


def _session(request: HttpRequest) -> Any:
    return getattr(request, "session", None)


def update_embed_mode(*, request: HttpRequest) -> None:
    """Read ``embed``, ``primary`` and ``accent`` from the query string into the session."""
    flag = request.GET.get("embed")
    session = _session(request)
    if flag is None:
        return
    embedded = flag == "1"
    request.balie_embed = embedded  # type: ignore[attr-defined]
    if session is None:
        return
    session[SESSION_EMBED] = embedded
    branding = {
        name: request.GET[name]
        for name in ("primary", "accent")
        if _HEX.match(request.GET.get(name, ""))
    }
    if embedded and branding:
        session[SESSION_EMBED_BRANDING] = branding
    elif not embedded:
        session.pop(SESSION_EMBED_BRANDING, None)


def is_embedded(*, request: HttpRequest) -> bool:
    if not getattr(request, "balie_embed_page", True):
        return False
    explicit = getattr(request, "balie_embed", None)
    if explicit is not None:
        return bool(explicit)
    session = _session(request)
    return bool(session.get(SESSION_EMBED)) if session is not None else False


def get_embed_branding(*, request: HttpRequest) -> dict[str, str]:
    """Colours Mijn Burgerprofiel passed in, to override the municipality's own."""
    session = _session(request)
    if session is None or not is_embedded(request=request):
        return {}
    return dict(session.get(SESSION_EMBED_BRANDING) or {})


def get_frame_ancestors() -> list[str]:
    """The configured hosts that are valid CSP host sources; others are dropped loudly."""
    hosts = []
    for host in settings.EMBED_FRAME_ANCESTORS:
        if _HOST_SOURCE.match(host.strip().lower()):
            hosts.append(host.strip().lower())
        else:
            logger.warning("EMBED_FRAME_ANCESTORS: ignoring %r, not an https host source", host)
    return hosts


def apply_embed_headers(*, response: HttpResponse) -> HttpResponse:
    # CSPMiddleware writes the whole policy later; only frame-ancestors changes here.
    response._csp_replace = {  # type: ignore[attr-defined]
        "frame-ancestors": ["'self'", *get_frame_ancestors()]
    }
    # X-Frame-Options cannot list hosts; CSP frame-ancestors takes its place here.
    response.xframe_options_exempt = True
    if "X-Frame-Options" in response:
        del response["X-Frame-Options"]
    return response


def embeddable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a page that may be shown inside Mijn Burgerprofiel."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.balie_embed_page = True  # type: ignore[attr-defined]
        update_embed_mode(request=request)
        response = view(request, *args, **kwargs)
        if is_embedded(request=request):
            apply_embed_headers(response=response)
        return response

    return wrapped


class EmbedModeMiddleware:
    """The decorator for every citizen page; list it after XFrameOptionsMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Until the URL is resolved to a citizen page, nothing is embeddable.
        request.balie_embed_page = False  # type: ignore[attr-defined]
        response = self.get_response(request)
        if is_embedded(request=request):
            apply_embed_headers(response=response)
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        match = request.resolver_match
        if match is None:
            return
        if match.namespace in CITIZEN_NAMESPACES or match.url_name in CITIZEN_URL_NAMES:
            request.balie_embed_page = True  # type: ignore[attr-defined]
            update_embed_mode(request=request)


def embed_context(request: HttpRequest) -> dict[str, Any]:
    """Template context processor: ``embed`` and ``embed_branding``."""
    return {
        "embed": is_embedded(request=request),
        "embed_branding": get_embed_branding(request=request),
    }
