# SPDX-License-Identifier: EUPL-1.2
"""Public open-data pages and files: DCAT-AP descriptions and the daily figures.

Anyone may read them (no login, CORS open); they carry suppressed aggregates only.
"""

from collections.abc import Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rdflib import Graph

from balie.statistics import dcat
from balie.statistics.selectors import (
    OPEN_DATA_COLUMNS,
    OpenDataRow,
    Period,
    get_open_data_span,
    iter_open_data,
    open_data_min_count,
)
from balie.statistics.views import csv_response
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_municipality, list_municipalities

GRAPH_FORMATS = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json")}
CACHE = "public, max-age=900"


class OpenDataRequestError(ValueError):
    """A query parameter of an open-data request that cannot be used; answered with 400."""


def base_url(request: HttpRequest) -> str:
    """The same base as the linked-data catalog, so IRIs stay stable behind a proxy."""
    configured = getattr(settings, "OSLO_BASE_URL", "")
    return (configured or f"{request.scheme}://{request.get_host()}").rstrip("/")


def _municipality(slug: str) -> Municipality:
    municipality = get_municipality(slug=slug)
    if municipality is None:
        raise Http404(_("Unknown municipality."))
    return municipality


def last_published_day(municipality: Municipality) -> date:
    """Only finished days are published: today's figures still change."""
    return timezone.now().astimezone(ZoneInfo(municipality.timezone)).date() - timedelta(days=1)


def published_span(municipality: Municipality) -> Period | None:
    span = get_open_data_span(municipality=municipality)
    last = last_published_day(municipality)
    if span is None or span.first_day > last:
        return None
    return Period(span.first_day, min(span.last_day, last))


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise OpenDataRequestError(
            _("“%(name)s” must be a date as YYYY-MM-DD.") % {"name": name}
        ) from None


def open_data_period(
    *, municipality: Municipality, first: str | None, last: str | None
) -> Period | None:
    """The requested days within what is published; None when nothing is in range."""
    first_day, last_day = _day(first, "from"), _day(last, "to")
    if first_day and last_day and last_day < first_day:
        raise OpenDataRequestError(_("“to” must not be before “from”."))
    span = published_span(municipality)
    if span is None:
        return None
    period = Period(
        max(first_day or span.first_day, span.first_day),
        min(last_day or span.last_day, span.last_day),
    )
    return period if period.first_day <= period.last_day else None


def _rows(request: HttpRequest, municipality: Municipality) -> Iterator[OpenDataRow]:
    period = open_data_period(
        municipality=municipality, first=request.GET.get("from"), last=request.GET.get("to")
    )
    if period is None:
        return iter(())
    return iter_open_data(
        municipality=municipality, period=period, location_slug=request.GET.get("location")
    )


def _bad_request(error: OpenDataRequestError) -> HttpResponse:
    return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")


def _public(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = CACHE
    return response


def _graph_response(graph: Graph, extension: str, filename: str) -> HttpResponseBase:
    if extension not in GRAPH_FORMATS:
        raise Http404
    fmt, media_type = GRAPH_FORMATS[extension]
    response = HttpResponse(
        graph.serialize(format=fmt), content_type=f"{media_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.{extension}"'
    return _public(response)


def _datasets() -> list[tuple[Municipality, Period | None]]:
    return [(municipality, published_span(municipality)) for municipality in list_municipalities()]


@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "statistics/open_data_catalog.html",
        {"datasets": _datasets(), "min_count": open_data_min_count()},
    )


@require_safe
def catalog_file(request: HttpRequest, extension: str) -> HttpResponseBase:
    graph = dcat.build_catalog_graph(
        base=base_url(request), datasets=_datasets(), min_count=open_data_min_count()
    )
    return _graph_response(graph, extension, "balie-open-data")


@require_safe
def dataset(request: HttpRequest, municipality_slug: str) -> HttpResponse:
    municipality = _municipality(municipality_slug)
    return render(
        request,
        "statistics/open_data_dataset.html",
        {
            "municipality": municipality,
            "span": published_span(municipality),
            "min_count": open_data_min_count(),
            "licence": str(dcat.LICENCE),
            "api_url": dcat.api_url(base="", municipality=municipality),
        },
    )


@require_safe
def dataset_file(request: HttpRequest, municipality_slug: str, extension: str) -> HttpResponseBase:
    municipality = _municipality(municipality_slug)
    graph = dcat.build_dataset_graph(
        base=base_url(request),
        municipality=municipality,
        span=published_span(municipality),
        min_count=open_data_min_count(),
    )
    return _graph_response(graph, extension, f"{municipality.slug}-open-data")


def open_data_csv_rows(rows: Iterator[OpenDataRow]) -> Iterator[tuple[object, ...]]:
    yield OPEN_DATA_COLUMNS
    for row in rows:
        yield (
            row.day,
            row.nis_code,
            row.municipality_slug,
            row.location_slug,
            row.location_name,
            row.product_slug,
            row.product_title,
            row.ipdc_product_number,
            row.appointments,
            row.cancellations,
            row.walk_ins,
            row.no_show_rate,
            row.first_free_minutes,
        )


@require_safe
def daily(request: HttpRequest, municipality_slug: str, extension: str) -> HttpResponseBase:
    municipality = _municipality(municipality_slug)
    if extension not in ("csv", "ttl"):
        raise Http404
    try:
        rows = _rows(request, municipality)
    except OpenDataRequestError as error:
        return _bad_request(error)
    filename = f"{municipality.slug}-daily.{extension}"
    if extension == "csv":
        response: HttpResponseBase = csv_response(open_data_csv_rows(rows), filename=filename)
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response = StreamingHttpResponse(
            dcat.iter_turtle(rows, base=base_url(request), municipality=municipality),
            content_type="text/turtle; charset=utf-8",
        )
    return _public(response)
