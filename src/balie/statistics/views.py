# SPDX-License-Identifier: EUPL-1.2
"""The statistics dashboard, its CSV exports and charts; they adapt selectors to HTTP."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from balie.statistics import charts
from balie.statistics.access import Viewer, operator_view, statistics_view
from balie.statistics.forms import PeriodForm
from balie.statistics.selectors import (
    EXPORT_TABLES,
    FirstFreeRow,
    Scope,
    get_dashboard,
    get_visit_figures,
    iter_export_rows,
    list_counter_figures,
    list_desk_figures,
    list_first_free_figures,
    list_product_figures,
    list_statistics_locations,
)

FLANDERS_TIMEZONE = "Europe/Brussels"
EXPORT_LABELS = {
    "visits": _("Visits by channel, per day"),
    "products": _("Products, per day"),
    "counters": _("Counter time, per day"),
    "desk": _("Waiting and service at the desk, per day"),
    "first-free": _("Time to the first free appointment, per day"),
}


def _local_today(viewer: Viewer) -> date:
    name = viewer.municipality.timezone if viewer.municipality else FLANDERS_TIMEZONE
    return timezone.now().astimezone(ZoneInfo(name)).date()


def _filters(request: HttpRequest, viewer: Viewer) -> tuple[PeriodForm, Scope]:
    locations = (
        list_statistics_locations(municipality=viewer.municipality) if viewer.municipality else []
    )
    form = PeriodForm(request.GET or None, locations=locations, today=_local_today(viewer))
    scope = Scope(
        municipality_ids=viewer.municipality_ids,
        period=form.period(),
        location_id=form.location_id(),
    )
    return form, scope


def _chosen_first_free(rows: list[FirstFreeRow], product: str | None) -> FirstFreeRow | None:
    for row in rows:
        if str(row.product_id) == product:
            return row
    return rows[0] if rows else None


# The main page shows the longest lists only this far; the details page shows them whole.
MAIN_PAGE_ROWS = 10


def _render_dashboard(
    request: HttpRequest, viewer: Viewer, *, details: bool = False
) -> HttpResponse:
    form, scope = _filters(request, viewer)
    dashboard = get_dashboard(scope=scope)
    chosen = _chosen_first_free(dashboard.first_free, request.GET.get("product"))
    figure_charts = {
        "days": charts.appointments_per_day_chart(dashboard.by_day),
        "channels": charts.channel_chart(dashboard.by_channel),
        "products": charts.product_chart(dashboard.by_product, limit=MAIN_PAGE_ROWS),
        "utilisation": charts.utilisation_chart(
            dashboard.counters if details else dashboard.utilisation_by_location
        ),
        "waiting": charts.waiting_chart(dashboard.desk),
        "first_free": charts.first_free_chart(chosen),
    }
    return render(
        request,
        "statistics/dashboard.html",
        {
            "viewer": viewer,
            "municipality": viewer.municipality,
            "form": form,
            "dashboard": dashboard,
            "charts": {
                name: (chart, charts.render_svg(chart)) for name, chart in figure_charts.items()
            },
            "chosen_first_free": chosen,
            "details": details,
            "rows": ":" if details else f":{MAIN_PAGE_ROWS}",
            "query": request.GET.urlencode(),
            "export_tables": [(table, EXPORT_LABELS[table]) for table in EXPORT_TABLES],
        },
    )


@require_safe
@statistics_view
def dashboard(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return _render_dashboard(request, viewer)


@require_safe
@statistics_view
def details(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    """Every product, counter and first-free time in full."""
    return _render_dashboard(request, viewer, details=True)


@require_safe
@operator_view
def flanders(request: HttpRequest, viewer: Viewer) -> HttpResponse:
    return _render_dashboard(request, viewer)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Iterable[object]], *, filename: str) -> StreamingHttpResponse:
    """Stream rows as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@statistics_view
def export(request: HttpRequest, viewer: Viewer, table: str) -> HttpResponseBase:
    if table not in EXPORT_TABLES:
        raise Http404
    _form, scope = _filters(request, viewer)
    slug = viewer.municipality.slug if viewer.municipality else "flanders"
    period = scope.period
    return csv_response(
        iter_export_rows(scope=scope, table=table),
        filename=f"{slug}-{table}-{period.first_day}-{period.last_day}.csv",
    )


@require_safe
@statistics_view
def chart(request: HttpRequest, viewer: Viewer, name: str) -> HttpResponse:
    """One chart alone, as an SVG file (for reports and council documents)."""
    _form, scope = _filters(request, viewer)
    if name == "days":
        figure = charts.appointments_per_day_chart(get_visit_figures(scope=scope).by_day)
    elif name == "channels":
        figure = charts.channel_chart(get_visit_figures(scope=scope).by_channel)
    elif name == "products":
        figure = charts.product_chart(list_product_figures(scope=scope))
    elif name == "utilisation":
        figure = charts.utilisation_chart(list_counter_figures(scope=scope))
    elif name == "waiting":
        figure = charts.waiting_chart(list_desk_figures(scope=scope))
    elif name == "first-free":
        rows = list_first_free_figures(scope=scope, history=scope.period.days)
        figure = charts.first_free_chart(_chosen_first_free(rows, request.GET.get("product")))
    else:
        raise Http404
    return HttpResponse(
        charts.render_svg(figure, standalone=True), content_type="image/svg+xml; charset=utf-8"
    )
