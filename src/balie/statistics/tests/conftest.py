# SPDX-License-Identifier: EUPL-1.2
"""One Tuesday at a small town hall, every figure worked out by hand in the docstrings.

Town hall, Tuesday 10 March 2026 (Europe/Brussels, UTC+1). Counter A serves the identity
card, 09:00-12:00 for citizens and 13:00-14:00 staff only; counter B serves the passport,
09:00-12:00. Appointments of the day:

- R1 online, eid at A 09:00-09:10: in at 08:55, called 09:02, served 09:03-09:13.
- R2 phone, eid at A 09:10-09:20 then passport at B 09:20-09:30: in at 09:15, called 09:20,
  served 09:20-09:30; handed off to B at 09:30, called 09:34, served 09:34-09:44.
- R3 desk, passport at B 10:00-10:10: never came (marked no-show).
- R4 online, eid at A 10:00-10:10: cancelled.
- R5 API, 2 x eid at A 10:10-10:30: nothing recorded at the desk.
- R6 phone, eid at A 13:00-13:10 (staff-only time): nothing recorded.

Walk-ins: W1 from the kiosk (eid), in at 09:40, called at A 09:45, served 09:45-09:50; W2
drawn by a clerk (passport), in at 10:30, called at B 10:31, did not come. Plus noise that
must not count: an expired hold on the day and an appointment the next day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django_scopes import scopes_disabled

from balie.booking.models import Channel, Leg, Reservation, ReservationStatus, VisitItem
from balie.catalog.models import Counter, Location, Product
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.desk.models import Arrival, ArrivalKind, EntryStatus, QueueEntry
from balie.tenants.models import Municipality, Role
from balie.tenants.tests.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    UserFactory,
)

TZ = ZoneInfo("Europe/Brussels")
DAY = date(2026, 3, 10)
PASSWORD = "correct-horse-battery"


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), TZ)


@dataclass
class Hall:
    municipality: Municipality
    location: Location
    counter_a: Counter
    counter_b: Counter
    eid: Product
    passport: Product
    admin: User
    clerk: User
    reservations: dict[str, Reservation]


_references = iter(range(1, 10_000))


def reserve(
    hall: Hall,
    *,
    channel: str,
    legs: list[tuple[Counter, Product, datetime, int]],
    status: str = ReservationStatus.CONFIRMED,
    quantity: int = 1,
) -> Reservation:
    """A visit written straight to the tables, one leg per (counter, product, start, minutes)."""
    reservation = Reservation.objects.create(
        municipality=hall.municipality,
        location=hall.location,
        status=status,
        start=legs[0][2],
        end=legs[-1][2] + timedelta(minutes=legs[-1][3]),
        channel=channel,
        reference=None if status == ReservationStatus.EXPIRED else f"BAL-T{next(_references):07d}",
        given_name="Anna",
        family_name="Vermeulen",
        email="anna.vermeulen@example.org",
        phone="+32470123456",
        national_number="85073003328",
    )
    for position, (counter, product, start, minutes) in enumerate(legs):
        leg = Leg.objects.create(
            municipality=hall.municipality,
            reservation=reservation,
            counter=counter,
            position=position,
            start=start,
            end=start + timedelta(minutes=minutes),
            released=status != ReservationStatus.CONFIRMED,
        )
        VisitItem.objects.create(
            reservation=reservation, leg=leg, product=product, quantity=quantity, position=position
        )
    return reservation


def arrive(
    hall: Hall,
    *,
    number: int,
    reservation: Reservation | None = None,
    product: Product | None = None,
    checked_in_at: datetime | None,
    by: User | None = None,
) -> Arrival:
    return Arrival.objects.create(
        municipality=hall.municipality,
        location=hall.location,
        service_day=DAY,
        number=number,
        kind=ArrivalKind.APPOINTMENT if reservation else ArrivalKind.WALK_IN,
        reservation=reservation,
        product=product,
        checked_in_at=checked_in_at,
        checked_in_by=by,
    )


def queue(arrival: Arrival, *, position: int = 0, **fields: object) -> QueueEntry:
    leg = None
    if arrival.reservation is not None:
        leg = arrival.reservation.legs.get(position=position)
        fields.setdefault("counter", leg.counter)
        fields.setdefault("due_at", leg.start)
    return QueueEntry.objects.create(
        municipality=arrival.municipality,
        arrival=arrival,
        location=arrival.location,
        kind=arrival.kind,
        leg=leg,
        product=arrival.product,
        position=position,
        **fields,
    )


def build_hall(slug: str = "halle", nis_code: str = "23027") -> Hall:
    with scopes_disabled():
        municipality = MunicipalityFactory(
            slug=slug,
            name=slug.title(),
            nis_code=nis_code,
            lead_time_minutes=0,
            observes_public_holidays=False,
        )
        location = LocationFactory(municipality=municipality, slug="hall", name="Town hall")
        counter_a = CounterFactory(location=location, name="A")
        counter_b = CounterFactory(location=location, name="B")
        OpeningHoursFactory(counter=counter_a, weekday=1, start=time(9), end=time(12))
        OpeningHoursFactory(
            counter=counter_a, weekday=1, start=time(13), end=time(14), staff_only=True
        )
        OpeningHoursFactory(counter=counter_b, weekday=1, start=time(9), end=time(12))
        eid = ProductFactory(
            municipality=municipality,
            slug=f"{slug}-eid",
            title={"nl": "Identiteitskaart", "en": "Identity card"},
            max_quantity=3,
        )
        passport = ProductFactory(
            municipality=municipality,
            slug=f"{slug}-passport",
            title={"nl": "Reispas", "en": "Passport"},
        )
        CounterServiceFactory(counter=counter_a, product=eid, duration_minutes=10)
        CounterServiceFactory(counter=counter_b, product=passport, duration_minutes=10)
        admin, clerk = (
            StaffMembershipFactory(
                municipality=municipality,
                user=UserFactory(username=f"{name}-{slug}", is_staff=False),
                role=role,
            ).user
            for name, role in (("admin", Role.ADMIN), ("clerk", Role.STAFF))
        )
        hall = Hall(municipality, location, counter_a, counter_b, eid, passport, admin, clerk, {})
        a, b = counter_a, counter_b
        r = hall.reservations
        r["R1"] = reserve(hall, channel=Channel.ONLINE, legs=[(a, eid, at(9), 10)])
        r["R2"] = reserve(
            hall,
            channel=Channel.PHONE,
            legs=[(a, eid, at(9, 10), 10), (b, passport, at(9, 20), 10)],
        )
        r["R3"] = reserve(hall, channel=Channel.DESK, legs=[(b, passport, at(10), 10)])
        r["R4"] = reserve(
            hall,
            channel=Channel.ONLINE,
            legs=[(a, eid, at(10), 10)],
            status=ReservationStatus.CANCELLED,
        )
        r["R5"] = reserve(hall, channel=Channel.API, legs=[(a, eid, at(10, 10), 20)], quantity=2)
        r["R6"] = reserve(hall, channel=Channel.PHONE, legs=[(a, eid, at(13), 10)])
        reserve(
            hall,
            channel=Channel.ONLINE,
            legs=[(a, eid, at(11), 10)],
            status=ReservationStatus.EXPIRED,
        )
        reserve(
            hall, channel=Channel.ONLINE, legs=[(a, eid, at(9, day=DAY + timedelta(days=7)), 10)]
        )

        one = arrive(hall, number=1, reservation=r["R1"], checked_in_at=at(8, 55))
        queue(
            one,
            status=EntryStatus.DONE,
            queued_at=at(8, 55),
            on_time=True,
            ordered_at=at(9),
            called_at=at(9, 2),
            serving_at=at(9, 3),
            finished_at=at(9, 13),
        )
        two = arrive(hall, number=2, reservation=r["R2"], checked_in_at=at(9, 15), by=clerk)
        queue(
            two,
            status=EntryStatus.DONE,
            queued_at=at(9, 15),
            on_time=True,
            called_at=at(9, 20),
            serving_at=at(9, 20),
            finished_at=at(9, 30),
        )
        queue(
            two,
            position=1,
            status=EntryStatus.DONE,
            queued_at=at(9, 30),
            on_time=True,
            called_at=at(9, 34),
            serving_at=at(9, 34),
            finished_at=at(9, 44),
        )
        three = arrive(hall, number=3, reservation=r["R3"], checked_in_at=None, by=clerk)
        queue(three, status=EntryStatus.NO_SHOW, finished_at=at(10, 20))
        walk_in = arrive(hall, number=4, product=eid, checked_in_at=at(9, 40))
        queue(
            walk_in,
            counter=a,
            status=EntryStatus.DONE,
            due_at=at(9, 40),
            queued_at=at(9, 40),
            called_at=at(9, 45),
            serving_at=at(9, 45),
            finished_at=at(9, 50),
        )
        gone = arrive(hall, number=5, product=passport, checked_in_at=at(10, 30), by=clerk)
        queue(
            gone,
            counter=b,
            status=EntryStatus.NO_SHOW,
            due_at=at(10, 30),
            queued_at=at(10, 30),
            called_at=at(10, 31),
            finished_at=at(10, 35),
        )
    return hall


@pytest.fixture
def hall(db) -> Hall:
    return build_hall()


@pytest.fixture
def other_hall(db) -> Hall:
    return build_hall("andere", nis_code="23088")
