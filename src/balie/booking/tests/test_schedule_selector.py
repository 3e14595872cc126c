# SPDX-License-Identifier: EUPL-1.2
"""build_schedule: a fixed number of queries, and the right busy, open and staff-only time."""

from datetime import date, time, timedelta

from django_scopes import scopes_disabled

from balie.booking.models import Leg, Reservation, ReservationStatus
from balie.booking.selectors import build_schedule
from balie.booking.tests.conftest import BRUSSELS, NOW, at
from balie.catalog.models import Counter, CounterService, OpeningHours
from balie.catalog.tests.factories import (
    ClosingDayFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.scheduling import Interval

# Services, opening hours, busy legs, closing days: whatever the size of the location.
QUERIES = 4
EASTER_MONDAY = date(2027, 3, 29)


def occupy(town, counter, start, minutes, status, expires_at=None) -> Reservation:
    """A reservation with one leg, written directly so its status and expiry are exact."""
    with scopes_disabled():
        reservation = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=status,
            start=start,
            end=start + timedelta(minutes=minutes),
            expires_at=expires_at,
        )
        # The leg carries its reservation's state the way the booking services write it.
        Leg.objects.create(
            municipality=town.municipality,
            reservation=reservation,
            counter=counter,
            position=0,
            start=reservation.start,
            end=reservation.end,
            expires_at=expires_at if status == ReservationStatus.HELD else None,
            released=status in (ReservationStatus.CANCELLED, ReservationStatus.EXPIRED),
        )
    return reservation


def schedule_for(town, product_ids, first_day, last_day, now=NOW, **kwargs):
    return build_schedule(
        municipality=town.municipality,
        location=town.location,
        product_ids=product_ids,
        first_day=first_day,
        last_day=last_day,
        now=now,
        **kwargs,
    )


def calendar_of(schedule, counter):
    return next(c for c in schedule.counters if c.counter_id == counter.pk)


def days_open(calendar) -> set[date]:
    return {interval.start.astimezone(BRUSSELS).date() for interval in calendar.open}


def test_small_schedule_takes_the_fixed_number_of_queries(town, django_assert_num_queries):
    # Given one counter serving the product, asked for one day
    # When the schedule is built
    with django_assert_num_queries(QUERIES):
        schedule = schedule_for(town, [town.container.pk], date(2027, 3, 2), date(2027, 3, 2))

    # Then it covers that one counter
    assert [c.counter_id for c in schedule.counters] == [town.counter_c.pk]


def test_large_schedule_takes_the_same_number_of_queries(town, django_assert_num_queries):
    # Given 30 counters serving two products, with opening hours, closing days and 300 bookings
    with scopes_disabled():
        product = ProductFactory(municipality=town.municipality, slug="big")
        counters = Counter.objects.bulk_create(
            Counter(municipality=town.municipality, location=town.location, name=f"Big {n}")
            for n in range(30)
        )
        CounterService.objects.bulk_create(
            CounterService(
                municipality=town.municipality, counter=c, product=p, duration_minutes=10
            )
            for c in counters
            for p in (product, town.passport)
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(
                municipality=town.municipality, counter=c, weekday=d, start=time(9), end=time(16)
            )
            for c in counters
            for d in range(6)
        )
        for n in range(10):
            ClosingDayFactory(
                municipality=town.municipality, counter=counters[n], date=date(2027, 4, 1 + n)
            )
        ClosingDayFactory(municipality=town.municipality, location=town.location, date=NOW.date())
        reservations = Reservation.objects.bulk_create(
            Reservation(
                municipality=town.municipality,
                location=town.location,
                status=ReservationStatus.CONFIRMED,
                start=at(2, 9) + timedelta(days=n // 10, minutes=10 * (n % 10)),
                end=at(2, 9, 10) + timedelta(days=n // 10, minutes=10 * (n % 10)),
            )
            for n in range(300)
        )
        Leg.objects.bulk_create(
            Leg(
                municipality=town.municipality,
                reservation=r,
                counter=counters[n % 30],
                position=0,
                start=r.start,
                end=r.end,
            )
            for n, r in enumerate(reservations)
        )

    # When a 90-day schedule is built, with one reservation left out
    with django_assert_num_queries(QUERIES):
        schedule = schedule_for(
            town,
            [product.pk, town.passport.pk],
            date(2027, 3, 1),
            date(2027, 5, 29),
            ignore_reservation_id=reservations[0].pk,
        )

    # Then it covers all 31 counters and all bookings but the one left out
    assert len(schedule.counters) == 31
    assert sum(len(c.busy) for c in schedule.counters) == 299


def test_busy_time_counts_confirmed_and_unexpired_holds_only(town):
    # Given four visits at counter A on Tuesday in each state, and a held one that lapsed
    confirmed = occupy(town, town.counter_a, at(2, 9), 10, ReservationStatus.CONFIRMED)
    held = occupy(
        town, town.counter_a, at(2, 9, 20), 10, ReservationStatus.HELD, NOW + timedelta(minutes=1)
    )
    occupy(town, town.counter_a, at(2, 9, 40), 10, ReservationStatus.HELD, NOW)  # lapsed
    occupy(town, town.counter_a, at(2, 10), 10, ReservationStatus.CANCELLED)
    occupy(town, town.counter_a, at(2, 10, 20), 10, ReservationStatus.EXPIRED, NOW)

    # When the schedule is built at NOW
    schedule = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 2))

    # Then only the confirmed visit and the live hold are busy
    assert set(calendar_of(schedule, town.counter_a).busy) == {
        Interval(confirmed.start, confirmed.end),
        Interval(held.start, held.end),
    }


