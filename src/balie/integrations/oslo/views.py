# SPDX-License-Identifier: EUPL-1.2
"""Linked-data endpoints; they negotiate a format and adapt selectors and serializers."""

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from balie.booking.selectors import list_visit_pairs
from balie.integrations.oslo import selectors
from balie.integrations.oslo.linked_data import (
    read_context,
    read_official_context,
    to_ntriples,
    to_turtle,
)
from balie.integrations.oslo.serializers import (
    counter_anchor,
    serialize_appointment,
    serialize_catalog,
    serialize_ldes_page,
    serialize_location_document,
    serialize_product_document,
)
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_municipality

JSONLD = "jsonld"
TURTLE = "ttl"
NTRIPLES = "nt"
HTML = "html"
MEDIA_TYPES = {
    JSONLD: "application/ld+json",
    TURTLE: "text/turtle",
    NTRIPLES: "application/n-triples",
    HTML: "text/html",
}
ACCEPTED = {
    "application/ld+json": JSONLD,
    "application/json": JSONLD,
    "text/turtle": TURTLE,
    "application/n-triples": NTRIPLES,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
}
LDES_PAGE_SIZE = 50


def negotiate(request: HttpRequest, *, offered: Sequence[str], default: str) -> str | None:
    """The format to answer in: ``?format=`` first, then the Accept header by quality.

    None when the client accepts none of ``offered`` (answered with 406).
    """
    explicit = request.GET.get("format")
    if explicit:
        return explicit if explicit in offered else None
    header = request.headers.get("Accept", "").strip()
    if not header:
        return default
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        media_type, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        if media_type in ("*/*", "application/*", "text/*"):
            wildcard = default if media_type == "*/*" else None
            if media_type == "text/*":
                wildcard = HTML if HTML in offered else TURTLE
            elif media_type == "application/*":
                wildcard = JSONLD
            if wildcard is not None and wildcard in offered:
                choices.append((quality - 0.001, position, wildcard))
            continue
        fmt = ACCEPTED.get(media_type.lower())
        if fmt is not None and fmt in offered:
            choices.append((quality, position, fmt))
    if not choices:
        return None
    choices.sort(key=lambda choice: (-choice[0], choice[1]))
    return choices[0][2]


def base_url(request: HttpRequest) -> str:
    """Where Balie's own resources live; a configured base keeps IRIs stable behind proxies."""
    configured = getattr(settings, "OSLO_BASE_URL", "")
    return (configured or f"{request.scheme}://{request.get_host()}").rstrip("/")


def _municipality(slug: str) -> Municipality:
    municipality = get_municipality(slug=slug)
    if municipality is None:
        raise Http404(_("Unknown municipality."))
    return municipality


def _not_acceptable(offered: Sequence[str]) -> HttpResponse:
    types = ", ".join(MEDIA_TYPES[fmt] for fmt in offered)
    return HttpResponse(
        _("Ask for one of: %(types)s.") % {"types": types},
        status=406,
        content_type="text/plain; charset=utf-8",
    )


def linked_data_response(
    document: dict[str, Any],
    *,
    fmt: str,
    filename: str | None = None,
    cache: str = "public, max-age=300",
    public: bool = True,
) -> HttpResponse:
    if fmt == TURTLE:
        body = to_turtle(document)
    elif fmt == NTRIPLES:
        body = to_ntriples(document)
    else:
        body = json.dumps(document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type=f"{MEDIA_TYPES[fmt]}; charset=utf-8")
    response["Vary"] = "Accept"
    response["Cache-Control"] = cache
    if public:
        # Open data: any site or tool may read it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _negotiated(
    request: HttpRequest,
    *,
    document: Callable[[], dict[str, Any]],
    html: Callable[[], HttpResponse],
) -> HttpResponse:
    offered = (HTML, JSONLD, TURTLE, NTRIPLES)
    fmt = negotiate(request, offered=offered, default=HTML)
    if fmt is None:
        return _not_acceptable(offered)
    if fmt == HTML:
        response = html()
        response["Vary"] = "Accept"
        return response
    return linked_data_response(document(), fmt=fmt)


