# SPDX-License-Identifier: EUPL-1.2
"""A small town with three counters: population (A, B) and environment (C)."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from balie.catalog.models import Counter, Location, Product
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.tenants.models import Municipality
from balie.tenants.tests.factories import MunicipalityFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
# A Monday well in the future, before opening time.
NOW = datetime(2027, 3, 1, 7, 0, tzinfo=BRUSSELS)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2027, Brussels time."""
    return datetime(2027, 3, day, hour, minute, tzinfo=BRUSSELS)


@dataclass
class Town:
    municipality: Municipality
    location: Location
    counter_a: Counter
    counter_b: Counter
    counter_c: Counter
    eid: Product
    passport: Product
    container: Product
    staff_only_product: Product


@pytest.fixture
def town(db) -> Town:
    with scopes_disabled():
        municipality = MunicipalityFactory(
            slug="demotown",
            granularity_minutes=10,
            lead_time_minutes=60,
            horizon_days=60,
            hold_minutes=10,
            max_future_appointments_per_product=1,
        )
        location = LocationFactory(municipality=municipality, slug="hall")
        counter_a = CounterFactory(location=location, name="A")
        counter_b = CounterFactory(location=location, name="B")
        counter_c = CounterFactory(location=location, name="C")
        for counter in (counter_a, counter_b, counter_c):
            for weekday in range(5):
                OpeningHoursFactory(counter=counter, weekday=weekday, start=time(9), end=time(12))
        eid = ProductFactory(municipality=municipality, slug="eid", max_quantity=5)
        passport = ProductFactory(municipality=municipality, slug="passport", max_quantity=3)
        container = ProductFactory(municipality=municipality, slug="container")
        staff_only = ProductFactory(
            municipality=municipality, slug="legalise", online_bookable=False
        )
        CounterServiceFactory(
            counter=counter_a, product=eid, duration_minutes=10, extra_minutes_per_quantity=10
        )
        CounterServiceFactory(counter=counter_b, product=passport, duration_minutes=20)
        CounterServiceFactory(counter=counter_c, product=container, duration_minutes=10)
        CounterServiceFactory(counter=counter_a, product=staff_only, duration_minutes=10)
    return Town(
        municipality,
        location,
        counter_a,
        counter_b,
        counter_c,
        eid,
        passport,
        container,
        staff_only,
    )
