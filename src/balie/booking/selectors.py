# SPDX-License-Identifier: EUPL-1.2
"""Reads for booking: the engine input for a location, and appointments.

`build_schedule` turns catalog and booking rows into `balie.scheduling` value objects with a
fixed number of queries, whatever the number of counters, days or bookings.
"""

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import connections, router
from django.db.models import (
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _
from django_scopes import scope

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Attendance, Leg, Reservation, ReservationStatus
from balie.booking.models import VisitItem as VisitItemRow
from balie.catalog.models import Counter, CounterService, Location, OpeningHours, Product
from balie.catalog.protection import ProductUse
from balie.catalog.selectors import get_closed_dates_by_counter
from balie.scheduling import (
    Audience,
    CounterCalendar,
    Interval,
    Rules,
    Schedule,
    Service,
    Visit,
    WeeklyRange,
    expand_opening_hours,
)
from balie.scheduling import (
    VisitItem as EngineVisitItem,
)
from balie.tenants.addressing import get_addressed_texts
from balie.tenants.models import Municipality

MAX_VISIT_PRODUCTS = 6


def rules_for(*, municipality: Municipality, location: Location) -> Rules:
    return Rules(
        granularity_minutes=municipality.granularity_minutes,
        lead_time=timedelta(minutes=municipality.lead_time_minutes),
        horizon_days=municipality.horizon_days,
        walking_gap_minutes=location.walking_gap_minutes,
        timezone=municipality.timezone,
        max_wait_minutes=municipality.max_wait_minutes,
    )


@dataclass(frozen=True)
class _LocationCalendar:
    """What the catalog says about one location over some days: no bookings in it."""

    services: tuple[Service, ...]
    open: dict[int, tuple[Interval, ...]]
    staff_only: dict[int, tuple[Interval, ...]]


# Expanded opening hours per (municipality version, location, days), per process. The
# catalog changes seldom and bumps Municipality.catalog_version, so a stale entry is never
# read; the bound keeps memory flat however many locations a process serves.
_CALENDAR_CACHE: OrderedDict[tuple[object, ...], _LocationCalendar] = OrderedDict()
_CALENDAR_CACHE_SIZE = 256


def clear_location_calendar_cache() -> None:
    """Forget every per-process catalog and schedule cache (tests reuse primary keys)."""
    from balie.booking.schedules import clear_prepared_schedules

    _CALENDAR_CACHE.clear()
    _PRODUCT_CACHE.clear()
    clear_prepared_schedules()


def _location_calendar(
    *, municipality: Municipality, location: Location, first_day: date, last_day: date
) -> _LocationCalendar:
    key = (
        municipality.pk,
        municipality.catalog_version,
        municipality.updated_at,
        location.pk,
        location.walking_gap_minutes,
        first_day,
        last_day,
    )
    cached = _CALENDAR_CACHE.get(key)
    if cached is not None:
        _CALENDAR_CACHE.move_to_end(key)
        return cached
    with scope(municipality=municipality.pk):
        services = tuple(
            Service(
                product_id=product_id,
                counter_id=counter_id,
                duration_minutes=duration,
                extra_minutes_per_quantity=extra,
            )
            for product_id, counter_id, duration, extra in CounterService.objects.filter(
                counter__location=location, counter__active=True
            )
            .order_by("counter_id", "product_id")
            .values_list(
                "product_id", "counter_id", "duration_minutes", "extra_minutes_per_quantity"
            )
        )
        counter_ids = sorted({service.counter_id for service in services})
        ranges: dict[int, list[WeeklyRange]] = defaultdict(list)
        for row in OpeningHours.objects.filter(counter_id__in=counter_ids).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last_day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=first_day),
        ):
            ranges[row.counter_id].append(
                WeeklyRange(
                    weekday=row.weekday,
                    start=row.start,
                    end=row.end,
                    valid_from=row.valid_from,
                    valid_until=row.valid_until,
                    staff_only=row.staff_only,
                )
            )
    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations=dict.fromkeys(counter_ids, location.pk),
        first_day=first_day,
        last_day=last_day,
    )
    open_by_counter: dict[int, tuple[Interval, ...]] = {}
    staff_only_by_counter: dict[int, tuple[Interval, ...]] = {}
    for counter_id in counter_ids:
        open_by_counter[counter_id], staff_only_by_counter[counter_id] = expand_opening_hours(
            ranges[counter_id],
            first_day=first_day,
            last_day=last_day,
            closed_days=closed.get(counter_id, set()),
            timezone=municipality.timezone,
        )
    calendar = _LocationCalendar(services, open_by_counter, staff_only_by_counter)
    _CALENDAR_CACHE[key] = calendar
    if len(_CALENDAR_CACHE) > _CALENDAR_CACHE_SIZE:
        _CALENDAR_CACHE.popitem(last=False)
    return calendar


