# SPDX-License-Identifier: EUPL-1.2
"""Reads for the dashboard, the exports and the open data: summary tables only.

Every function takes the municipalities it may read explicitly (one for an admin, None for
the platform operator's Flanders totals), so a view cannot forget the tenant filter.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Min, QuerySet, Sum
from django_scopes import scopes_disabled

from balie.catalog.models import Counter, Location, Product
from balie.statistics.models import (
    DailyCounterTime,
    DailyDesk,
    DailyFirstFree,
    DailyProduct,
    DailyVisits,
    DeskStage,
    StatisticsChannel,
    VisitKind,
)
from balie.tenants.models import Municipality


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class Scope:
    """Which figures to read: municipalities (None = all of Flanders), one location or all."""

    municipality_ids: tuple[int, ...] | None
    period: Period
    location_id: int | None = None

    def filter(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = queryset.filter(day__gte=self.period.first_day, day__lte=self.period.last_day)
        if self.municipality_ids is not None:
            queryset = queryset.filter(municipality_id__in=self.municipality_ids)
        if self.location_id is not None:
            queryset = queryset.filter(location_id=self.location_id)
        return queryset


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Totals:
    booked: int = 0
    cancelled: int = 0
    attended: int = 0
    no_shows: int = 0
    walk_ins: int = 0
    multi_counter: int = 0
    multi_counter_completed: int = 0

    @property
    def kept(self) -> int:
        return self.booked - self.cancelled

    @property
    def cancellation_rate(self) -> float | None:
        return ratio(self.cancelled, self.booked)

    @property
    def no_show_rate(self) -> float | None:
        """Among appointments whose outcome the desk recorded (arrived or no-show)."""
        return ratio(self.no_shows, self.attended + self.no_shows)

    @property
    def multi_counter_completion(self) -> float | None:
        return ratio(self.multi_counter_completed, self.multi_counter)


@dataclass(frozen=True)
class DayRow:
    day: date
    appointments: int
    cancelled: int
    walk_ins: int


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    label: str
    appointments: int
    walk_ins: int

    @property
    def total(self) -> int:
        return self.appointments + self.walk_ins


@dataclass(frozen=True)
class ProductRow:
    product_id: int
    title: str
    booked: int
    cancelled: int
    attended: int
    no_shows: int
    quantity: int
    walk_ins: int

    @property
    def kept(self) -> int:
        return self.booked - self.cancelled

    @property
    def no_show_rate(self) -> float | None:
        return ratio(self.no_shows, self.attended + self.no_shows)


@dataclass(frozen=True)
class CounterRow:
    location: str
    counter: str
    open_minutes: int
    staff_only_minutes: int
    booked_minutes: int
    booked_staff_only_minutes: int

    @property
    def citizen_minutes(self) -> int:
        return self.open_minutes - self.staff_only_minutes

    @property
    def citizen_booked_minutes(self) -> int:
        return self.booked_minutes - self.booked_staff_only_minutes

    @property
    def utilisation(self) -> float | None:
        return ratio(self.citizen_booked_minutes, self.citizen_minutes)

    @property
    def staff_only_utilisation(self) -> float | None:
        return ratio(self.booked_staff_only_minutes, self.staff_only_minutes)


@dataclass(frozen=True)
class DeskRow:
    stage: str
    label: str
    queued: int
    served: int
    no_shows: int
    waits: int
    wait_seconds: int
    wait_max_seconds: int
    services: int
    service_seconds: int

    @property
    def average_wait_minutes(self) -> float | None:
        return None if not self.waits else self.wait_seconds / self.waits / 60

    @property
    def longest_wait_minutes(self) -> float | None:
        return None if not self.waits else self.wait_max_seconds / 60

    @property
    def average_service_minutes(self) -> float | None:
        return None if not self.services else self.service_seconds / self.services / 60


@dataclass(frozen=True)
class FirstFreeRow:
    product_id: int
    title: str
    latest_day: date
    # Days until the first free appointment at the best location; None: nothing free.
    latest_days: float | None
    history: tuple[tuple[date, float | None], ...]


@dataclass(frozen=True)
class MunicipalityRow:
    name: str
    slug: str
    totals: Totals


@dataclass
class Dashboard:
    scope: Scope
    totals: Totals
    by_day: list[DayRow]
    by_channel: list[ChannelRow]
    by_product: list[ProductRow]
    counters: list[CounterRow]
    desk: list[DeskRow]
    first_free: list[FirstFreeRow]
    by_municipality: list[MunicipalityRow] = field(default_factory=list)

    @property
    def utilisation(self) -> CounterRow:
        return CounterRow(
            location="",
            counter="",
            open_minutes=sum(row.open_minutes for row in self.counters),
            staff_only_minutes=sum(row.staff_only_minutes for row in self.counters),
            booked_minutes=sum(row.booked_minutes for row in self.counters),
            booked_staff_only_minutes=sum(row.booked_staff_only_minutes for row in self.counters),
        )

    @property
    def utilisation_by_location(self) -> list[CounterRow]:
        per_location: dict[str, list[CounterRow]] = defaultdict(list)
        for row in self.counters:
            per_location[row.location].append(row)
        return [
            CounterRow(
                location=location,
                counter="",
                open_minutes=sum(row.open_minutes for row in rows),
                staff_only_minutes=sum(row.staff_only_minutes for row in rows),
                booked_minutes=sum(row.booked_minutes for row in rows),
                booked_staff_only_minutes=sum(row.booked_staff_only_minutes for row in rows),
            )
            for location, rows in per_location.items()
        ]

    @property
    def hand_offs(self) -> DeskRow | None:
        return next((row for row in self.desk if row.stage == DeskStage.HAND_OFF), None)


_VISIT_SUMS = ("booked", "cancelled", "attended", "no_shows", "multi_counter",
               "multi_counter_completed")  # fmt: skip
_PRODUCT_SUMS = ("booked", "cancelled", "attended", "no_shows", "quantity", "walk_ins")
_COUNTER_SUMS = ("open_minutes", "staff_only_minutes", "booked_minutes",
                 "booked_staff_only_minutes")  # fmt: skip
_DESK_SUMS = ("queued", "served", "no_shows", "waits", "wait_seconds", "services",
              "service_seconds")  # fmt: skip


def _sums(names: Sequence[str]) -> dict[str, Sum]:
    return {name: Sum(name) for name in names}


def _totals(rows: list[dict[str, Any]]) -> Totals:
    totals = Totals()
    for row in rows:
        if row["kind"] == VisitKind.WALK_IN:
            totals.walk_ins += row["booked"] or 0
            continue
        for name in _VISIT_SUMS:
            setattr(totals, name, getattr(totals, name) + (row[name] or 0))
    return totals


@dataclass
class VisitFigures:
    totals: Totals
    by_day: list[DayRow]
    by_channel: list[ChannelRow]


def get_visit_figures(*, scope: Scope) -> VisitFigures:
    with scopes_disabled():
        visits = scope.filter(DailyVisits.objects.all())
        by_kind = list(visits.values("kind").annotate(**_sums(_VISIT_SUMS)).order_by("kind"))
        per_channel: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for row in visits.values("channel", "kind").annotate(booked=Sum("booked")):
            per_channel[row["channel"]][row["kind"]] += row["booked"] or 0
        per_day: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
        for row in visits.values("day", "kind").annotate(
            booked=Sum("booked"), cancelled=Sum("cancelled")
        ):
            if row["kind"] == VisitKind.WALK_IN:
                per_day[row["day"]][2] += row["booked"] or 0
            else:
                per_day[row["day"]][0] += row["booked"] or 0
                per_day[row["day"]][1] += row["cancelled"] or 0
    days = (scope.period.first_day + timedelta(days=n) for n in range(scope.period.days))
    return VisitFigures(
        totals=_totals(by_kind),
        by_day=[DayRow(day, *per_day.get(day, (0, 0, 0))) for day in days],
        by_channel=[
            ChannelRow(
                channel=value,
                label=str(label),
                appointments=per_channel[value][VisitKind.APPOINTMENT],
                walk_ins=per_channel[value][VisitKind.WALK_IN],
            )
            for value, label in StatisticsChannel.choices
        ],
    )


def _product_titles(product_ids: list[int]) -> dict[int, str]:
    """Titles only: a product's other texts are large and not needed here."""
    return {
        product.pk: product.display_title
        for product in Product.objects.only("pk", "title").filter(pk__in=product_ids)
    }


