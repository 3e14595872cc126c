# SPDX-License-Identifier: EUPL-1.2
"""Cancel against check-in and no-show, two clerks on one visitor, and forced lock trouble.

A cancel that commits between the desk's look at the appointment and its lock must win:
the desk re-checks after the lock. Races run as threads with their own connections on
PostgreSQL; afterwards the database is asked directly whether a cancelled visit is in a
queue. A forced deadlock or lock timeout becomes "busy" on every desk write, never a 500.
"""

from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from balie.booking import locks
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Attendance, Reservation, ReservationStatus
from balie.booking.services import cancel_appointment
from balie.desk import services
from balie.desk.exceptions import DeskError, DeskErrorCode
from balie.desk.models import Arrival, EntryStatus, QueueEntry
from balie.desk.tests.conftest import Town, book_visit, this_minute
from balie.desk.tests.test_races import race

pytestmark = [pytest.mark.urls("balie.desk.tests.urls")]

DEADLOCK = "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '40P01'; END $$"


def _visit(town: Town, *, minutes_from_now: int) -> Reservation:
    return book_visit(
        town,
        start=this_minute() + timedelta(minutes=minutes_from_now),
        legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)],
    )


def assert_no_cancelled_visit_in_a_queue() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM booking_reservation r
            JOIN desk_arrival a ON a.reservation_id = r.id
            WHERE r.status = 'cancelled'
            """
        )
        assert cursor.fetchone()[0] == 0, "a cancelled visit has an arrival"


# --- a cancel committing between the desk's check and its lock -------------------------------


@pytest.mark.django_db
def test_a_visit_cancelled_after_the_desk_looked_at_it_is_not_checked_in(town):
    # Given the desk has read the appointment, still confirmed
    seen = _visit(town, minutes_from_now=5)
    # When the citizen cancels before the desk's check-in takes its lock
    cancel_appointment(reservation=Reservation.objects.with_scopes_disabled().get(pk=seen.pk))
    # Then the check-in, still holding the stale row, is refused and nothing joins a queue
    with pytest.raises(DeskError) as error:
        services.check_in_visit(municipality=town.municipality, reservation=seen)
    assert error.value.code == DeskErrorCode.NOT_CONFIRMED
    with scopes_disabled():
        assert not Arrival.objects.exists() and not QueueEntry.objects.exists()


@pytest.mark.django_db
def test_a_visit_cancelled_after_the_desk_looked_at_it_is_not_marked_no_show(town):
    seen = _visit(town, minutes_from_now=5)
    cancel_appointment(reservation=Reservation.objects.with_scopes_disabled().get(pk=seen.pk))

    with pytest.raises(DeskError) as error:
        services.mark_appointment_no_show(
            municipality=town.municipality, reservation=seen, now=seen.start + timedelta(minutes=1)
        )

    assert error.value.code == DeskErrorCode.NOT_CONFIRMED
    with scopes_disabled():
        assert not Arrival.objects.exists()


@pytest.mark.django_db
def test_a_checked_in_visitor_cannot_be_cancelled_or_moved_away(town):
    visit = _visit(town, minutes_from_now=5)
    services.check_in_visit(municipality=town.municipality, reservation=visit)

    with pytest.raises(BookingError) as error:
        cancel_appointment(reservation=visit)

    assert error.value.code == BookingErrorCode.ALREADY_ARRIVED
    visit.refresh_from_db()
    assert visit.status == ReservationStatus.CONFIRMED
    assert visit.attendance == Attendance.ARRIVED


# --- real races ----------------------------------------------------------------------------

ROUNDS = 6


@pytest.mark.django_db(transaction=True)
def test_cancel_against_check_in_leaves_one_clear_winner(postgres, town):
    visits = [_visit(town, minutes_from_now=5 + 20 * index) for index in range(ROUNDS)]
    for visit in visits:
        acts = [
            lambda visit=visit: cancel_appointment(reservation=visit),
            lambda visit=visit: services.check_in_visit(
                municipality=town.municipality, reservation=visit
            ),
        ]
        cancelled, checked_in = race(2, lambda index, acts=acts: acts[index]())
        # Exactly one wins; the loser hears why in its own words.
        if isinstance(cancelled, BaseException):
            assert isinstance(cancelled, BookingError), cancelled
            assert cancelled.code == BookingErrorCode.ALREADY_ARRIVED
            assert isinstance(checked_in, Arrival)
        else:
            assert isinstance(checked_in, DeskError), checked_in
            assert checked_in.code == DeskErrorCode.NOT_CONFIRMED
    assert_no_cancelled_visit_in_a_queue()


@pytest.mark.django_db(transaction=True)
def test_cancel_against_no_show_leaves_one_clear_winner(postgres, town):
    visits = [_visit(town, minutes_from_now=5 + 20 * index) for index in range(ROUNDS)]
    for visit in visits:
        # The citizen's clock is just before the start, the desk's just after it.
        before, after = visit.start - timedelta(minutes=1), visit.start + timedelta(minutes=1)
        acts = [
            lambda visit=visit, before=before: cancel_appointment(reservation=visit, now=before),
            lambda visit=visit, after=after: services.mark_appointment_no_show(
                municipality=town.municipality, reservation=visit, now=after
            ),
        ]
        cancelled, no_show = race(2, lambda index, acts=acts: acts[index]())
        if isinstance(cancelled, BaseException):
            assert isinstance(cancelled, BookingError), cancelled
            assert cancelled.code == BookingErrorCode.IN_THE_PAST
            assert isinstance(no_show, Arrival)
        else:
            assert isinstance(no_show, DeskError), no_show
            assert no_show.code == DeskErrorCode.NOT_CONFIRMED
    assert_no_cancelled_visit_in_a_queue()


@pytest.mark.django_db(transaction=True)
def test_two_clerks_checking_in_one_visitor_give_one_arrival(postgres, town):
    visit = _visit(town, minutes_from_now=5)

    results = race(
        2,
        lambda index: services.check_in_visit(
            municipality=town.municipality, reservation=visit, user=town.clerk
        ),
    )

    assert all(isinstance(result, Arrival) for result in results), results
    assert results[0].pk == results[1].pk
    with scopes_disabled():
        assert QueueEntry.objects.filter(status=EntryStatus.WAITING).count() == 1


# --- forced lock trouble -------------------------------------------------------------------


def _desk_writes(town: Town):  # type: ignore[no-untyped-def]
    """Every desk write that moves a visitor, each ready to run once."""
    now = this_minute()
    visit = _visit(town, minutes_from_now=5)
    late = _visit(town, minutes_from_now=-30)
    ticket = services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid, now=now
    )
    with scopes_disabled():
        entry = QueueEntry.objects.get(arrival=ticket)
    QueueEntry.objects.with_scopes_disabled().filter(pk=entry.pk).update(
        status=EntryStatus.CALLED, counter=town.counter_a
    )
    municipality = town.municipality
    counter = town.counter_a
    return {
        "check_in": lambda: services.check_in_visit(municipality=municipality, reservation=visit),
        "appointment_no_show": lambda: services.mark_appointment_no_show(
            municipality=municipality, reservation=late
        ),
        "walk_in": lambda: services.create_walk_in_ticket(
            municipality=municipality, location=town.location, product=town.eid
        ),
        "call_next": lambda: services.call_next_visitor(
            municipality=municipality, counter=town.counter_b, user=town.clerk
        ),
        "recall": lambda: services.recall_visitor(
            municipality=municipality, counter=counter, entry_id=entry.pk
        ),
        "serve": lambda: services.start_serving(
            municipality=municipality, counter=counter, entry_id=entry.pk
        ),
        "complete": lambda: services.complete_leg(
            municipality=municipality, counter=counter, entry_id=entry.pk
        ),
        "no_show": lambda: services.mark_no_show(
            municipality=municipality, counter=counter, entry_id=entry.pk
        ),
    }


WRITES = [
    "check_in",
    "appointment_no_show",
    "walk_in",
    "call_next",
    "recall",
    "serve",
    "complete",
    "no_show",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("write", WRITES)
def test_a_forced_deadlock_is_busy_on_every_desk_write(postgres, town, monkeypatch, caplog, write):
    act = _desk_writes(town)[write]
    monkeypatch.setattr(locks, "LOCK_TIMEOUT_STATEMENT", DEADLOCK)

    with pytest.raises(DeskError) as error:
        act()

    assert error.value.code == DeskErrorCode.BUSY and error.value.status == 503
    assert error.value.retry_after
    assert f"desk.{write}" in caplog.text and "gave up" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_lock_held_elsewhere_makes_check_in_busy_after_a_bounded_wait(postgres, town, settings):
    settings.BALIE_LOCK_TIMEOUT_MS = 50
    visit = _visit(town, minutes_from_now=5)
    database = connection.settings_dict
    holder = psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
    )
    try:
        holder.execute("SELECT 1 FROM booking_reservation WHERE id = %s FOR UPDATE", [visit.pk])
        with pytest.raises(DeskError) as error:
            services.check_in_visit(municipality=town.municipality, reservation=visit)
    finally:
        holder.rollback()
        holder.close()

    assert error.value.code == DeskErrorCode.BUSY
    with scopes_disabled():
        assert not Arrival.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_busy_desk_answers_with_a_message_not_a_server_error(postgres, town, monkeypatch):
    visit = _visit(town, minutes_from_now=5)
    client = Client()
    client.force_login(town.clerk)
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)
    monkeypatch.setattr(locks, "LOCK_TIMEOUT_STATEMENT", DEADLOCK)

    response = client.post(
        reverse("desk:check-in", kwargs={"municipality_slug": town.municipality.slug}),
        {"reservation": str(visit.public_id)},
    )

    assert response.status_code == 302
    assert "busy" in client.get(response["Location"]).content.decode()
