# SPDX-License-Identifier: EUPL-1.2
"""Reads for booking: the engine input for a location, and appointments.

`build_schedule` turns catalog and booking rows into `balie.scheduling` value objects with a
fixed number of queries, whatever the number of counters, days or bookings.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils.translation import gettext as _
from django_scopes import scope

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Leg, Reservation, ReservationStatus
from balie.catalog.models import CounterService, Location, OpeningHours, Product
from balie.catalog.selectors import get_closed_dates_by_counter
from balie.scheduling import (
    CounterCalendar,
    Interval,
    Rules,
    Schedule,
    Service,
    Visit,
    VisitItem,
    WeeklyRange,
    expand_opening_hours,
)
from balie.tenants.models import Municipality

MAX_VISIT_PRODUCTS = 6


@dataclass(frozen=True)
class VisitRequest:
    """What a citizen asks for: products with quantities at one location."""

    location: Location
    visit: Visit

    @property
    def product_ids(self) -> list[int]:
        return [item.product_id for item in self.visit.items]


def rules_for(*, municipality: Municipality, location: Location) -> Rules:
    return Rules(
        granularity_minutes=municipality.granularity_minutes,
        lead_time=timedelta(minutes=municipality.lead_time_minutes),
        horizon_days=municipality.horizon_days,
        walking_gap_minutes=location.walking_gap_minutes,
        timezone=municipality.timezone,
    )


def active_reservation_filter(*, now: datetime, prefix: str = "") -> Q:
    """Reservations that occupy counter time: confirmed ones and unexpired holds."""
    return Q(**{f"{prefix}status": ReservationStatus.CONFIRMED}) | Q(
        **{f"{prefix}status": ReservationStatus.HELD, f"{prefix}expires_at__gt": now}
    )


def build_schedule(
    *,
    municipality: Municipality,
    location: Location,
    product_ids: Iterable[int],
    first_day: date,
    last_day: date,
    now: datetime,
    ignore_reservation_id: int | None = None,
) -> Schedule:
    """Engine input for ``location`` between two local dates, for the given products.

    Four queries: services, opening hours, closing days, busy legs. ``ignore_reservation_id``
    leaves one reservation's legs out, so that a visit being moved may overlap its old time.
    """
    tz = ZoneInfo(municipality.timezone)
    # A day of margin on each side keeps visits that cross midnight (or DST) whole.
    range_start = datetime.combine(first_day - timedelta(days=1), datetime.min.time(), tz)
    range_end = datetime.combine(last_day + timedelta(days=2), datetime.min.time(), tz)
    with scope(municipality=municipality.pk):
        services = [
            Service(
                product_id=row.product_id,
                counter_id=row.counter_id,
                duration_minutes=row.duration_minutes,
                extra_minutes_per_quantity=row.extra_minutes_per_quantity,
            )
            for row in CounterService.objects.filter(
                counter__location=location, counter__active=True, product_id__in=list(product_ids)
            ).only("product_id", "counter_id", "duration_minutes", "extra_minutes_per_quantity")
        ]
        counter_ids = sorted({service.counter_id for service in services})
        ranges: dict[int, list[WeeklyRange]] = defaultdict(list)
        for row in OpeningHours.objects.filter(counter_id__in=counter_ids).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=last_day + timedelta(days=1)),
            Q(valid_until__isnull=True) | Q(valid_until__gte=first_day - timedelta(days=1)),
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
        busy: dict[int, list[Interval]] = defaultdict(list)
        legs = Leg.objects.filter(
            counter_id__in=counter_ids, start__lt=range_end, end__gt=range_start
        ).filter(active_reservation_filter(now=now, prefix="reservation__"))
        if ignore_reservation_id is not None:
            legs = legs.exclude(reservation_id=ignore_reservation_id)
        for counter_id, start, end in legs.values_list("counter_id", "start", "end"):
            busy[counter_id].append(Interval(start, end))
    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations=dict.fromkeys(counter_ids, location.pk),
        first_day=first_day - timedelta(days=1),
        last_day=last_day + timedelta(days=1),
    )
    calendars = []
    for counter_id in counter_ids:
        open_intervals, staff_only = expand_opening_hours(
            ranges[counter_id],
            first_day=first_day - timedelta(days=1),
            last_day=last_day + timedelta(days=1),
            closed_days=closed.get(counter_id, set()),
            timezone=municipality.timezone,
        )
        calendars.append(
            CounterCalendar(
                counter_id=counter_id,
                open=open_intervals,
                busy=tuple(busy[counter_id]),
                staff_only=staff_only,
            )
        )
    return Schedule(
        counters=tuple(calendars),
        services=tuple(services),
        rules=rules_for(municipality=municipality, location=location),
    )


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
    with scope(municipality=municipality.pk):
        products = Product.objects.in_bulk(product_ids)
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


def visit_from_pairs(pairs: Iterable[tuple[int, int]]) -> Visit:
    return Visit(items=tuple(VisitItem(product_id=p, quantity=q) for p, q in pairs))


def get_reservation(*, municipality: Municipality, public_id: UUID | str) -> Reservation | None:
    with scope(municipality=municipality.pk):
        return Reservation.objects.filter(public_id=public_id).first()