def list_product_figures(*, scope: Scope) -> list[ProductRow]:
    with scopes_disabled():
        products = list(
            scope.filter(DailyProduct.objects.all())
            .values("product_id")
            .annotate(**_sums(_PRODUCT_SUMS))
            .order_by("-booked", "product_id")
        )
        titles = _product_titles([row["product_id"] for row in products])
    return [
        ProductRow(
            product_id=row["product_id"],
            title=titles.get(row["product_id"], "?"),
            **{name: row[name] or 0 for name in _PRODUCT_SUMS},
        )
        for row in products
    ]


def list_counter_figures(*, scope: Scope) -> list[CounterRow]:
    with scopes_disabled():
        counter_rows = list(
            scope.filter(DailyCounterTime.objects.all())
            .values("counter_id")
            .annotate(**_sums(_COUNTER_SUMS))
        )
        counters = {
            counter.pk: counter
            for counter in Counter.objects.select_related("location")
            .only("pk", "name", "location__name")
            .filter(pk__in=[row["counter_id"] for row in counter_rows])
        }
    return sorted(
        (
            CounterRow(
                location=counters[row["counter_id"]].location.name,
                counter=counters[row["counter_id"]].name,
                **{name: row[name] or 0 for name in _COUNTER_SUMS},
            )
            for row in counter_rows
            if row["counter_id"] in counters
        ),
        key=lambda row: (row.location, row.counter),
    )


