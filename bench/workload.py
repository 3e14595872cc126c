# SPDX-License-Identifier: EUPL-1.2
"""A seeded large-city workload for the availability benchmarks.

Plain Python data only (the engine's frozen dataclasses plus a few of its own), no Django, so a
database benchmark can load the very same city into PostgreSQL and an engine benchmark can feed
it straight to `balie.scheduling`.

The city: 6 locations × 10 counters, 120 products (20 per location), each served by 1-4
counters of its location, a 10-minute grid and a 90-day horizon from Monday 2026-11-23 08:00
(Europe/Brussels). Counters open weekday mornings, one evening a week and (half of them)
Saturday mornings; Friday's last morning hour is kept for staff. Belgian holidays are closed.
Bookings fill about 70 % of the open time.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import combinations
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from balie.scheduling import (  # noqa: E402
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

TIMEZONE = "Europe/Brussels"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo(TIMEZONE))
FIRST_DAY = NOW.date()
HORIZON_DAYS = 90
LAST_DAY = FIRST_DAY + timedelta(days=HORIZON_DAYS)
RULES = Rules(granularity_minutes=10, horizon_days=HORIZON_DAYS, timezone=TIMEZONE)
LOCATIONS = 6
COUNTERS_PER_LOCATION = 10
PRODUCTS_PER_LOCATION = 20
TARGET_FILL = 0.70
# Bookings that would run past closing are skipped, so aim a little higher than the target.
_FILL_AIM = 0.745
CROSS_COUNTER_PRODUCTS = 6
# Christmas, Boxing Day (a Saturday), New Year and the municipal day after it.
CLOSED_DAYS = frozenset(
    {date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1), date(2027, 1, 2)}
)


@dataclass(frozen=True, slots=True)
class Location:
    location_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Counter:
    counter_id: int
    location_id: int
    name: str
    hours: tuple[WeeklyRange, ...]


@dataclass(frozen=True, slots=True)
class Product:
    product_id: int
    location_id: int
    name: str
    duration_minutes: int
    extra_minutes_per_quantity: int


@dataclass(frozen=True, slots=True)
class Booking:
    """One appointment leg: a counter busy for one product."""

    counter_id: int
    product_id: int
    start: datetime  # aware UTC, as Django returns it from the database
    end: datetime


@dataclass(frozen=True, slots=True)
class Workload:
    seed: int
    now: datetime
    first_day: date
    last_day: date
    rules: Rules
    locations: tuple[Location, ...]
    counters: tuple[Counter, ...]
    products: tuple[Product, ...]
    services: tuple[Service, ...]
    closed_days: frozenset[date]
    bookings: tuple[Booking, ...]
    fill: float  # booked minutes / open minutes, all counters, first_day..last_day


def _hours(rng: random.Random) -> tuple[WeeklyRange, ...]:
    hours = [WeeklyRange(weekday, time(8, 30), time(12, 30)) for weekday in range(4)]
    hours.append(WeeklyRange(4, time(8, 30), time(11, 30)))
    hours.append(WeeklyRange(4, time(11, 30), time(12, 30), staff_only=True))
    hours.append(WeeklyRange(rng.randrange(4), time(16, 0), time(19, 30)))
    if rng.random() < 0.5:
        hours.append(WeeklyRange(5, time(9, 0), time(12, 0)))
    return tuple(hours)


def make_workload(seed: int = 2026) -> Workload:
    rng = random.Random(seed)
    locations = tuple(Location(n + 1, f"Loket {n + 1}") for n in range(LOCATIONS))
    counters: list[Counter] = []
    products: list[Product] = []
    services: list[Service] = []
    for location in locations:
        local_counters = [
            Counter(
                counter_id=len(counters) + n + 1,
                location_id=location.location_id,
                name=f"Balie {n + 1}",
                hours=_hours(rng),
            )
            for n in range(COUNTERS_PER_LOCATION)
        ]
        counters += local_counters
        for n in range(PRODUCTS_PER_LOCATION):
            product = Product(
                product_id=len(products) + 1,
                location_id=location.location_id,
                name=f"Product {len(products) + 1}",
                duration_minutes=rng.randrange(5, 46, 5),
                extra_minutes_per_quantity=rng.choice((0, 0, 5, 10)),
            )
            products.append(product)
            # The first few products have one counter each, a different one: the material
            # for cross-counter visits.
            if n < CROSS_COUNTER_PRODUCTS:
                serving = [local_counters[n]]
            else:
                serving = rng.sample(local_counters, rng.randint(1, 4))
            for counter in serving:
                services.append(
                    Service(
                        product.product_id,
                        counter.counter_id,
                        product.duration_minutes,
                        product.extra_minutes_per_quantity,
                    )
                )

    bookings: list[Booking] = []
    open_minutes = booked_minutes = 0
    unit = timedelta(minutes=RULES.granularity_minutes)
    for counter in counters:
        served = [s for s in services if s.counter_id == counter.counter_id]
        if not served:
            continue
        mean_units = sum(-(-s.duration_minutes // 10) for s in served) / len(served)
        # P(book at a free unit) such that booked / (booked + idle) time ≈ TARGET_FILL.
        p_book = _FILL_AIM / (mean_units * (1 - _FILL_AIM) + _FILL_AIM)
        opened, _ = expand_opening_hours(
            counter.hours,
            first_day=FIRST_DAY,
            last_day=LAST_DAY,
            closed_days=CLOSED_DAYS,
            timezone=TIMEZONE,
        )
        for interval in opened:
            open_minutes += int((interval.end - interval.start).total_seconds()) // 60
            cursor = interval.start
            while cursor < interval.end:
                service = rng.choice(served)
                length = -(-service.duration_minutes // 10) * unit
                if rng.random() < p_book and cursor + length <= interval.end:
                    bookings.append(
                        Booking(
                            counter.counter_id,
                            service.product_id,
                            cursor,
                            cursor + length,
                        )
                    )
                    booked_minutes += int(length.total_seconds()) // 60
                    cursor += length
                else:
                    cursor += unit
    return Workload(
        seed=seed,
        now=NOW,
        first_day=FIRST_DAY,
        last_day=LAST_DAY,
        rules=RULES,
        locations=locations,
        counters=tuple(counters),
        products=tuple(products),
        services=tuple(services),
        closed_days=CLOSED_DAYS,
        bookings=tuple(bookings),
        fill=booked_minutes / open_minutes,
    )


def location_schedule(workload: Workload, location_id: int) -> Schedule:
    """The engine input for one location, as the Django side would build it from rows."""
    counters = [c for c in workload.counters if c.location_id == location_id]
    ids = {c.counter_id for c in counters}
    busy: dict[int, list[Interval]] = {counter_id: [] for counter_id in ids}
    for booking in workload.bookings:
        if booking.counter_id in ids:
            busy[booking.counter_id].append(Interval(booking.start, booking.end))
    calendars = []
    for counter in counters:
        opened, staff_only = expand_opening_hours(
            counter.hours,
            first_day=workload.first_day,
            last_day=workload.last_day,
            closed_days=workload.closed_days,
            timezone=workload.rules.timezone,
        )
        calendars.append(
            CounterCalendar(
                counter.counter_id, opened, tuple(busy[counter.counter_id]), staff_only
            )
        )
    services = tuple(s for s in workload.services if s.counter_id in ids)
    return Schedule(tuple(calendars), services, workload.rules)


def _counters_of(workload: Workload, product_id: int) -> list[int]:
    return [s.counter_id for s in workload.services if s.product_id == product_id]


def _location_products(workload: Workload, location_id: int) -> list[Product]:
    return [p for p in workload.products if p.location_id == location_id]


def single_product_visits(workload: Workload, location_id: int) -> list[Visit]:
    return [Visit((VisitItem(p.product_id),)) for p in _location_products(workload, location_id)]


def two_product_visits(
    workload: Workload, location_id: int, rng: random.Random, count: int = 20
) -> list[Visit]:
    products = _location_products(workload, location_id)
    return [
        Visit(tuple(VisitItem(p.product_id) for p in rng.sample(products, 2)))
        for _ in range(count)
    ]


def cross_counter_visits(workload: Workload, location_id: int) -> list[Visit]:
    """3-product visits whose products are each served by one counter, three different ones.

    The hardest case for the month view: three legs, no choice, every leg order tried.
    """
    single: dict[int, int] = {}
    for product in _location_products(workload, location_id):
        counters = _counters_of(workload, product.product_id)
        if len(counters) == 1:
            single[product.product_id] = counters[0]
    return [
        Visit(tuple(VisitItem(p) for p in triple))
        for triple in combinations(sorted(single), 3)
        if len({single[p] for p in triple}) == 3
    ]


if __name__ == "__main__":
    w = make_workload()
    print(
        f"counters={len(w.counters)} products={len(w.products)} services={len(w.services)} "
        f"bookings={len(w.bookings)} fill={w.fill:.3f}"
    )
    for location in w.locations:
        print(location.location_id, len(cross_counter_visits(w, location.location_id)))
