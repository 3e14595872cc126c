# SPDX-License-Identifier: EUPL-1.2
"""The large-city workload as database rows, for the PostgreSQL benchmarks.

`City` is a plain description (locations, counters, weekly hours, products, services,
closing days, bookings); `city_from_workload` builds it from bench/workload.py, and
`load_city` writes it with bulk inserts. Bookings become confirmed reservations with
their legs; counter time units are left out because no read path looks at them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Brussels")


@dataclass
class CounterSpec:
    key: int
    location: int
    # (weekday, start, end, staff_only)
    hours: list[tuple[int, time, time, bool]]


@dataclass
class Booking:
    location: int
    # (counter key, start, end, [(product key, quantity)])
    legs: list[tuple[int, datetime, datetime, list[tuple[int, int]]]]


@dataclass
class City:
    locations: list[int]
    counters: list[CounterSpec]
    products: list[int]
    # (counter key, product key, duration minutes, extra minutes per quantity)
    services: list[tuple[int, int, int, int]]
    # (date, location key or None, counter key or None)
    closing_days: list[tuple[date, int | None, int | None]]
    bookings: list[Booking]
    first_day: date
    horizon_days: int
    granularity: int = 10
    source: str = "bench/workload.py"
    now: datetime | None = None  # the workload's clock; None means the real one
    extra: dict = field(default_factory=dict)


# --- from bench/workload.py ---------------------------------------------------------------


def city_from_workload(*, booked_until: date | None = None) -> City:
    """The large city of bench/workload.py as rows, on its own dates.

    Bookings starting on or after ``booked_until`` (a local date) are left out: that is the
    freshly released week of the rush benchmark.
    """
    import workload as wl  # bench/workload.py, shared with the engine benchmark

    city = wl.make_workload()
    tz = ZoneInfo(city.rules.timezone)
    bookings = [
        Booking(
            _location_of(city, b.counter_id),
            [(b.counter_id, b.start, b.end, [(b.product_id, 1)])],
        )
        for b in city.bookings
        if booked_until is None or b.start.astimezone(tz).date() < booked_until
    ]
    return City(
        locations=[location.location_id for location in city.locations],
        counters=[
            CounterSpec(
                key=c.counter_id,
                location=c.location_id,
                hours=[(h.weekday, h.start, h.end, h.staff_only) for h in c.hours],
            )
            for c in city.counters
        ],
        products=[p.product_id for p in city.products],
        services=[
            (s.counter_id, s.product_id, s.duration_minutes, s.extra_minutes_per_quantity)
            for s in city.services
        ],
        closing_days=[(day, None, None) for day in sorted(city.closed_days)],
        bookings=bookings,
        first_day=city.first_day,
        horizon_days=(city.last_day - city.first_day).days,
        granularity=city.rules.granularity_minutes,
        now=city.now,
        extra={"fill": round(city.fill, 3), "seed": city.seed},
    )


_LOCATION_OF: dict[int, int] = {}


def _location_of(city, counter_id: int) -> int:  # noqa: ANN001
    if not _LOCATION_OF:
        _LOCATION_OF.update({c.counter_id: c.location_id for c in city.counters})
    return _LOCATION_OF[counter_id]


# --- a stand-in with the same shape, when workload.py is not there -------------------------


def fallback_city(
    *,
    first_day: date,
    horizon_days: int = 90,
    locations: int = 6,
    counters_per_location: int = 10,
    products: int = 120,
    booked_fraction: float = 0.7,
    booked_until: date | None = None,
    seed: int = 7,
) -> City:
    rng = random.Random(seed)
    location_keys = list(range(locations))
    counters: list[CounterSpec] = []
    for location in location_keys:
        for n in range(counters_per_location):
            hours = [(d, time(8, 30), time(12, 30), False) for d in range(5)]
            # Late openings on two days, staff-only time on Friday afternoons.
            hours += [(d, time(13, 30), time(19, 0), False) for d in (1, 3)]
            hours.append((4, time(13, 30), time(15, 30), True))
            if n % 3 == 0:
                hours.append((5, time(9), time(12), False))
            counters.append(
                CounterSpec(
                    key=location * counters_per_location + n, location=location, hours=hours
                )
            )
    product_keys = list(range(products))
    services: list[tuple[int, int, int, int]] = []
    for product in product_keys:
        # Each product at one to three locations, at two or three counters there.
        for location in rng.sample(location_keys, rng.randint(1, 3)):
            here = [c for c in counters if c.location == location]
            duration = rng.choice((10, 10, 20, 20, 30))
            for counter in rng.sample(here, rng.randint(2, 3)):
                services.append((counter.key, product, duration, rng.choice((0, 10))))
    closing_days = [
        (first_day + timedelta(days=rng.randint(0, horizon_days)), None, None),
        (first_day + timedelta(days=rng.randint(0, horizon_days)), location_keys[0], None),
        (first_day + timedelta(days=rng.randint(0, horizon_days)), None, counters[3].key),
    ]
    served: dict[int, list[int]] = defaultdict(list)
    for counter_key, product, _d, _e in services:
        served[counter_key].append(product)
    bookings: list[Booking] = []
    last = booked_until or first_day + timedelta(days=horizon_days + 1)
    day = first_day
    while day < last and day <= first_day + timedelta(days=horizon_days):
        for counter in counters:
            if not served[counter.key]:
                continue
            for weekday, start, end, staff_only in counter.hours:
                if weekday != day.weekday() or staff_only:
                    continue
                cursor = datetime.combine(day, start, TZ)
                close = datetime.combine(day, end, TZ)
                while cursor < close:
                    minutes = rng.choice((10, 20, 30))
                    stop = min(cursor + timedelta(minutes=minutes), close)
                    if rng.random() < booked_fraction:
                        product = rng.choice(served[counter.key])
                        bookings.append(
                            Booking(
                                counter.location, [(counter.key, cursor, stop, [(product, 1)])]
                            )
                        )
                    cursor = stop
        day += timedelta(days=1)
    return City(
        locations=location_keys,
        counters=counters,
        products=product_keys,
        services=services,
        closing_days=closing_days,
        bookings=bookings,
        first_day=first_day,
        horizon_days=horizon_days,
        source="bench/_city.py fallback (workload.py missing)",
    )


def make_city(*, first_day: date, booked_until: date | None = None) -> City:
    try:
        return city_from_workload(booked_until=booked_until)
    except ImportError:
        return fallback_city(first_day=first_day, booked_until=booked_until)


# --- into the database --------------------------------------------------------------------


@dataclass
class Loaded:
    municipality: object
    locations: dict[int, object]
    counters: dict[int, object]
    products: dict[int, object]
    # location key -> product keys served there, by counter
    served: dict[int, dict[int, list[int]]]
    reservations: int
    legs: int


def load_city(city: City, *, slug: str = "grootstad") -> Loaded:
    from django.db import transaction
    from django_scopes import scopes_disabled

    from balie.booking.models import Leg, Reservation, ReservationStatus, VisitItem
    from balie.catalog.models import (
        ClosingDay,
        Counter,
        CounterService,
        Location,
        OpeningHours,
        Product,
    )
    from balie.tenants.models import Municipality

    with transaction.atomic(), scopes_disabled():
        municipality = Municipality.objects.create(
            name="Grootstad",
            slug=slug,
            nis_code="11002",
            granularity_minutes=city.granularity,
            lead_time_minutes=0,
            horizon_days=city.horizon_days + 1,
            hold_minutes=10,
            # The workload lists its closed days itself (they are loaded as closing days).
            observes_public_holidays=False,
            # Every benchmark client is a different person; the limit is not what is measured.
            max_future_appointments_per_product=1000,
        )
        locations = {
            key: location
            for key, location in zip(
                city.locations,
                Location.objects.bulk_create(
                    Location(
                        municipality=municipality,
                        name=f"Kantoor {key}",
                        slug=f"kantoor-{key}",
                        street="Grote Markt",
                        house_number=str(key + 1),
                        postcode="2000",
                        municipality_name="Grootstad",
                    )
                    for key in city.locations
                ),
                strict=True,
            )
        }
        counters = {
            spec.key: counter
            for spec, counter in zip(
                city.counters,
                Counter.objects.bulk_create(
                    Counter(
                        municipality=municipality,
                        location=locations[spec.location],
                        name=f"Loket {spec.key}",
                    )
                    for spec in city.counters
                ),
                strict=True,
            )
        }
        OpeningHours.objects.bulk_create(
            OpeningHours(
                municipality=municipality,
                counter=counters[spec.key],
                weekday=weekday,
                start=start,
                end=end,
                staff_only=staff_only,
            )
            for spec in city.counters
            for weekday, start, end, staff_only in spec.hours
        )
        products = {
            key: product
            for key, product in zip(
                city.products,
                Product.objects.bulk_create(
                    Product(
                        municipality=municipality,
                        slug=f"product-{key}",
                        title={"nl": f"Product {key}", "en": f"Product {key}"},
                        theme="BurgerOverheid",
                        max_quantity=5,
                    )
                    for key in city.products
                ),
                strict=True,
            )
        }
        CounterService.objects.bulk_create(
            CounterService(
                municipality=municipality,
                counter=counters[counter],
                product=products[product],
                duration_minutes=duration,
                extra_minutes_per_quantity=extra,
            )
            for counter, product, duration, extra in city.services
        )
        ClosingDay.objects.bulk_create(
            ClosingDay(
                municipality=municipality,
                date=day,
                location=locations[location] if location is not None else None,
                counter=counters[counter] if counter is not None else None,
            )
            for day, location, counter in city.closing_days
        )
        reservations = Reservation.objects.bulk_create(
            (
                Reservation(
                    municipality=municipality,
                    location=locations[booking.location],
                    status=ReservationStatus.CONFIRMED,
                    start=booking.legs[0][1],
                    end=booking.legs[-1][2],
                    email=f"resident{n}@example.org",
                    given_name="Inwoner",
                    family_name=str(n),
                )
                for n, booking in enumerate(city.bookings)
            ),
            batch_size=5000,
        )
        legs = Leg.objects.bulk_create(
            (
                Leg(
                    municipality=municipality,
                    reservation=reservation,
                    counter=counters[counter],
                    position=position,
                    start=start,
                    end=end,
                )
                for booking, reservation in zip(city.bookings, reservations, strict=True)
                for position, (counter, start, end, _items) in enumerate(booking.legs)
            ),
            batch_size=5000,
        )
        legs_of = iter(legs)

        def visit_items():  # type: ignore[no-untyped-def]
            for booking, reservation in zip(city.bookings, reservations, strict=True):
                position = 0
                for leg_spec in booking.legs:
                    leg = next(legs_of)
                    for p, q in leg_spec[3]:
                        yield VisitItem(
                            municipality=municipality,
                            reservation=reservation,
                            leg=leg,
                            product=products[p],
                            quantity=q,
                            position=position,
                        )
                        position += 1

        VisitItem.objects.bulk_create(visit_items(), batch_size=5000)
    served: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_key = {spec.key: spec for spec in city.counters}
    for counter, product, _duration, _extra in city.services:
        served[by_key[counter].location][product].append(counter)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Loaded(
        municipality=municipality,
        locations=locations,
        counters=counters,
        products=products,
        served={k: dict(v) for k, v in served.items()},
        reservations=len(reservations),
        legs=len(legs),
    )


def cross_counter_visit(loaded: Loaded, location_key: int, size: int, rng: random.Random):
    """``size`` products at ``location_key`` that no single counter serves together.

    Returns product keys, or None when the location does not have that many such products.
    """
    served = loaded.served.get(location_key, {})
    keys = list(served)
    rng.shuffle(keys)
    chosen: list[int] = []
    used: set[int] = set()
    for key in keys:
        counters = set(served[key])
        if counters & used:
            continue
        chosen.append(key)
        used |= counters
        if len(chosen) == size:
            return chosen
    return None
