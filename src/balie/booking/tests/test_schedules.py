# SPDX-License-Identifier: EUPL-1.2
"""Prepared schedules reused across requests: reused while nothing changed, never trusted
to sell a taken time, never blocking a time that became free."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from balie.booking import schedules
from balie.booking.availability import Audience, list_available_starts, visit_from_pairs
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import CounterTimeUnit, ReservationStatus
from balie.booking.services import (
    book_visit,
    cancel_appointment,
    hold_visit,
    switch_off_reminders,
)
from balie.booking.tests.conftest import NOW, at
from balie.booking.tests.test_services import CITIZEN
from balie.core import versions


def starts(town, now=NOW):
    return list_available_starts(
        municipality=town.municipality,
        location=town.location,
        visit=visit_from_pairs([(town.eid.pk, 1)]),
        day=at(2, 9).date(),
        now=now,
    )


def hold_nine(town, now=NOW):
    """An eID visit held at 09:00 on 2 March."""
    return hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=at(2, 9),
        now=now,
    )


def book_nine(town):
    """An eID visit booked at 09:00 on 2 March; returns (reservation, manage token)."""
    return book_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=at(2, 9),
        details=CITIZEN,
        now=NOW,
    )


def busy_reads(queries) -> int:
    return sum("range_agg" in query["sql"] for query in queries.captured_queries)


def test_a_second_read_reuses_the_prepared_schedule(town):
    starts(town)

    with CaptureQueriesContext(connection) as queries:
        again = starts(town)

    assert busy_reads(queries) == 0
    assert at(2, 9) in again


def test_a_booking_makes_every_reader_see_its_time_taken(town):
    # Given a prepared schedule that offers 09:00
    assert at(2, 9) in starts(town)

    # When someone holds 09:00
    hold_nine(town)

    # Then the next read is a fresh one and no longer offers it
    with CaptureQueriesContext(connection) as queries:
        after = starts(town)
    assert busy_reads(queries) == 1
    assert at(2, 9) not in after


def test_a_stale_schedule_never_sells_a_taken_time(town, monkeypatch):
    # Given every process missing the version bump of a booking (the worst case)
    assert at(2, 9) in starts(town)
    monkeypatch.setattr(schedules, "bump_schedule_version", lambda **kwargs: None)
    book_nine(town)
    assert at(2, 9) in starts(town)  # the stale entry still says free

    # When a second citizen holds that time
    with pytest.raises(BookingError) as refused:
        hold_nine(town)

    # Then the unit rows refuse it, with free alternatives from a fresh read
    assert refused.value.code == BookingErrorCode.SLOT_UNAVAILABLE
    assert at(2, 9) not in refused.value.alternatives
    with scopes_disabled():
        assert CounterTimeUnit.objects.filter(unit_start=at(2, 9)).count() == 1


def test_a_hold_that_lapsed_since_the_schedule_was_prepared_does_not_block(town):
    # Given a hold at 09:00 that a reused schedule shows as taken
    hold_nine(town)
    later = NOW + timedelta(minutes=town.municipality.hold_minutes + 1)
    schedules.get_prepared_schedule(
        municipality=town.municipality,
        location=town.location,
        first_day=at(2, 9).date(),
        last_day=at(2, 9).date(),
        now=NOW,
        audience=Audience.CITIZEN,
    )

    # When another citizen asks for 09:00 after the hold lapsed (no sweep has run)
    reservation = hold_nine(town, now=later)

    # Then the fresh read lets them have it
    assert reservation.status == ReservationStatus.HELD
    assert reservation.start == at(2, 9)


def test_an_entry_is_not_reused_after_its_lifetime(town, monkeypatch):
    born, late = 1_000_000.0, 1_000_000.0 + schedules.ENTRY_SECONDS + 1
    clock = iter([born, late, late])
    monkeypatch.setattr(schedules, "_clock", lambda: next(clock))
    starts(town)  # stored at the first instant

    with CaptureQueriesContext(connection) as queries:
        starts(town)  # read after its lifetime

    assert busy_reads(queries) == 1


def test_a_lost_version_never_comes_back_as_an_old_one(town):
    # Given a version that old entries were stored under
    before = schedules.get_schedule_version(location_id=town.location.pk)

    # When the shared cache loses it (a flush, an eviction)
    cache.clear()

    # Then the new version starts elsewhere, so no old entry matches it
    assert schedules.get_schedule_version(location_id=town.location.pk) != before


def test_without_a_readable_version_every_read_is_fresh(town, monkeypatch):
    # Given a shared cache that does not answer
    starts(town)

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(versions.cache, "get", down)
    monkeypatch.setattr(versions.cache, "incr", down)

    # When a time is held and read again, the booking still succeeds and is seen
    hold_nine(town)
    with CaptureQueriesContext(connection) as queries:
        after = starts(town)

    assert busy_reads(queries) == 1
    assert at(2, 9) not in after


def _second_location(town):
    """A district office of the same town that also issues eID cards."""
    from datetime import time

    from balie.catalog.tests.factories import (
        CounterFactory,
        CounterServiceFactory,
        LocationFactory,
        OpeningHoursFactory,
    )

    with scopes_disabled():
        office = LocationFactory(municipality=town.municipality, slug="district-office")
        counter = CounterFactory(location=office, name="D")
        for weekday in range(5):
            OpeningHoursFactory(counter=counter, weekday=weekday, start=time(9), end=time(12))
        CounterServiceFactory(counter=counter, product=town.eid, duration_minutes=10)
    return office


def office_starts(town, office):
    return list_available_starts(
        municipality=town.municipality,
        location=office,
        visit=visit_from_pairs([(town.eid.pk, 1)]),
        day=at(2, 9).date(),
        now=NOW,
    )


def test_a_booking_at_one_location_leaves_another_locations_schedule_reused(town):
    # Given prepared schedules at the town hall and at the district office
    office = _second_location(town)
    starts(town)
    office_starts(town, office)

    # When someone books 09:00 at the town hall
    book_nine(town)

    # Then the district office's schedule is still reused, the town hall's read afresh
    with CaptureQueriesContext(connection) as office_queries:
        assert at(2, 9) in office_starts(town, office)
    with CaptureQueriesContext(connection) as hall_queries:
        assert at(2, 9) not in starts(town)
    assert busy_reads(office_queries) == 0
    assert busy_reads(hall_queries) == 1


def test_a_cancellation_makes_its_time_free_again_for_every_reader(town):
    # Given a booked 09:00 and a prepared schedule that shows it taken
    reservation, _token = book_nine(town)
    assert at(2, 9) not in starts(town)

    # When the citizen cancels
    cancel_appointment(reservation=reservation, now=NOW)

    # Then the next read is fresh and offers 09:00 again
    assert at(2, 9) in starts(town)


def test_switching_reminders_off_leaves_the_prepared_schedule_valid(town):
    # Given a booking and a prepared schedule read after it
    reservation, _token = book_nine(town)
    starts(town)

    # When the citizen switches the reminders off (no counter time changes hands)
    switch_off_reminders(reservation=reservation, now=NOW)

    # Then the schedule is reused
    with CaptureQueriesContext(connection) as queries:
        starts(town)
    assert busy_reads(queries) == 0
