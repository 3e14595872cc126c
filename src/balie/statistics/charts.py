# SPDX-License-Identifier: EUPL-1.2
"""Charts drawn on the server as SVG: readable without JavaScript, printable, accessible.

Each chart carries a title and a description (read out by screen readers through
``aria-labelledby``) and the very rows it draws, which the page shows as a table beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from balie.statistics.selectors import (
    ChannelRow,
    CounterRow,
    DayRow,
    DeskRow,
    FirstFreeRow,
    ProductRow,
)

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 210
VALUE_WIDTH = 70
LINE_HEIGHT = 220
MARGIN = 30
INK = "#1a1a1a"
BAR = "#0b3d6e"
GRID = "#767676"


class ChartKind(StrEnum):
    BARS = "bars"
    LINE = "line"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    unit: str
    rows: Sequence[tuple[str, float | None]]
    kind: ChartKind = ChartKind.BARS
    decimals: int = 0

    @property
    def description(self) -> str:
        values = [(label, value) for label, value in self.rows if value is not None]
        if not values:
            return _("No figures for this period.")
        label, value = max(values, key=lambda row: row[1])
        return _(
            "%(count)s values in %(unit)s; the highest is %(label)s with %(value)s. "
            "The table next to the chart lists every value."
        ) % {
            "count": len(self.rows),
            "unit": self.unit,
            "label": label,
            "value": self.format(value),
        }

    def format(self, value: float | None) -> str:
        if value is None:
            return "–"
        return number_format(value, decimal_pos=self.decimals, use_l10n=True)


def _frame(chart: Chart, height: int, body: SafeString, *, standalone: bool) -> SafeString:
    namespace = mark_safe(' xmlns="http://www.w3.org/2000/svg"') if standalone else ""
    return format_html(
        '<svg{} class="chart" role="img" aria-labelledby="{}-title {}-desc" '
        'viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'font-family="system-ui, sans-serif" font-size="13">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        namespace,
        chart.slug,
        chart.slug,
        WIDTH,
        height,
        chart.slug,
        chart.title,
        chart.slug,
        chart.description,
        body,
    )


def _bars(chart: Chart) -> tuple[int, SafeString]:
    top = max((value or 0 for _label, value in chart.rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, (label, value) in enumerate(chart.rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = round(span * (value or 0) / top)
        rows.append(
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.7,
                INK,
                label[:32],
                LABEL_WIDTH,
                y,
                length,
                BAR_HEIGHT,
                BAR,
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT * 0.7,
                INK,
                chart.format(value),
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" fill="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" fill="{}">{}</text>',
        rows,
    )
    return max(len(chart.rows), 1) * (BAR_HEIGHT + BAR_GAP), body


def _line(chart: Chart) -> tuple[int, SafeString]:
    values = [value for _label, value in chart.rows]
    top = max((value or 0 for value in values), default=0) or 1
    count = len(values)
    plot_width = WIDTH - 2 * MARGIN
    plot_height = LINE_HEIGHT - 2 * MARGIN

    def x(index: int) -> float:
        return MARGIN + (plot_width * index / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return LINE_HEIGHT - MARGIN - plot_height * value / top

    # A missing value breaks the line instead of pretending it was zero.
    segments: list[list[str]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x(index):.1f},{y(value):.1f}")
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"></polyline>',
        ((" ".join(points), BAR) for points in segments if points),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"></circle>',
        (
            (f"{x(index):.1f}", f"{y(value):.1f}", BAR)
            for index, value in enumerate(values)
            if value is not None
        ),
    )
    first, last = (chart.rows[0][0], chart.rows[-1][0]) if chart.rows else ("", "")
    axes = format_html(
        '<line x1="{m}" y1="{b}" x2="{r}" y2="{b}" stroke="{g}"></line>'
        '<line x1="{m}" y1="{t}" x2="{m}" y2="{b}" stroke="{g}"></line>'
        '<text x="{m}" y="{lb}" fill="{ink}">{first}</text>'
        '<text x="{r}" y="{lb}" fill="{ink}" text-anchor="end">{last}</text>'
        '<text x="{m2}" y="{t2}" fill="{ink}">{top} {unit}</text>',
        m=MARGIN,
        r=WIDTH - MARGIN,
        t=MARGIN,
        b=LINE_HEIGHT - MARGIN,
        lb=LINE_HEIGHT - MARGIN + 18,
        m2=MARGIN + 4,
        t2=MARGIN - 8,
        g=GRID,
        ink=INK,
        first=first,
        last=last,
        top=chart.format(top),
        unit=chart.unit,
    )
    return LINE_HEIGHT, axes + lines + dots


def render_svg(chart: Chart, *, standalone: bool = False) -> SafeString:
    height, body = _line(chart) if chart.kind == ChartKind.LINE else _bars(chart)
    return _frame(chart, height, body, standalone=standalone)


# --- the dashboard's charts ---------------------------------------------------------------


def appointments_per_day_chart(rows: Sequence[DayRow]) -> Chart:
    return Chart(
        slug="chart-days",
        title=_("Appointments per day"),
        unit=_("appointments"),
        rows=[(f"{row.day:%d/%m}", row.appointments - row.cancelled) for row in rows],
        kind=ChartKind.LINE,
    )


def channel_chart(rows: Sequence[ChannelRow]) -> Chart:
    return Chart(
        slug="chart-channels",
        title=_("Visits by channel"),
        unit=_("visits"),
        rows=[(row.label, row.total) for row in rows],
    )


def product_chart(rows: Sequence[ProductRow], *, limit: int = 10) -> Chart:
    return Chart(
        slug="chart-products",
        title=_("Most asked-for products"),
        unit=_("appointments"),
        rows=[(row.title, row.kept) for row in rows[:limit]],
    )


def utilisation_chart(rows: Sequence[CounterRow]) -> Chart:
    return Chart(
        slug="chart-utilisation",
        title=_("Counter utilisation (time open to citizens)"),
        unit="%",
        rows=[
            (
                f"{row.location} – {row.counter}" if row.counter else row.location,
                None if row.utilisation is None else row.utilisation * 100,
            )
            for row in rows
        ],
    )


def waiting_chart(rows: Sequence[DeskRow]) -> Chart:
    return Chart(
        slug="chart-waiting",
        title=_("Average wait at the desk"),
        unit=_("minutes"),
        rows=[(row.label, row.average_wait_minutes) for row in rows],
        decimals=1,
    )


def first_free_chart(row: FirstFreeRow | None) -> Chart:
    return Chart(
        slug="chart-first-free",
        title=(
            _("Days to the first free appointment: %(product)s") % {"product": row.title}
            if row is not None
            else _("Days to the first free appointment")
        ),
        unit=_("days"),
        rows=[] if row is None else [(f"{day:%d/%m}", days) for day, days in row.history],
        kind=ChartKind.LINE,
        decimals=1,
    )