def list_desk_figures(*, scope: Scope) -> list[DeskRow]:
    with scopes_disabled():
        desk_rows = {
            row["stage"]: row
            for row in scope.filter(DailyDesk.objects.all())
            .values("stage")
            .annotate(**_sums(_DESK_SUMS), wait_max_seconds=Max("wait_max_seconds"))
        }
    labels = dict(DeskStage.choices)
    return [
        DeskRow(
            stage=stage,
            label=str(labels[stage]),
            **{name: desk_rows[stage][name] or 0 for name in _DESK_SUMS},
            wait_max_seconds=desk_rows[stage]["wait_max_seconds"] or 0,
        )
        for stage in DeskStage.values
        if stage in desk_rows
    ]


def list_first_free_figures(*, scope: Scope, history: int = 31) -> list[FirstFreeRow]:
    with scopes_disabled():
        return _first_free(scope=scope, history=history)


def get_dashboard(*, scope: Scope) -> Dashboard:
    """Every figure of the dashboard for ``scope``: a handful of grouped reads."""
    visits = get_visit_figures(scope=scope)
    return Dashboard(
        scope=scope,
        totals=visits.totals,
        by_day=visits.by_day,
        by_channel=visits.by_channel,
        by_product=list_product_figures(scope=scope),
        counters=list_counter_figures(scope=scope),
        desk=list_desk_figures(scope=scope),
        first_free=list_first_free_figures(scope=scope, history=scope.period.days),
        by_municipality=_by_municipality(scope=scope) if scope.municipality_ids is None else [],
    )


