# SPDX-License-Identifier: EUPL-1.2
"""A town hall with three counters open all week, its staff, and visits booked today."""

import itertools
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Channel, Leg, Reservation, ReservationStatus, VisitItem
from balie.booking.services import REFERENCE_ALPHABET
from balie.catalog.models import Counter, Location, Product
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.tenants.models import Municipality, Role
from balie.tenants.tests.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"


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
    clerk: User
    clerk_b: User
    clerk_c: User
    admin: User


def build_town(slug: str) -> Town:
    with scopes_disabled():
        municipality = MunicipalityFactory(
            slug=slug,
            name=slug.title(),
            lead_time_minutes=0,
            granularity_minutes=10,
            # Tests run on any day of the year, holidays included.
            observes_public_holidays=False,
        )
        location = LocationFactory(municipality=municipality, slug="hall", name="Town hall")
        counters = [CounterFactory(location=location, name=name) for name in ("A", "B", "C")]
        for counter in counters:
            for weekday in range(7):
                OpeningHoursFactory(
                    counter=counter, weekday=weekday, start=time(0), end=time(23, 50)
                )
        eid = ProductFactory(
            municipality=municipality,
            slug=f"{slug}-eid",
            title={"nl": "Identiteitskaart", "en": "Identity card"},
            what_to_bring={"nl": "Oude kaart en pasfoto", "en": "Old card and photo"},
        )
        passport = ProductFactory(
            municipality=municipality,
            slug=f"{slug}-passport",
            title={"nl": "Reispas", "en": "Passport"},
        )
        container = ProductFactory(
            municipality=municipality,
            slug=f"{slug}-container",
            title={"nl": "Afvalcontainer", "en": "Waste container"},
        )
        for counter, product in zip(counters, (eid, passport, container), strict=True):
            CounterServiceFactory(counter=counter, product=product, duration_minutes=10)
        clerk, clerk_b, clerk_c, admin = (
            StaffMembershipFactory(
                municipality=municipality,
                user=UserFactory(username=f"{name}-{slug}", is_staff=False),
                role=role,
            ).user
            for name, role in (
                ("clerk", Role.STAFF),
                ("clerk-b", Role.STAFF),
                ("clerk-c", Role.STAFF),
                ("admin", Role.ADMIN),
            )
        )
    return Town(
        municipality, location, *counters, eid, passport, container, clerk, clerk_b, clerk_c, admin
    )


@pytest.fixture
def town(db) -> Town:
    return build_town("demotown")


@pytest.fixture
def other_town(db) -> Town:
    return build_town("othertown")


def this_minute() -> datetime:
    """Now, to the minute; its local date is today whatever the hour."""
    return timezone.now().replace(second=0, microsecond=0)


_references = itertools.count(1)


def next_reference() -> str:
    """A fresh reference in booking's format, so the desk's parser sees real ones."""
    number, chars = next(_references), ""
    for _position in range(6):
        number, digit = divmod(number, len(REFERENCE_ALPHABET))
        chars += REFERENCE_ALPHABET[digit]
    return f"BAL-{chars[:4]}-{chars[4:]}"


def book_visit(
    town: Town,
    *,
    start: datetime,
    legs: list[tuple[Counter, Product]],
    given_name: str = "An",
    family_name: str = "Peeters",
    minutes: int = 10,
) -> Reservation:
    """A confirmed visit with one 10-minute leg per (counter, product), back to back.

    Written straight to the tables: the desk takes what booking confirmed, and these tests
    must not depend on the time of day the suite runs at.
    """
    with scopes_disabled():
        reservation = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=start,
            end=start + timedelta(minutes=minutes * len(legs)),
            channel=Channel.ONLINE,
            reference=next_reference(),
            given_name=given_name,
            family_name=family_name,
            email="an@example.org",
        )
        for position, (counter, product) in enumerate(legs):
            leg = Leg.objects.create(
                municipality=town.municipality,
                reservation=reservation,
                counter=counter,
                position=position,
                start=start + timedelta(minutes=minutes * position),
                end=start + timedelta(minutes=minutes * (position + 1)),
            )
            VisitItem.objects.create(
                reservation=reservation, leg=leg, product=product, quantity=1, position=position
            )
    return reservation