# A leg never lasts longer than this: opening ranges end before midnight (end > start), so
# no counter is open across days. Bounding `start` from below lets the (counter, start) index
# skip the years of past appointments instead of scanning them.
MAX_LEG_LENGTH = timedelta(days=1)

# PostgreSQL merges touching legs and returns epoch seconds: a month of a busy counter is a
# few dozen rows instead of hundreds of ORM rows with two parsed timestamps each.
_MERGED_BUSY_SQL = """
SELECT counter_id, extract(epoch FROM lower(block)), extract(epoch FROM upper(block))
FROM (
    SELECT counter_id, unnest(range_agg(tstzrange(start, "end"))) AS block
    FROM booking_leg
    WHERE counter_id = ANY(%s) AND start < %s AND start >= %s AND "end" > %s
      AND NOT released AND (expires_at IS NULL OR expires_at > %s)
      AND reservation_id <> %s
    GROUP BY counter_id
) AS merged
ORDER BY counter_id, 2
"""


def _busy_by_counter(
    *,
    municipality: Municipality,
    counter_ids: list[int],
    range_start: datetime,
    range_end: datetime,
    now: datetime,
    ignore_reservation_id: int | None,
) -> dict[int, list[Interval]]:
    busy: dict[int, list[Interval]] = defaultdict(list)
    if not counter_ids:
        return busy
    # Raw SQL bypasses the router: ask it, so that a replica read reads the legs there too.
    database = connections[router.db_for_read(Leg)]
    if database.vendor == "postgresql":
        with database.cursor() as cursor:
            cursor.execute(
                _MERGED_BUSY_SQL,
                [
                    counter_ids,
                    range_end,
                    range_start - MAX_LEG_LENGTH,
                    range_start,
                    now,
                    ignore_reservation_id or 0,
                ],
            )
            from_epoch = datetime.fromtimestamp
            for counter_id, start, end in cursor.fetchall():
                busy[counter_id].append(
                    Interval(from_epoch(float(start), UTC), from_epoch(float(end), UTC))
                )
        return busy
    with scope(municipality=municipality.pk):
        legs = Leg.objects.filter(
            counter_id__in=counter_ids,
            start__lt=range_end,
            start__gte=range_start - MAX_LEG_LENGTH,
            end__gt=range_start,
            released=False,
        ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        if ignore_reservation_id is not None:
            legs = legs.exclude(reservation_id=ignore_reservation_id)
        for counter_id, start, end in legs.order_by("counter_id", "start").values_list(
            "counter_id", "start", "end"
        ):
            busy[counter_id].append(Interval(start, end))
    return busy


def build_schedule(
    *,
    municipality: Municipality,
    location: Location,
    product_ids: Iterable[int] | None,
    first_day: date,
    last_day: date,
    now: datetime,
    ignore_reservation_id: int | None = None,
    staff: bool = False,
) -> Schedule:
    """Engine input for ``location`` between two local dates, for the given products
    (None: every product the location serves).

    One query for the bookings, plus three for the catalog when it is not cached.
    ``ignore_reservation_id`` leaves one reservation's legs out, so that a visit being moved
    may overlap its old time. Staff book without the online lead time (a visitor at the
    desk may be served now).
    """
    tz = ZoneInfo(municipality.timezone)
    # A day of margin on each side keeps visits that cross midnight (or DST) whole.
    margin_first, margin_last = first_day - timedelta(days=1), last_day + timedelta(days=1)
    calendar = _location_calendar(
        municipality=municipality,
        location=location,
        first_day=margin_first,
        last_day=margin_last,
    )
    if product_ids is None:
        services = calendar.services
    else:
        wanted = set(product_ids)
        services = tuple(s for s in calendar.services if s.product_id in wanted)
    counter_ids = sorted({service.counter_id for service in services})
    busy = _busy_by_counter(
        municipality=municipality,
        counter_ids=counter_ids,
        range_start=datetime.combine(margin_first, time.min, tz),
        range_end=datetime.combine(margin_last + timedelta(days=1), time.min, tz),
        now=now,
        ignore_reservation_id=ignore_reservation_id,
    )
    rules = rules_for(municipality=municipality, location=location)
    if staff:
        rules = replace(rules, lead_time=timedelta(0))
    return Schedule(
        counters=tuple(
            CounterCalendar(
                counter_id=counter_id,
                open=calendar.open[counter_id],
                busy=tuple(busy.get(counter_id, ())),
                staff_only=calendar.staff_only[counter_id],
            )
            for counter_id in counter_ids
        ),
        services=services,
        rules=rules,
    )


def build_visit_schedule(
    *,
    municipality: Municipality,
    location: Location,
    visit: Visit,
    first_day: date,
    last_day: date,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
    ignore_reservation_id: int | None = None,
) -> Schedule:
    """Engine input for one visit as ``audience`` sees it; the one place that maps the
    audience to the staff rules (no online lead time)."""
    return build_schedule(
        municipality=municipality,
        location=location,
        product_ids=[item.product_id for item in visit.items],
        first_day=first_day,
        last_day=last_day,
        now=now,
        ignore_reservation_id=ignore_reservation_id,
        staff=audience == Audience.STAFF,
    )


def check_bookable_day(*, municipality: Municipality, day: date, now: datetime) -> None:
    """Refuse a day far outside the horizon (year 1, year 9999) before any date arithmetic."""
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    if not today - timedelta(days=1) <= day <= today + timedelta(days=municipality.horizon_days):
        message = str(BookingErrorCode.OUT_OF_RANGE.label)
        raise BookingError(BookingErrorCode.OUT_OF_RANGE, field_errors={"day": [message]})


def validate_visit(
    *, municipality: Municipality, items: Sequence[tuple[int, int]], staff: bool
) -> tuple[Visit, dict[int, Product]]:
    """Check a visit's products and quantities; raises BookingError, reads only."""
    if not items:
        raise BookingError(
            BookingErrorCode.INVALID_VISIT, detail=_("Choose at least one product.")
        )
    if len(items) > MAX_VISIT_PRODUCTS:
        raise BookingError(
            BookingErrorCode.INVALID_VISIT,
            detail=_("One visit can hold at most %(count)s products.")
            % {"count": MAX_VISIT_PRODUCTS},
        )
    product_ids = [product_id for product_id, _quantity in items]
    if len(set(product_ids)) != len(product_ids):
        raise BookingError(
            BookingErrorCode.INVALID_VISIT,
            detail=_("Each product can appear only once; use the quantity instead."),
        )
    products = _catalog_products(municipality=municipality, product_ids=product_ids)
    for product_id, quantity in items:
        product = products.get(product_id)
        if product is None:
            raise BookingError(BookingErrorCode.UNKNOWN_PRODUCT)
        if not (staff or product.online_bookable):
            raise BookingError(BookingErrorCode.NOT_BOOKABLE_ONLINE)
        if not 1 <= quantity <= product.max_quantity:
            raise BookingError(
                BookingErrorCode.QUANTITY_OUT_OF_RANGE,
                detail=_("You can book between 1 and %(max)s of “%(product)s”.")
                % {"max": product.max_quantity, "product": product.display_title},
            )
    return visit_from_pairs(items), products


# Products per (municipality, catalog version), per process: every hold checks its
# products, and they change only with the catalog, which bumps the version.
_PRODUCT_CACHE: OrderedDict[tuple[object, ...], dict[int, Product]] = OrderedDict()


def _catalog_products(*, municipality: Municipality, product_ids: list[int]) -> dict[int, Product]:
    key = (municipality.pk, municipality.catalog_version, municipality.updated_at)
    known = _PRODUCT_CACHE.get(key)
    if known is None or any(product_id not in known for product_id in product_ids):
        with scope(municipality=municipality.pk):
            fetched = Product.objects.in_bulk(product_ids)
        # Unknown ids are asked again next time rather than remembered as missing.
        known = {**(known or {}), **fetched}
        _PRODUCT_CACHE[key] = known
        if len(_PRODUCT_CACHE) > _CALENDAR_CACHE_SIZE:
            _PRODUCT_CACHE.popitem(last=False)
    return {pid: known[pid] for pid in product_ids if pid in known}


def check_visit_change(
    *,
    municipality: Municipality,
    items: Sequence[tuple[int, int]],
    product_id: int,
    quantity: int,
    staff: bool = False,
) -> tuple[list[tuple[int, int]], Product]:
    """A visit being put together with ``product_id`` set to ``quantity`` (0 removes it).

    The same rules ``hold_visit`` applies, checked while the citizen adds products, so a
    page only shows the answer. Returns the new (product id, quantity) pairs in the
    citizen's order, and the product; raises BookingError. Reads only.
    """
    with scope(municipality=municipality.pk):
        served = CounterService.objects.filter(product=OuterRef("pk"), counter__active=True)
        product = Product.objects.annotate(served=Exists(served)).filter(pk=product_id).first()
    if product is None:
        raise BookingError(BookingErrorCode.UNKNOWN_PRODUCT)
    if not (product.served and (staff or product.online_bookable)):
        raise BookingError(BookingErrorCode.NOT_BOOKABLE_ONLINE)
    if not 0 <= quantity <= product.max_quantity:
        raise BookingError(
            BookingErrorCode.QUANTITY_OUT_OF_RANGE,
            detail=str(get_addressed_texts(formal=municipality.formal_address)["max_quantity"])
            % {"max": product.max_quantity, "product": product.display_title},
        )
    known = [p for p, _q in items]
    if quantity and product_id not in known and len(items) >= MAX_VISIT_PRODUCTS:
        raise BookingError(
            BookingErrorCode.INVALID_VISIT,
            detail=_("One visit can hold at most %(count)s products.")
            % {"count": MAX_VISIT_PRODUCTS},
        )
    changed = [(p, quantity if p == product_id else q) for p, q in items]
    changed = [(p, q) for p, q in changed if q > 0]
    if quantity and product_id not in known:
        changed.append((product_id, quantity))
    return changed, product


def visit_from_pairs(pairs: Iterable[tuple[int, int]]) -> Visit:
    return Visit(items=tuple(EngineVisitItem(product_id=p, quantity=q) for p, q in pairs))


# --- a visit's products -------------------------------------------------------------------


def visit_items_prefetch(lookup: str = "visit_items") -> "Prefetch[str]":
    """Prefetch a visit's (or a leg's) products with their catalog rows in one query.

    ``lookup`` ends in ``visit_items`` and may start with a path, e.g. ``"leg__visit_items"``
    or ``"reservation__visit_items"``. The rows are filtered by the owners already read, so
    they need no tenant scope of their own.
    """
    return Prefetch(
        lookup,
        queryset=VisitItemRow.objects.with_scopes_disabled()
        .select_related("product")
        .order_by("position", "pk"),
    )


def remember_related(instance: Model, name: str, rows: Sequence[Model]) -> None:
    """Make ``instance.<name>.all()`` answer ``rows`` without a query, as a prefetch would.

    For rows a use case has just written (a hold's legs and products), so that whoever
    answers with the reservation reads them from memory.
    """
    related = getattr(instance, name).all()
    related._result_cache = list(rows)
    related._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = related


def get_remembered_legs(reservation: Reservation) -> list[Leg] | None:
    """The legs ``remember_related`` keeps on ``reservation``, or None when not in memory."""
    legs = getattr(reservation, "_prefetched_objects_cache", {}).get("legs")
    return None if legs is None else list(legs)


def prefetch_visit_items(objects: Sequence[Model], lookup: str = "visit_items") -> None:
    """``visit_items_prefetch`` for rows already read (a list of reservations or legs)."""
    prefetch_related_objects(list(objects), visit_items_prefetch(lookup))


def get_visit_products(*, of: Reservation | Leg) -> list[VisitItemRow]:
    """The products of a visit, or of one leg of it, in the citizen's order.

    The one reader of visit items: each row has ``product`` (never missing: the foreign key
    is protected) and ``quantity``. Without a prefetch it costs one query per call, so lists
    use ``visit_items_prefetch``/``prefetch_visit_items`` first.
    """
    cache = getattr(of, "_prefetched_objects_cache", {})
    if "visit_items" in cache:
        return list(cache["visit_items"])
    if isinstance(of, Leg) and Leg.reservation.is_cached(of):
        # A leg read with its visit: the visit's prefetched items say which leg serves what.
        visit_cache = getattr(of.reservation, "_prefetched_objects_cache", {})
        if "visit_items" in visit_cache:
            return [item for item in visit_cache["visit_items"] if item.leg_id == of.pk]
    prefetch_visit_items([of])
    return list(getattr(of, "_prefetched_objects_cache", {})["visit_items"])


def list_visit_pairs(*, reservation: Reservation) -> list[tuple[int, int]]:
    """(product id, quantity) of a visit, as the booking services take them."""
    return [(item.product_id, item.quantity) for item in get_visit_products(of=reservation)]


def map_visit_pairs(*, reservations: QuerySet[Reservation]) -> dict[int, list[tuple[int, int]]]:
    """(product id, quantity) per reservation id, for reads that need ids only (statistics)."""
    pairs: dict[int, list[tuple[int, int]]] = {}
    for reservation_id, product_id, quantity in (
        VisitItemRow.objects.with_scopes_disabled()
        .filter(reservation__in=reservations.values("pk"))
        .order_by("reservation_id", "position", "pk")
        .values_list("reservation_id", "product_id", "quantity")
    ):
        pairs.setdefault(reservation_id, []).append((product_id, quantity))
    return pairs


def check_changeable(reservation: Reservation, *, now: datetime) -> None:
    """What both cancel and move refuse; the services check it again once the row is locked."""
    if reservation.status == ReservationStatus.CANCELLED:
        raise BookingError(BookingErrorCode.ALREADY_CANCELLED)
    if reservation.status != ReservationStatus.CONFIRMED:
        raise BookingError(BookingErrorCode.NOT_FOUND)
    if reservation.attendance == Attendance.ARRIVED:
        raise BookingError(BookingErrorCode.ALREADY_ARRIVED)
    if reservation.attendance or reservation.start <= now:
        raise BookingError(BookingErrorCode.IN_THE_PAST)


def is_changeable(*, reservation: Reservation, now: datetime) -> bool:
    """Whether an appointment may still be moved or cancelled (pages offer it only then)."""
    try:
        check_changeable(reservation, now=now)
    except BookingError:
        return False
    return True


def count_product_appointments(product: Product) -> ProductUse:
    """Appointments (confirmed, or held right now) naming ``product``: upcoming, and past.

    Cancelled and expired visits count as past: they are history that shows the name too.
    """
    now = datetime.now(UTC)
    live = Q(reservation__status=ReservationStatus.CONFIRMED) | Q(
        reservation__status=ReservationStatus.HELD, reservation__expires_at__gt=now
    )
    rows = VisitItemRow.objects.with_scopes_disabled().filter(product=product)
    future = rows.filter(live, reservation__start__gt=now).count()
    total = rows.count()
    return ProductUse(future=future, past=total - future)


def get_reservation(*, municipality: Municipality, public_id: UUID | str) -> Reservation | None:
    with scope(municipality=municipality.pk):
        return Reservation.objects.filter(public_id=public_id).first()


def get_appointment(*, municipality: Municipality, reference: str) -> Reservation | None:
    """The appointment ``reference`` of ``municipality``; only confirmed visits get one.

    Callers check the manage token, ownership or staff membership before showing it.
    """
    with scope(municipality=municipality.pk):
        return (
            Reservation.objects.select_related("municipality", "location")
            .filter(reference=reference.upper())
            .first()
        )


def list_leg_waits(*, legs: Sequence[Leg]) -> list[int]:
    """Minutes from each leg's predecessor's end to its start (walking and waiting between
    two counters), for legs in visit order; 0 for the first leg."""
    return [0] * bool(legs) + [
        int((leg.start - previous.end).total_seconds()) // 60
        for previous, leg in zip(legs, legs[1:], strict=False)
    ]


def count_appointments_on(
    *,
    municipality: Municipality,
    days: Sequence[date],
    location: Location | None = None,
    counter: Counter | None = None,
) -> int:
    """Confirmed appointments that have a leg on one of ``days`` where it would close."""
    if not days:
        return 0
    zone = ZoneInfo(municipality.timezone)
    with scope(municipality=municipality.pk):
        legs = Leg.objects.filter(reservation__status=ReservationStatus.CONFIRMED)
        if counter is not None:
            legs = legs.filter(counter=counter)
        elif location is not None:
            legs = legs.filter(counter__location=location)
        reservation_ids: set[int] = set()
        for day in days:
            begin = datetime.combine(day, time(), tzinfo=zone)
            reservation_ids |= set(
                legs.filter(start__gte=begin, start__lt=begin + timedelta(days=1)).values_list(
                    "reservation_id", flat=True
                )
            )
        return len(reservation_ids)