def _first_free(*, scope: Scope, history: int) -> list[FirstFreeRow]:
    """Per product, the best location's days to the first free appointment, day by day."""
    rows = (
        scope.filter(DailyFirstFree.objects.all())
        .values("product_id", "day")
        .annotate(minutes=Min("minutes"))
        .order_by("product_id", "day")
    )
    per_product: dict[int, list[tuple[date, float | None]]] = defaultdict(list)
    for row in rows:
        minutes = row["minutes"]
        per_product[row["product_id"]].append(
            (row["day"], None if minutes is None else round(minutes / 1440, 1))
        )
    titles = _product_titles(list(per_product))
    result = [
        FirstFreeRow(
            product_id=product_id,
            title=titles.get(product_id, "?"),
            latest_day=series[-1][0],
            latest_days=series[-1][1],
            history=tuple(series[-history:]),
        )
        for product_id, series in per_product.items()
    ]
    # The longest waits first: that is what a council asks about.
    result.sort(key=lambda row: (row.latest_days is not None, row.latest_days or 0), reverse=True)
    return result


def _by_municipality(*, scope: Scope) -> list[MunicipalityRow]:
    with scopes_disabled():
        return _group_by_municipality(scope=scope)


def _group_by_municipality(*, scope: Scope) -> list[MunicipalityRow]:
    rows = (
        scope.filter(DailyVisits.objects.all())
        .values("municipality_id", "kind")
        .annotate(**_sums(_VISIT_SUMS))
    )
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list[Any])
    for row in rows:
        grouped[row["municipality_id"]].append(row)
    municipalities = Municipality.objects.filter(pk__in=list(grouped)).order_by("name")
    return [MunicipalityRow(m.name, m.slug, _totals(grouped[m.pk])) for m in municipalities]


def list_statistics_locations(*, municipality: Municipality) -> list[Location]:
    with scopes_disabled():
        return list(Location.objects.filter(municipality=municipality).order_by("name"))


# --- exports ------------------------------------------------------------------------------

EXPORT_TABLES = {
    "visits": (DailyVisits, ("channel", "kind", *_VISIT_SUMS)),
    "products": (DailyProduct, ("product__slug", *_PRODUCT_SUMS)),
    "counters": (DailyCounterTime, ("counter__name", *_COUNTER_SUMS)),
    "desk": (DailyDesk, ("counter__name", "stage", *_DESK_SUMS, "wait_max_seconds")),
    "first-free": (DailyFirstFree, ("product__slug", "minutes", "measured_at")),
}


def iter_export_rows(*, scope: Scope, table: str) -> Iterator[tuple[Any, ...]]:
    """The header, then one row per summary row of ``table`` in ``scope``, by day."""
    model, fields = EXPORT_TABLES[table]
    columns = ("day", "municipality__nis_code", "location__slug", *fields)
    yield tuple(column.replace("__", "_") for column in columns)
    with scopes_disabled():
        queryset = scope.filter(model.objects.all()).order_by("day", "municipality_id", "pk")
        yield from queryset.values_list(*columns).iterator(chunk_size=5000)


# --- open data ----------------------------------------------------------------------------


def open_data_min_count() -> int:
    return int(settings.BALIE_OPEN_DATA_MIN_COUNT)


def suppress_count(value: int, *, minimum: int) -> int | None:
    """A count from 1 to ``minimum - 1`` is left out: it could point at a person."""
    return value if value == 0 or value >= minimum else None


def suppress_rate(numerator: int, denominator: int, *, minimum: int) -> float | None:
    """A rate is shown only where neither of its counts would be suppressed."""
    if denominator < minimum or suppress_count(numerator, minimum=minimum) is None:
        return None
    return round(numerator / denominator, 3)


@dataclass(frozen=True)
class OpenDataRow:
    day: date
    nis_code: str
    municipality_slug: str
    location_slug: str
    location_name: str
    product_slug: str
    product_title: str
    ipdc_product_number: str
    appointments: int | None
    cancellations: int | None
    walk_ins: int | None
    no_show_rate: float | None
    first_free_minutes: int | None


