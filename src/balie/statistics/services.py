# SPDX-License-Identifier: EUPL-1.2
"""Keeping the summary tables: recompute days from booking and desk rows, idempotently.

``refresh_statistics`` replaces every summary row of a municipality for a range of local
days in one transaction per chunk, so running it twice gives the same rows and a reader
never sees half a day. It reads ids, times, statuses and products only: nothing about a
person, so anonymised appointments give the same figures. ``snapshot_first_free`` records
how far away the first free appointment is today; it is the one figure that cannot be
recomputed later.
"""

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django_scopes import scope

from balie.booking.availability import Interval, find_first_free_starts
from balie.booking.models import Reservation, ReservationStatus
from balie.booking.selectors import build_schedule, map_visit_pairs
from balie.catalog.models import CounterService, Location, Product
from balie.desk.models import Arrival, ArrivalKind, EntryStatus, QueueEntry
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
from balie.tenants.models import Municipality, TenantModel

# Days are recomputed in chunks: one transaction and one schedule read per chunk, and
# memory stays flat when a year is backfilled.
CHUNK_DAYS = 31
SUMMARY_MODELS = (DailyVisits, DailyProduct, DailyCounterTime, DailyDesk)


def _day_bounds(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tz).astimezone(UTC)


def _chunks(first_day: date, last_day: date) -> Iterator[tuple[date, date]]:
    start = first_day
    while start <= last_day:
        end = min(start + timedelta(days=CHUNK_DAYS - 1), last_day)
        yield start, end
        start = end + timedelta(days=1)


