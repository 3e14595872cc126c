# SPDX-License-Identifier: EUPL-1.2
"""Reads for the desk: memberships, the day at a counter, queues, display and statistics.

Every function takes the municipality and enters its scope itself, so callers cannot read
another municipality's rows by forgetting to.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from balie.booking.availability import Audience, Interval, list_available_starts
from balie.booking.models import Leg, Reservation, ReservationStatus, VisitItem
from balie.booking.selectors import (
    build_schedule,
    get_appointment,
    get_visit_products,
    list_leg_waits,
    visit_from_pairs,
    visit_items_prefetch,
)
from balie.catalog.models import Counter, CounterService, Location, Product
from balie.desk.models import (
    ACTIVE_STATUSES,
    Arrival,
    DeskSettings,
    EntryStatus,
    QueueEntry,
    ServableCounter,
    Shift,
)
from balie.tenants.models import Municipality, Role, StaffMembership

# Same alphabet as booking references; scanners and people add or drop the dashes.
_REFERENCE = re.compile(r"BAL-?([2-9A-HJ-NP-Z]{4})-?([2-9A-HJ-NP-Z]{2})")
RECENT_SERVICE_SAMPLE = 50
FALLBACK_SERVICE_MINUTES = 10


# --- who and where ------------------------------------------------------------------------


def is_municipal_admin(*, membership: StaffMembership | None) -> bool:
    return membership is not None and membership.role == Role.ADMIN


def get_desk_settings(*, municipality: Municipality) -> DeskSettings:
    """The municipality's desk settings, or unsaved defaults when none were stored."""
    with scope(municipality=municipality.pk):
        found = DeskSettings.objects.filter(municipality=municipality).first()
    return found or DeskSettings(municipality=municipality)