OPEN_DATA_COLUMNS = (
    "date",
    "nis_code",
    "municipality",
    "location",
    "location_name",
    "product",
    "product_title",
    "ipdc_product_number",
    "appointments",
    "cancellations",
    "walk_ins",
    "no_show_rate",
    "first_free_minutes",
)


def iter_open_data(
    *, municipality: Municipality, period: Period, location_slug: str | None = None
) -> Iterator[OpenDataRow]:
    """Daily aggregates per location and product, small counts suppressed.

    Only finished days are published (the caller bounds ``period``), and no totals next to
    them, so a suppressed cell cannot be worked out by subtraction.
    """
    minimum = open_data_min_count()
    with scopes_disabled():
        locations = {
            location.pk: location
            for location in Location.objects.filter(municipality=municipality)
        }
        products = {
            product.pk: product for product in Product.objects.filter(municipality=municipality)
        }
        wanted = [pk for pk, loc in locations.items() if location_slug in (None, loc.slug)]
        first_free = {
            (row[0], row[1], row[2]): row[3]
            for row in DailyFirstFree.objects.filter(
                municipality=municipality,
                location_id__in=wanted,
                day__gte=period.first_day,
                day__lte=period.last_day,
            ).values_list("day", "location_id", "product_id", "minutes")
        }
        counts = (
            DailyProduct.objects.filter(
                municipality=municipality,
                location_id__in=wanted,
                day__gte=period.first_day,
                day__lte=period.last_day,
            )
            .order_by("day", "location_id", "product_id")
            .values_list(
                "day",
                "location_id",
                "product_id",
                "booked",
                "cancelled",
                "attended",
                "no_shows",
                "walk_ins",
            )  # fmt: skip
        )
        seen: set[tuple[date, int, int]] = set()
        rows: list[tuple[date, int, int, int | None, int | None, int | None, float | None]] = []
        for (
            day,
            location_id,
            product_id,
            booked,
            cancelled,
            attended,
            no_shows,
            walk_ins,
        ) in counts.iterator(chunk_size=5000):
            seen.add((day, location_id, product_id))
            rows.append(
                (
                    day,
                    location_id,
                    product_id,
                    suppress_count(booked - cancelled, minimum=minimum),
                    suppress_count(cancelled, minimum=minimum),
                    suppress_count(walk_ins, minimum=minimum),
                    suppress_rate(no_shows, attended + no_shows, minimum=minimum),
                )
            )
        # Days with a first-free measurement but no visit still say how long one waits.
        rows.extend(
            (day, location_id, product_id, 0, 0, 0, None)
            for day, location_id, product_id in first_free
            if (day, location_id, product_id) not in seen
        )
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    for day, location_id, product_id, kept, shown_cancelled, shown_walk_ins, no_show_rate in rows:
        location, product = locations[location_id], products[product_id]
        yield OpenDataRow(
            day=day,
            nis_code=municipality.nis_code,
            municipality_slug=municipality.slug,
            location_slug=location.slug,
            location_name=location.name,
            product_slug=product.slug,
            product_title=product.title.get("nl", "") or product.display_title,
            ipdc_product_number=product.ipdc_product_number,
            appointments=kept,
            cancellations=shown_cancelled,
            walk_ins=shown_walk_ins,
            no_show_rate=no_show_rate,
            first_free_minutes=first_free.get((day, location_id, product_id)),
        )


def get_open_data_span(*, municipality: Municipality) -> Period | None:
    """The first and last day with figures (counts or first-free measurements)."""
    with scopes_disabled():
        spans = [
            model.objects.filter(municipality=municipality).aggregate(
                first=Min("day"), last=Max("day")
            )
            for model in (DailyProduct, DailyFirstFree)
        ]
    firsts = [span["first"] for span in spans if span["first"] is not None]
    lasts = [span["last"] for span in spans if span["last"] is not None]
    if not firsts:
        return None
    return Period(min(firsts), max(lasts))