def test_ignored_reservation_is_left_out_of_busy_time(town):
    # Given two confirmed visits at counter A
    moving = occupy(town, town.counter_a, at(2, 9), 10, ReservationStatus.CONFIRMED)
    staying = occupy(town, town.counter_a, at(2, 9, 30), 10, ReservationStatus.CONFIRMED)

    # When the schedule is built for moving one of them
    schedule = schedule_for(
        town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 2), ignore_reservation_id=moving.pk
    )

    # Then only the other one is busy
    assert calendar_of(schedule, town.counter_a).busy == (Interval(staying.start, staying.end),)


def test_visits_outside_the_days_or_at_other_counters_are_not_busy(town):
    # Given visits at counter A a week later and at counter B on the same day
    occupy(town, town.counter_a, at(10, 9), 10, ReservationStatus.CONFIRMED)
    occupy(town, town.counter_b, at(2, 9), 20, ReservationStatus.CONFIRMED)

    # When Tuesday's schedule is built for eID (counter A only)
    schedule = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 2))

    # Then counter A is free and counter B is not part of it
    assert [c.counter_id for c in schedule.counters] == [town.counter_a.pk]
    assert calendar_of(schedule, town.counter_a).busy == ()


def test_closing_days_and_holidays_remove_open_time(town):
    # Given the hall closed on Wednesday 3 March, counter A closed on Thursday 4 March,
    # and Easter Monday (29 March) a public holiday
    with scopes_disabled():
        ClosingDayFactory(
            municipality=town.municipality, location=town.location, date=date(2027, 3, 3)
        )
        ClosingDayFactory(
            municipality=town.municipality, counter=town.counter_a, date=date(2027, 3, 4)
        )

    # When the schedule for the whole month is built
    schedule = schedule_for(
        town, [town.eid.pk, town.passport.pk], date(2027, 3, 1), date(2027, 3, 31)
    )

    # Then those days have no open time where they apply, and other weekdays still do
    a, b = calendar_of(schedule, town.counter_a), calendar_of(schedule, town.counter_b)
    assert date(2027, 3, 3) not in days_open(a) | days_open(b)
    assert date(2027, 3, 4) not in days_open(a)
    assert date(2027, 3, 4) in days_open(b)
    assert EASTER_MONDAY not in days_open(a) | days_open(b)
    assert {date(2027, 3, 2), date(2027, 3, 5), date(2027, 3, 30)} <= days_open(a)
    assert Interval(at(2, 9), at(2, 12)) in a.open


def test_staff_only_hours_are_open_and_listed_as_staff_only(town):
    # Given counter A also opens on Monday afternoons for staff bookings only
    with scopes_disabled():
        OpeningHoursFactory(
            counter=town.counter_a, weekday=0, start=time(13), end=time(15), staff_only=True
        )

    # When the schedule for the second week of March is built
    schedule = schedule_for(town, [town.eid.pk], date(2027, 3, 8), date(2027, 3, 12))

    # Then that afternoon is open time and staff-only time; mornings are for everyone
    a = calendar_of(schedule, town.counter_a)
    assert Interval(at(8, 13), at(8, 15)) in a.staff_only
    assert Interval(at(8, 13), at(8, 15)) in a.open
    assert Interval(at(8, 9), at(8, 12)) in a.open
    assert Interval(at(8, 9), at(8, 12)) not in a.staff_only
    assert {interval.start.astimezone(BRUSSELS).date() for interval in a.staff_only} == {
        date(2027, 3, 8)
    }


def test_repeated_schedule_reads_only_the_bookings(town, django_assert_num_queries):
    # Given a schedule built once (catalog read and cached)
    schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 31))

    # When the same days are asked again
    with django_assert_num_queries(1):
        again = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 31))

    # Then only the bookings were read, and the opening hours are the same
    assert calendar_of(again, town.counter_a).open


def test_catalog_change_is_seen_at_once(town):
    # Given a cached schedule in which 3 March is open
    before = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 5))
    assert date(2027, 3, 3) in days_open(calendar_of(before, town.counter_a))

    # When an admin closes the counter that day (the request reloads the municipality)
    with scopes_disabled():
        ClosingDayFactory(
            municipality=town.municipality, counter=town.counter_a, date=date(2027, 3, 3)
        )
    town.municipality.refresh_from_db()

    # Then the next schedule has the day closed
    after = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 5))
    assert date(2027, 3, 3) not in days_open(calendar_of(after, town.counter_a))


def test_busy_time_follows_the_booking_services(town):
    from balie.booking.services import (
        CitizenDetails,
        cancel_appointment,
        confirm_hold,
        expire_holds,
        hold_visit,
    )

    def busy(now=NOW):
        schedule = schedule_for(town, [town.eid.pk], date(2027, 3, 2), date(2027, 3, 2), now=now)
        return calendar_of(schedule, town.counter_a).busy

    def hold(start):
        return hold_visit(
            municipality=town.municipality,
            location=town.location,
            items=[(town.eid.pk, 1)],
            start=start,
            now=NOW,
        )

    # Given a held visit: busy until its hold lapses
    first = hold(at(2, 9))
    assert busy() == (Interval(at(2, 9), at(2, 9, 10)),)
    assert busy(now=NOW + timedelta(minutes=10)) == ()

    # When it is confirmed, it stays busy after the hold time; a cancel frees it
    confirmed, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=first.public_id,
        now=NOW,
        details=CitizenDetails(given_name="An", family_name="P", email="an@example.org"),
    )
    assert busy(now=NOW + timedelta(minutes=30)) == (Interval(at(2, 9), at(2, 9, 10)),)
    cancel_appointment(reservation=confirmed, now=NOW)
    assert busy() == ()

    # And a hold expired by the periodic task is free too
    hold(at(2, 10))
    expire_holds(now=NOW + timedelta(minutes=10))
    assert busy() == ()