@require_safe
def catalog_view(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    catalog = selectors.get_catalog(municipality=municipality, today=timezone.localdate())
    base = base_url(request)
    return _negotiated(
        request,
        document=lambda: serialize_catalog(catalog=catalog, base=base),
        html=lambda: render(
            request,
            "oslo/catalog.html",
            {"municipality": municipality, "catalog": catalog, "base": base},
        ),
    )


@require_safe
def catalog_dump_view(
    request: HttpRequest, municipality_slug: str, extension: str
) -> HttpResponse:
    if extension not in (JSONLD, TURTLE, NTRIPLES):
        raise Http404
    municipality = _municipality(municipality_slug)
    catalog = selectors.get_catalog(municipality=municipality, today=timezone.localdate())
    return linked_data_response(
        serialize_catalog(catalog=catalog, base=base_url(request)),
        fmt=extension,
        filename=f"{municipality.slug}-catalog.{extension}",
    )


@require_safe
def product_view(request: HttpRequest, municipality_slug: str, product_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    product = selectors.get_product(municipality=municipality, slug=product_slug)
    if product is None:
        raise Http404(_("Unknown product."))
    catalog = selectors.get_catalog(
        municipality=municipality, today=timezone.localdate(), product_ids=[product.pk]
    )
    base = base_url(request)
    return _negotiated(
        request,
        document=lambda: serialize_product_document(product=product, catalog=catalog, base=base),
        html=lambda: render(
            request,
            "oslo/product.html",
            {
                "municipality": municipality,
                "product": product,
                "catalog": catalog,
                "instance_iri": catalog.instance_iri(product),
                "services": catalog.services_by_product.get(product.pk, []),
            },
        ),
    )


@require_safe
def location_view(
    request: HttpRequest, municipality_slug: str, location_slug: str
) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    location = selectors.get_location(municipality=municipality, slug=location_slug)
    if location is None:
        raise Http404(_("Unknown location."))
    catalog = selectors.get_catalog(
        municipality=municipality, today=timezone.localdate(), product_ids=[]
    )
    base = base_url(request)
    counters = [counter for counter in catalog.counters if counter.location_id == location.pk]
    return _negotiated(
        request,
        document=lambda: serialize_location_document(
            location=location, catalog=catalog, base=base
        ),
        html=lambda: render(
            request,
            "oslo/location.html",
            {
                "municipality": municipality,
                "location": location,
                "counters": [
                    (
                        counter,
                        counter_anchor(counter),
                        catalog.hours_by_counter.get(counter.pk, []),
                    )
                    for counter in counters
                ],
            },
        ),
    )


@require_safe
def ldes_products_view(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    """The product snapshot feed LPDC polls; full pages never change and cache for long."""
    municipality = _municipality(municipality_slug)
    try:
        page = int(request.GET.get("pageNumber", "0"))
    except ValueError:
        return HttpResponseBadRequest(_("pageNumber must be a whole number."))
    if page < 0:
        return HttpResponseBadRequest(_("pageNumber must be a whole number."))
    offered = (JSONLD, TURTLE, NTRIPLES)
    fmt = negotiate(request, offered=offered, default=JSONLD)
    if fmt is None:
        return _not_acceptable(offered)
    total = selectors.count_snapshots(municipality=municipality)
    last_page = max(0, (total - 1) // LDES_PAGE_SIZE)
    if page > last_page:
        raise Http404(_("No such page."))
    offset = page * LDES_PAGE_SIZE
    # One snapshot either side tells the boundary timestamps of the neighbouring pages.
    window = selectors.list_snapshots(
        municipality=municipality, offset=max(0, offset - 1), limit=LDES_PAGE_SIZE + 2
    )
    previous_last = window[0] if offset else None
    members = window[1:] if offset else window
    next_first = members[LDES_PAGE_SIZE] if len(members) > LDES_PAGE_SIZE else None
    members = members[:LDES_PAGE_SIZE]
    base = base_url(request)
    document = serialize_ldes_page(
        collection_url=f"{base}/{municipality.slug}/ldes/products/",
        base=base,
        page=page,
        snapshots=members,
        previous_last=previous_last,
        next_first=next_first,
    )
    full = len(members) == LDES_PAGE_SIZE and next_first is not None
    cache = "public, max-age=604800, immutable" if full else "public, max-age=60"
    return linked_data_response(document, fmt=fmt, cache=cache)


@require_safe
def context_view(request: HttpRequest, name: str, version: int) -> HttpResponse:
    document = read_context(name=name, version=version)
    if document is None:
        raise Http404(_("Unknown context."))
    # A published version never changes: a new mapping gets a new version number.
    return linked_data_response(document, fmt=JSONLD, cache="public, max-age=31536000, immutable")


@require_safe
def official_context_view(request: HttpRequest, name: str) -> HttpResponse:
    document = read_official_context(name)
    if document is None:
        raise Http404(_("Unknown context."))
    # Served unchanged; a newer official version is a new copy in official/contexts.
    return linked_data_response(document, fmt=JSONLD, cache="public, max-age=86400")


def _token(request: HttpRequest) -> str | None:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "token" else None


@require_safe
def appointment_view(request: HttpRequest, municipality_slug: str, reference: str) -> HttpResponse:
    """An appointment as linked data, for the citizen holding its manage token or for staff.

    Unknown and forbidden look the same (404), so references cannot be probed.
    """
    municipality = _municipality(municipality_slug)
    reservation = selectors.get_appointment_for_owner(
        municipality=municipality,
        reference=reference.upper(),
        token=_token(request),
        user=request.user,
    )
    if reservation is None:
        raise Http404(_("Unknown appointment."))
    offered = (JSONLD, TURTLE, NTRIPLES)
    fmt = negotiate(request, offered=offered, default=JSONLD)
    if fmt is None:
        return _not_acceptable(offered)
    product_ids = [
        product_id for product_id, _quantity in list_visit_pairs(reservation=reservation)
    ]
    catalog = selectors.get_catalog(
        municipality=municipality, today=timezone.localdate(), product_ids=product_ids
    )
    order = {product_id: position for position, product_id in enumerate(product_ids)}
    products = sorted(catalog.products, key=lambda product: order.get(product.pk, 0))
    base = base_url(request)
    document = serialize_appointment(
        reservation=reservation,
        legs=selectors.list_appointment_legs(reservation=reservation),
        products=products,
        catalog=catalog,
        base=base,
        url=f"{base}{request.path}",
    )
    return linked_data_response(document, fmt=fmt, cache="private, no-store", public=False)