def _lock_municipality(municipality: Municipality) -> None:
    """Serialise refreshes of one municipality without locking its row for the admin."""
    if connection.vendor != "postgresql":
        return  # SQLite takes the database write lock at BEGIN (IMMEDIATE).
    key = int.from_bytes(
        hashlib.sha256(f"statistics:{municipality.pk}".encode()).digest()[:8], "big", signed=True
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# --- reading booking and desk rows --------------------------------------------------------


def read_visit_products(
    reservations: "QuerySet[Reservation]",
) -> dict[int, list[tuple[int, int]]]:
    """(product id, quantity) per reservation id, read through booking's one selector."""
    return map_visit_pairs(reservations=reservations)


def _walk_in_channel(checked_in_by_id: int | None) -> str:
    """The kiosk draws tickets without a staff member; a clerk's ticket names the clerk."""
    return StatisticsChannel.KIOSK if checked_in_by_id is None else StatisticsChannel.DESK


@dataclass
class _Outcome:
    """What happened to one appointment at the desk."""

    attended: bool = False
    no_show: bool = False
    legs_done: int = 0


class _Arrival(NamedTuple):
    kind: str
    location_id: int
    day: date
    product_id: int | None
    checked_in_by_id: int | None
    reservation_id: int | None
    checked_in: bool
    done: int
    no_show_entries: int


def _read_arrivals(*, first_day: date, last_day: date) -> list[_Arrival]:
    """The days' arrivals with how many of their queue entries ended done or no-show."""
    return [
        _Arrival(*row)
        for row in Arrival.objects.filter(service_day__gte=first_day, service_day__lte=last_day)
        .annotate(
            checked_in=Case(
                When(checked_in_at__isnull=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
            done=Count("entries", filter=Q(entries__status=EntryStatus.DONE)),
            no_show_entries=Count("entries", filter=Q(entries__status=EntryStatus.NO_SHOW)),
        )
        .values_list(
            "kind",
            "location_id",
            "service_day",
            "product_id",
            "checked_in_by_id",
            "reservation_id",
            "checked_in",
            "done",
            "no_show_entries",
        )
    ]


def _seconds(duration: timedelta | None) -> int:
    return max(int(duration.total_seconds()), 0) if duration is not None else 0


def _duration(later: str, earlier: str) -> "ExpressionWrapper[Any]":
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def _read_desk_figures(*, first_day: date, last_day: date) -> QuerySet[Any, Any]:
    """Queue entries of the days summed in the database, per day, counter and stage.

    Waiting runs from joining the queue, or from the booked time for a visitor who came on
    time, until the call (never negative); service from serving (or the call) until done.
    Entries that never joined a queue (a later leg the visitor never reached, a no-show
    who never came in) are left out.
    """
    from_booked_time = Q(kind=ArrivalKind.APPOINTMENT, on_time=True, due_at__gt=F("queued_at"))
    wait = Case(
        When(called_at__isnull=True, then=Value(None)),
        When(from_booked_time & Q(called_at__lt=F("due_at")), then=Value(timedelta(0))),
        When(from_booked_time, then=_duration("called_at", "due_at")),
        When(called_at__lt=F("queued_at"), then=Value(timedelta(0))),
        default=_duration("called_at", "queued_at"),
        output_field=DurationField(),
    )
    finished = Q(status=EntryStatus.DONE, finished_at__isnull=False)
    service = Case(
        When(finished & Q(serving_at__isnull=False), then=_duration("finished_at", "serving_at")),
        When(finished & Q(called_at__isnull=False), then=_duration("finished_at", "called_at")),
        default=Value(None),
        output_field=DurationField(),
    )
    stage = Case(
        When(kind=ArrivalKind.WALK_IN, then=Value(DeskStage.WALK_IN.value)),
        When(position=0, then=Value(DeskStage.APPOINTMENT.value)),
        default=Value(DeskStage.HAND_OFF.value),
        output_field=CharField(),
    )
    return (
        QueueEntry.objects.filter(
            arrival__service_day__gte=first_day,
            arrival__service_day__lte=last_day,
            queued_at__isnull=False,
        )
        .annotate(day=F("arrival__service_day"), stage=stage, wait=wait, service=service)
        .values("day", "location_id", "counter_id", "stage")
        .annotate(
            queued=Count("pk"),
            served=Count("pk", filter=Q(status=EntryStatus.DONE)),
            no_shows=Count("pk", filter=Q(status=EntryStatus.NO_SHOW)),
            waits=Count("wait"),
            wait_total=Sum("wait"),
            wait_max=Max("wait"),
            services=Count("service"),
            service_total=Sum("service"),
        )
        .order_by()
    )


# --- the figures --------------------------------------------------------------------------


Key = tuple[object, ...]


@dataclass
class _Figures:
    visits: dict[Key, dict[str, int]] = field(default_factory=lambda: defaultdict(_counts))
    products: dict[Key, dict[str, int]] = field(default_factory=lambda: defaultdict(_counts))
    desk: dict[Key, dict[str, int]] = field(default_factory=lambda: defaultdict(_counts))
    counters: dict[Key, dict[str, int]] = field(default_factory=lambda: defaultdict(_counts))


def _counts() -> dict[str, int]:
    return defaultdict(int)


def _collect_appointments(
    figures: _Figures,
    *,
    municipality: Municipality,
    first_day: date,
    last_day: date,
    outcomes: dict[int, _Outcome],
) -> None:
    tz = ZoneInfo(municipality.timezone)
    reservations = Reservation.objects.filter(
        status__in=(ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED),
        start__gte=_day_bounds(first_day, tz),
        start__lt=_day_bounds(last_day + timedelta(days=1), tz),
    )
    products = read_visit_products(reservations)
    known_products = set(Product.objects.values_list("pk", flat=True))
    rows = reservations.annotate(
        leg_count=Count("legs"), day=TruncDate("start", tzinfo=tz)
    ).values_list("pk", "location_id", "channel", "status", "day", "leg_count")
    for pk, location_id, channel, status, day, leg_count in rows:
        cancelled = status == ReservationStatus.CANCELLED
        outcome = outcomes.get(pk, _Outcome())
        attended = not cancelled and outcome.attended
        no_show = not cancelled and outcome.no_show
        visit = figures.visits[(day, location_id, channel, VisitKind.APPOINTMENT)]
        visit["booked"] += 1
        visit["cancelled"] += cancelled
        visit["attended"] += attended
        visit["no_shows"] += no_show
        if leg_count > 1 and not cancelled:
            visit["multi_counter"] += 1
            visit["multi_counter_completed"] += outcome.legs_done >= leg_count
        for product_id, quantity in products.get(pk, ()):
            if product_id not in known_products:
                continue
            row = figures.products[(day, location_id, product_id)]
            row["booked"] += 1
            row["cancelled"] += cancelled
            row["attended"] += attended
            row["no_shows"] += no_show
            row["quantity"] += 0 if cancelled else quantity


def _collect_desk(figures: _Figures, *, first_day: date, last_day: date) -> dict[int, _Outcome]:
    """Walk-ins and desk waits into ``figures``; returns each appointment's outcome."""
    outcomes: dict[int, _Outcome] = {}
    for arrival in _read_arrivals(first_day=first_day, last_day=last_day):
        # Never arrived, or called and did not come before any counter served them.
        no_show = not arrival.checked_in or (not arrival.done and arrival.no_show_entries > 0)
        if arrival.kind == ArrivalKind.APPOINTMENT and arrival.reservation_id is not None:
            outcomes[arrival.reservation_id] = _Outcome(
                attended=not no_show, no_show=no_show, legs_done=arrival.done
            )
            continue
        channel = _walk_in_channel(arrival.checked_in_by_id)
        visit = figures.visits[(arrival.day, arrival.location_id, channel, VisitKind.WALK_IN)]
        visit["booked"] += 1
        visit["attended"] += not no_show
        visit["no_shows"] += no_show
        if arrival.product_id is not None:
            figures.products[(arrival.day, arrival.location_id, arrival.product_id)][
                "walk_ins"
            ] += 1
    for row in _read_desk_figures(first_day=first_day, last_day=last_day):
        figures.desk[(row["day"], row["location_id"], row["counter_id"], row["stage"])] = {
            "queued": row["queued"],
            "served": row["served"],
            "no_shows": row["no_shows"],
            "waits": row["waits"],
            "wait_seconds": _seconds(row["wait_total"]),
            "wait_max_seconds": _seconds(row["wait_max"]),
            "services": row["services"],
            "service_seconds": _seconds(row["service_total"]),
        }
    return outcomes


def _intersect(first: Iterable[Interval], second: Iterable[Interval]) -> list[Interval]:
    """Overlap of two sorted lists of disjoint intervals."""
    a, b = list(first), list(second)
    i = j = 0
    result: list[Interval] = []
    while i < len(a) and j < len(b):
        lo, hi = max(a[i].start, b[j].start), min(a[i].end, b[j].end)
        if hi > lo:
            result.append(Interval(lo, hi))
        if a[i].end < b[j].end:
            i += 1
        else:
            j += 1
    return result


def _minutes_by_day(intervals: Iterable[Interval], tz: ZoneInfo) -> dict[date, int]:
    """Minutes of disjoint intervals per local day, split at local midnight."""
    seconds: dict[date, float] = defaultdict(float)
    for interval in intervals:
        cursor = interval.start
        while cursor < interval.end:
            day = cursor.astimezone(tz).date()
            stop = min(interval.end, _day_bounds(day + timedelta(days=1), tz))
            seconds[day] += (stop - cursor).total_seconds()
            cursor = stop
    return {day: round(value / 60) for day, value in seconds.items()}


def _collect_counter_time(
    figures: _Figures,
    *,
    municipality: Municipality,
    first_day: date,
    last_day: date,
    now: datetime,
) -> None:
    tz = ZoneInfo(municipality.timezone)
    served: dict[int, list[int]] = defaultdict(list)
    for location_id, product_id in (
        CounterService.objects.values_list("counter__location_id", "product_id")
        .order_by()
        .distinct()
    ):
        served[location_id].append(product_id)
    for location in Location.objects.filter(pk__in=list(served)):
        schedule = build_schedule(
            municipality=municipality,
            location=location,
            product_ids=served[location.pk],
            first_day=first_day,
            last_day=last_day,
            now=now,
        )
        for calendar in schedule.counters:
            busy = sorted(calendar.busy, key=lambda interval: interval.start)
            measures = {
                "open_minutes": _minutes_by_day(calendar.open, tz),
                "staff_only_minutes": _minutes_by_day(calendar.staff_only, tz),
                "booked_minutes": _minutes_by_day(_intersect(busy, calendar.open), tz),
                "booked_staff_only_minutes": _minutes_by_day(
                    _intersect(busy, calendar.staff_only), tz
                ),
            }
            days = set().union(*measures.values())
            for day in days:
                if not first_day <= day <= last_day:
                    continue
                row = figures.counters[(day, location.pk, calendar.counter_id)]
                for name, per_day in measures.items():
                    row[name] = per_day.get(day, 0)


def _write(figures: _Figures, *, municipality: Municipality) -> int:
    def build(
        model: type[TenantModel], keys: tuple[str, ...], rows: dict[Key, dict[str, int]]
    ) -> list[TenantModel]:
        return [
            model(municipality=municipality, **dict(zip(keys, key, strict=True)), **values)
            for key, values in sorted(rows.items(), key=lambda item: str(item[0]))
            if any(values.values())
        ]

    batches = [
        build(DailyVisits, ("day", "location_id", "channel", "kind"), figures.visits),
        build(DailyProduct, ("day", "location_id", "product_id"), figures.products),
        build(DailyCounterTime, ("day", "location_id", "counter_id"), figures.counters),
        build(DailyDesk, ("day", "location_id", "counter_id", "stage"), figures.desk),
    ]
    written = 0
    for rows in batches:
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=5000)
            written += len(rows)
    return written


def refresh_statistics(
    *,
    municipality: Municipality,
    first_day: date,
    last_day: date,
    now: datetime | None = None,
) -> int:
    """Recompute the summary rows of ``first_day..last_day`` (local days); returns rows written.

    Idempotent: the days' rows are replaced, so a retried or repeated run changes nothing.
    The time to the first free appointment is a snapshot and is left alone.
    """
    now = now or timezone.now()
    written = 0
    for chunk_first, chunk_last in _chunks(first_day, last_day):
        with transaction.atomic(), scope(municipality=municipality.pk):
            _lock_municipality(municipality)
            figures = _Figures()
            outcomes = _collect_desk(figures, first_day=chunk_first, last_day=chunk_last)
            _collect_appointments(
                figures,
                municipality=municipality,
                first_day=chunk_first,
                last_day=chunk_last,
                outcomes=outcomes,
            )
            _collect_counter_time(
                figures,
                municipality=municipality,
                first_day=chunk_first,
                last_day=chunk_last,
                now=now,
            )
            for model in SUMMARY_MODELS:
                model.objects.filter(day__gte=chunk_first, day__lte=chunk_last).delete()
            written += _write(figures, municipality=municipality)
    return written


# --- time to the first free appointment ---------------------------------------------------


def snapshot_first_free(
    *, municipality: Municipality, now: datetime | None = None, force: bool = False
) -> int:
    """Record today's time to the first free appointment per location and online product.

    Taken once a day (the first run of the day), so the history compares like with like;
    ``force`` takes it again. Returns the rows written.
    """
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    with scope(municipality=municipality.pk):
        if not force and DailyFirstFree.objects.filter(day=today).exists():
            return 0
        offered: dict[int, list[int]] = defaultdict(list)
        for location_id, product_id in (
            CounterService.objects.filter(product__online_bookable=True, counter__active=True)
            .values_list("counter__location_id", "product_id")
            .order_by("counter__location_id", "product_id")
            .distinct()
        ):
            offered[location_id].append(product_id)
        rows: list[DailyFirstFree] = []
        for location in Location.objects.filter(pk__in=list(offered)):
            starts = find_first_free_starts(
                municipality=municipality,
                location=location,
                product_ids=offered[location.pk],
                now=now,
            )
            rows.extend(
                DailyFirstFree(
                    municipality=municipality,
                    day=today,
                    location=location,
                    product_id=product_id,
                    minutes=(
                        None if start is None else math.ceil((start - now).total_seconds() / 60)
                    ),
                    measured_at=now,
                )
                for product_id, start in starts.items()
            )
        with transaction.atomic():
            _lock_municipality(municipality)
            DailyFirstFree.objects.filter(day=today).delete()
            DailyFirstFree.objects.bulk_create(rows)
    return len(rows)


def refresh_recent_statistics(*, municipality: Municipality, now: datetime | None = None) -> int:
    """What the periodic task does: yesterday (final) and today, and today's snapshot."""
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    written = refresh_statistics(
        municipality=municipality, first_day=today - timedelta(days=1), last_day=today, now=now
    )
    return written + snapshot_first_free(municipality=municipality, now=now)