def local_today(*, municipality: Municipality, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(ZoneInfo(municipality.timezone)).date()


def day_bounds(*, municipality: Municipality, day: date) -> tuple[datetime, datetime]:
    tz = ZoneInfo(municipality.timezone)
    start = datetime.combine(day, time.min, tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tz)


def get_open_shift(*, municipality: Municipality, user: AbstractBaseUser) -> Shift | None:
    with scope(municipality=municipality.pk):
        return (
            Shift.objects.select_related("counter__location")
            .filter(user_id=user.pk, ended_at__isnull=True)
            .first()
        )


@dataclass(frozen=True)
class CounterChoice:
    counter: Counter
    taken_by: str


def list_counter_choices(*, municipality: Municipality) -> list[CounterChoice]:
    with scope(municipality=municipality.pk):
        holders = {
            shift.counter_id: shift.user.get_full_name() or shift.user.get_username()
            for shift in Shift.objects.filter(ended_at__isnull=True).select_related("user")
        }
        counters = Counter.objects.filter(active=True).select_related("location")
        return [CounterChoice(c, holders.get(c.pk, "")) for c in counters]


def get_counter(*, municipality: Municipality, counter_id: int) -> Counter | None:
    with scope(municipality=municipality.pk):
        return (
            Counter.objects.select_related("location").filter(pk=counter_id, active=True).first()
        )


def get_location(*, municipality: Municipality, slug: str) -> Location | None:
    with scope(municipality=municipality.pk):
        return Location.objects.filter(slug=slug).first()


def list_served_product_ids(*, counter: Counter) -> list[int]:
    with scope(municipality=counter.municipality_id):
        return list(
            CounterService.objects.filter(counter=counter).values_list("product_id", flat=True)
        )


def list_servable_counter_ids(
    *, municipality: Municipality, user_id: int | None
) -> set[int] | None:
    """The counters ``user_id`` may serve here; None when not restricted (every counter)."""
    if user_id is None:
        return None
    with scope(municipality=municipality.pk):
        ids = set(
            ServableCounter.objects.filter(membership__user_id=user_id).values_list(
                "counter_id", flat=True
            )
        )
    return ids or None


def list_counter_ids_per_member(*, municipality: Municipality) -> dict[int, set[int]]:
    """Per staff membership, the counters it is restricted to (absent: every counter)."""
    rows: dict[int, set[int]] = defaultdict(set)
    with scope(municipality=municipality.pk):
        for membership_id, counter_id in ServableCounter.objects.values_list(
            "membership_id", "counter_id"
        ):
            rows[membership_id].add(counter_id)
    return dict(rows)


# --- today at my counter ------------------------------------------------------------------


@dataclass
class AgendaRow:
    leg: Leg
    reservation: Reservation
    status: str
    status_label: str
    products: list[tuple[str, int]]
    what_to_bring: list[str]
    # None for a first leg; otherwise whether every earlier leg of the visit is done.
    earlier_done: bool | None
    code: str
    entry: QueueEntry | None
    leg_count: int


def _product_titles(items: list[VisitItem]) -> list[tuple[str, int]]:
    return [(item.product.display_title, item.quantity) for item in items]


def _what_to_bring(items: list[VisitItem]) -> list[str]:
    return [text for item in items if (text := item.product.display_what_to_bring)]


def list_counter_agenda(
    *, municipality: Municipality, counter: Counter, day: date
) -> list[AgendaRow]:
    """The legs due at ``counter`` on ``day`` in time order, with their desk status."""
    start, end = day_bounds(municipality=municipality, day=day)
    with scope(municipality=municipality.pk):
        legs = list(
            Leg.objects.filter(
                counter=counter,
                start__gte=start,
                start__lt=end,
                reservation__status=ReservationStatus.CONFIRMED,
            )
            .select_related("reservation")
            .prefetch_related(visit_items_prefetch())
            .order_by("start")
        )
        reservation_ids = [leg.reservation_id for leg in legs]
        siblings: dict[int, list[Leg]] = defaultdict(list)
        for sibling in Leg.objects.filter(reservation_id__in=reservation_ids).order_by("position"):
            siblings[sibling.reservation_id].append(sibling)
        entries = {
            entry.leg_id: entry
            for entry in QueueEntry.objects.filter(
                leg__reservation_id__in=reservation_ids
            ).select_related("arrival")
        }
        arrivals = {
            arrival.reservation_id: arrival
            for arrival in Arrival.objects.filter(reservation_id__in=reservation_ids)
        }
    rows = []
    labels = dict(EntryStatus.choices)
    for leg in legs:
        entry = entries.get(leg.pk)
        status = entry.status if entry else "expected"
        earlier = [s for s in siblings[leg.reservation_id] if s.position < leg.position]
        earlier_done = (
            None
            if not earlier
            else all(
                (e := entries.get(s.pk)) is not None and e.status == EntryStatus.DONE
                for s in earlier
            )
        )
        arrival = arrivals.get(leg.reservation_id)
        rows.append(
            AgendaRow(
                leg=leg,
                reservation=leg.reservation,
                status=status,
                status_label=str(labels.get(status, _expected_label())),
                products=_product_titles(get_visit_products(of=leg)),
                what_to_bring=_what_to_bring(get_visit_products(of=leg)),
                earlier_done=earlier_done,
                code=arrival.code if arrival and arrival.checked_in_at else "",
                entry=entry,
                leg_count=len(siblings[leg.reservation_id]),
            )
        )
    return rows


def _expected_label() -> str:
    from django.utils.translation import gettext

    return gettext("Expected")


# --- queues -------------------------------------------------------------------------------


def waiting_entries_for_counter(
    *,
    municipality: Municipality,
    counter: Counter,
    product_ids: list[int],
    now: datetime,
    desk_settings: DeskSettings,
) -> QuerySet[QueueEntry]:
    """Entries ``counter`` may call, in the fair order; call inside the municipality's scope.

    Priority visitors first; then appointments that are on time and due; then walk-ins and
    late arrivals in the order they joined; appointments not yet due come last, so an idle
    counter may still take an early visitor. Ties go to the earlier row.
    """
    due_before = now + timedelta(minutes=desk_settings.early_call_minutes)
    in_line = 1 if not desk_settings.appointments_first else 2
    return (
        QueueEntry.objects.filter(location_id=counter.location_id, status=EntryStatus.WAITING)
        .filter(Q(counter=counter) | Q(counter__isnull=True, product_id__in=product_ids))
        .annotate(
            bucket=Case(
                When(priority=True, then=Value(0)),
                When(on_time=True, ordered_at__lte=due_before, then=Value(1)),
                When(on_time=False, then=Value(in_line)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("bucket", "ordered_at", "pk")
    )


@dataclass
class QueueRow:
    entry: QueueEntry
    code: str
    label: str
    products: list[tuple[str, int]]


def list_counter_queue(
    *, municipality: Municipality, counter: Counter, now: datetime | None = None
) -> list[QueueRow]:
    """The visitors this counter may call, in the order "call next" takes them."""
    now = now or timezone.now()
    desk_settings = get_desk_settings(municipality=municipality)
    product_ids = list_served_product_ids(counter=counter)
    with scope(municipality=municipality.pk):
        entries = list(
            waiting_entries_for_counter(
                municipality=municipality,
                counter=counter,
                product_ids=product_ids,
                now=now,
                desk_settings=desk_settings,
            )
            .select_related("arrival", "leg", "product")
            .prefetch_related(visit_items_prefetch("leg__visit_items"))
        )
    return [
        QueueRow(
            entry=entry,
            code=entry.arrival.code,
            label=str(entry.arrival.get_kind_display()),
            products=(
                _product_titles(get_visit_products(of=entry.leg))
                if entry.leg
                else [(entry.product.display_title, 1)]
                if entry.product
                else []
            ),
        )
        for entry in entries
    ]


def get_current_entry(*, municipality: Municipality, counter: Counter) -> QueueEntry | None:
    """The visitor called to or served at ``counter`` right now."""
    with scope(municipality=municipality.pk):
        return (
            QueueEntry.objects.select_related(
                "arrival__reservation", "leg", "product", "arrival__product"
            )
            .filter(counter=counter, status__in=ACTIVE_STATUSES)
            .first()
        )


def describe_entry(*, municipality: Municipality, entry: QueueEntry) -> dict[str, object]:
    """What a clerk needs about the visitor in front of them."""
    with scope(municipality=municipality.pk):
        reservation = entry.arrival.reservation
        if entry.leg:
            products = _product_titles(get_visit_products(of=entry.leg))
            what_to_bring = _what_to_bring(get_visit_products(of=entry.leg))
        elif entry.product:
            products = [(entry.product.display_title, 1)]
            what_to_bring = [text] if (text := entry.product.display_what_to_bring) else []
        else:
            products, what_to_bring = [], []
        following = (
            list(
                QueueEntry.objects.filter(arrival=entry.arrival, position__gt=entry.position)
                .select_related("counter", "leg__counter")
                .order_by("position")
            )
            if reservation
            else []
        )
    return {
        "entry": entry,
        "code": entry.arrival.code,
        "name": (
            f"{reservation.given_name} {reservation.family_name}".strip() if reservation else ""
        ),
        "reference": reservation.reference if reservation else "",
        "products": products,
        "what_to_bring": what_to_bring,
        "next_counters": [e.leg.counter.name if e.leg else "" for e in following],
        "next_legs": _next_legs(entry, following),
        "following": following,
    }


def _next_legs(entry: QueueEntry, following: list[QueueEntry]) -> list[dict[str, object]]:
    """The counters after this one with their planned time and the wait before each."""
    legs = [e.leg for e in (entry, *following) if e.leg is not None]
    if len(legs) != len(following) + 1:
        return []
    waits = list_leg_waits(legs=legs)
    return [
        {"counter": leg.counter.name, "start": leg.start, "wait_minutes": wait}
        for leg, wait in zip(legs[1:], waits[1:], strict=True)
    ]


def find_reservation_by_reference(*, municipality: Municipality, text: str) -> Reservation | None:
    """The appointment whose reference appears in ``text`` (typed, or a scanned QR/URL)."""
    match = _REFERENCE.search(text.strip().upper())
    if match is None:
        return None
    return get_appointment(
        municipality=municipality, reference=f"BAL-{match.group(1)}-{match.group(2)}"
    )


def get_arrival(*, municipality: Municipality, arrival_id: int) -> Arrival | None:
    with scope(municipality=municipality.pk):
        return (
            Arrival.objects.select_related("location", "product", "reservation")
            .filter(pk=arrival_id)
            .first()
        )


# --- waiting time -------------------------------------------------------------------------


def estimate_wait_minutes(
    *, municipality: Municipality, location: Location, product: Product, now: datetime
) -> int:
    """Visitors ahead × recent service time ÷ counters open for the product, rounded up.

    Service times are the last completed services at those counters; before there are any,
    the configured duration stands in.
    """
    with scope(municipality=municipality.pk):
        services = list(
            CounterService.objects.filter(
                product=product, counter__location=location, counter__active=True
            )
        )
        counter_ids = [service.counter_id for service in services]
        open_counters = Shift.objects.filter(
            counter_id__in=counter_ids, ended_at__isnull=True
        ).count()
        ahead = QueueEntry.objects.filter(
            Q(counter_id__in=counter_ids) | Q(counter__isnull=True, product=product),
            location=location,
            status=EntryStatus.WAITING,
        ).count()
        recent = list(
            QueueEntry.objects.filter(
                counter_id__in=counter_ids,
                status=EntryStatus.DONE,
                called_at__isnull=False,
                finished_at__gte=now - timedelta(days=7),
            )
            .order_by("-finished_at")
            .values_list("called_at", "finished_at")[:RECENT_SERVICE_SAMPLE]
        )
    if recent:
        average = (
            sum((end - start).total_seconds() for start, end in recent if start and end)
            / len(recent)
            / 60
        )
    elif services:
        average = sum(service.duration_minutes for service in services) / len(services)
    else:
        average = FALLBACK_SERVICE_MINUTES
    return math.ceil(ahead * average / max(open_counters, 1))


# --- call display -------------------------------------------------------------------------


@dataclass(frozen=True)
class DisplayCall:
    code: str
    counter: str
    called_at: datetime
    serving: bool


def list_display_calls(
    *, municipality: Municipality, location: Location, now: datetime, limit: int
) -> list[DisplayCall]:
    """The latest calls at ``location`` today: short numbers and counters, nothing personal."""
    start, _end = day_bounds(
        municipality=municipality, day=local_today(municipality=municipality, now=now)
    )
    with scope(municipality=municipality.pk):
        entries = (
            QueueEntry.objects.filter(
                location=location, status__in=ACTIVE_STATUSES, called_at__gte=start
            )
            .select_related("arrival", "counter")
            .order_by("-called_at")[:limit]
        )
        return [
            DisplayCall(
                code=entry.arrival.code,
                counter=entry.counter.name if entry.counter else "",
                called_at=entry.called_at,
                serving=entry.status == EntryStatus.SERVING,
            )
            for entry in entries
            if entry.called_at is not None
        ]


# --- book for a citizen -------------------------------------------------------------------


def list_staff_starts(
    *,
    municipality: Municipality,
    location: Location,
    items: list[tuple[int, int]],
    day: date,
    now: datetime,
) -> list[datetime]:
    """Start times staff may book on ``day``, staff-only capacity included."""
    return list(
        list_available_starts(
            municipality=municipality,
            location=location,
            visit=visit_from_pairs(items),
            day=day,
            now=now,
            audience=Audience.STAFF,
        )
    )


def list_bookable_by_staff(*, municipality: Municipality) -> list[Product]:
    with scope(municipality=municipality.pk):
        return list(Product.objects.filter(services__counter__active=True).distinct())


def list_locations(*, municipality: Municipality) -> list[Location]:
    with scope(municipality=municipality.pk):
        return list(Location.objects.all())


def get_confirmation(*, municipality: Municipality, public_id: str) -> dict[str, object] | None:
    with scope(municipality=municipality.pk):
        reservation = (
            Reservation.objects.select_related("location")
            .filter(public_id=public_id, status=ReservationStatus.CONFIRMED)
            .first()
        )
        if reservation is None:
            return None
        legs = list(reservation.legs.select_related("counter").order_by("position"))
        items = get_visit_products(of=reservation)
    return {
        "reservation": reservation,
        "legs": [
            (leg, _product_titles([item for item in items if item.leg_id == leg.pk]), wait)
            for leg, wait in zip(legs, list_leg_waits(legs=legs), strict=True)
        ],
        "what_to_bring": _what_to_bring(items),
    }


# --- day overview -------------------------------------------------------------------------


@dataclass
class CounterStats:
    counter: Counter
    booked_today: int = 0
    free_today: int = 0
    booked_week: int = 0
    free_week: int = 0
    no_shows_today: int = 0
    served_today: int = 0
    waits: list[float] = field(default_factory=list)

    @property
    def average_wait(self) -> int | None:
        return round(sum(self.waits) / len(self.waits)) if self.waits else None

    @property
    def longest_wait(self) -> int | None:
        return round(max(self.waits)) if self.waits else None


def _minutes(intervals: list[Interval], start: datetime, end: datetime) -> int:
    """Minutes of the (non-overlapping) intervals inside [start, end)."""
    total = 0.0
    for interval in intervals:
        lo, hi = max(interval.start, start), min(interval.end, end)
        if hi > lo:
            total += (hi - lo).total_seconds() / 60
    return round(total)


def _free(open_: tuple[Interval, ...], busy: tuple[Interval, ...]) -> list[Interval]:
    free: list[Interval] = []
    for window in open_:
        cursor = window.start
        for taken in sorted(busy, key=lambda interval: interval.start):
            if taken.end <= cursor or taken.start >= window.end:
                continue
            if taken.start > cursor:
                free.append(Interval(cursor, taken.start))
            cursor = max(cursor, taken.end)
        if cursor < window.end:
            free.append(Interval(cursor, window.end))
    return free


def get_day_overview(
    *, municipality: Municipality, day: date, now: datetime
) -> list[tuple[Location, list[CounterStats]]]:
    """Per counter: booked and free minutes today and this week, no-shows and waits today."""
    week_start = day - timedelta(days=day.weekday())
    week_end = week_start + timedelta(days=6)
    day_start, day_end = day_bounds(municipality=municipality, day=day)
    range_start, _ = day_bounds(municipality=municipality, day=week_start)
    _, range_end = day_bounds(municipality=municipality, day=week_end)
    result = []
    for location in list_locations(municipality=municipality):
        with scope(municipality=municipality.pk):
            counters = list(Counter.objects.filter(location=location, active=True))
            product_ids = list(
                CounterService.objects.filter(counter__location=location)
                .values_list("product_id", flat=True)
                .distinct()
            )
            entries = list(
                QueueEntry.objects.filter(
                    location=location, due_at__gte=day_start, due_at__lt=day_end
                ).exclude(counter__isnull=True)
            )
        stats = {counter.pk: CounterStats(counter) for counter in counters}
        if product_ids:
            # Booked time counts confirmed visits only; "now" in the past keeps expired
            # holds out, and the schedule is read for the whole week at once.
            schedule = build_schedule(
                municipality=municipality,
                location=location,
                product_ids=product_ids,
                first_day=week_start,
                last_day=week_end,
                now=now,
            )
            for calendar in schedule.counters:
                row = stats.get(calendar.counter_id)
                if row is None:
                    continue
                busy = list(calendar.busy)
                free = _free(calendar.open, calendar.busy)
                row.booked_today = _minutes(busy, day_start, day_end)
                row.free_today = _minutes(free, day_start, day_end)
                row.booked_week = _minutes(busy, range_start, range_end)
                row.free_week = _minutes(free, range_start, range_end)
        for entry in entries:
            row = stats.get(entry.counter_id or 0)
            if row is None:
                continue
            if entry.status == EntryStatus.NO_SHOW:
                row.no_shows_today += 1
            if entry.status == EntryStatus.DONE:
                row.served_today += 1
            if entry.called_at and entry.queued_at:
                # Waiting starts when the visitor joined the queue, or at the booked time
                # for an appointment that checked in early.
                began = entry.queued_at
                if entry.kind == "appointment" and entry.on_time:
                    began = max(began, entry.due_at)
                row.waits.append(max((entry.called_at - began).total_seconds() / 60, 0))
        result.append((location, list(stats.values())))
    return result


def get_second_factor_wait(
    *, user: AbstractBaseUser, confirmed: bool, now: datetime | None = None
) -> int:
    """Seconds before the user's authenticator accepts another code (0: it does now).

    After a wrong code a device refuses every code, right or wrong, for a growing delay;
    telling the user "wrong code" then would send them looking for a clock problem.
    """
    now = now or timezone.now()
    wait = 0
    for device in TOTPDevice.objects.filter(user_id=user.pk, confirmed=confirmed):
        allowed, info = device.verify_is_allowed()
        locked_until = (info or {}).get("locked_until")
        if not allowed and locked_until is not None:
            wait = max(wait, math.ceil((locked_until - now).total_seconds()))
    return wait
