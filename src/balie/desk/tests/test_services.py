# SPDX-License-Identifier: EUPL-1.2
"""The desk's day: check-in, the fair call order, multi-counter visits, walk-ins, no-shows."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scope, scopes_disabled

from balie.desk import selectors, services
from balie.desk.exceptions import DeskError, DeskErrorCode
from balie.desk.models import Arrival, DeskSettings, EntryStatus, QueueEntry
from balie.desk.tests.conftest import Town, book_visit, this_minute

pytestmark = pytest.mark.django_db


def statuses(arrival: Arrival) -> list[str]:
    with scopes_disabled():
        return list(arrival.entries.order_by("position").values_list("status", flat=True))


def queue_codes(town: Town, counter, now) -> list[str]:
    return [
        row.code
        for row in selectors.list_counter_queue(
            municipality=town.municipality, counter=counter, now=now
        )
    ]


def call(town: Town, counter, user, now):
    return services.call_next_visitor(
        municipality=town.municipality, counter=counter, user=user, now=now
    )


def test_a_three_counter_visit_moves_from_queue_to_queue_until_done(town):
    """Completing a leg puts the visitor in the next counter's queue, to the last one."""
    # Given a visit booked at counters A, B and C, checked in on time
    now = this_minute()
    visit = book_visit(
        town,
        start=now,
        legs=[
            (town.counter_a, town.eid),
            (town.counter_b, town.passport),
            (town.counter_c, town.container),
        ],
    )
    arrival = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    assert statuses(arrival) == ["waiting", "pending", "pending"]
    assert queue_codes(town, town.counter_a, now) == [arrival.code]
    assert queue_codes(town, town.counter_b, now) == []

    for step, (counter, user, nxt) in enumerate(
        [
            (town.counter_a, town.clerk, town.counter_b),
            (town.counter_b, town.clerk_b, town.counter_c),
            (town.counter_c, town.clerk_c, None),
        ]
    ):
        # When the counter calls the next visitor and completes the leg
        entry = call(town, counter, user, now)
        assert entry is not None and entry.arrival_id == arrival.pk
        display = selectors.list_display_calls(
            municipality=town.municipality, location=town.location, now=now, limit=5
        )
        assert [(c.code, c.counter) for c in display] == [(arrival.code, counter.name)]
        following = services.complete_leg(
            municipality=town.municipality, counter=counter, entry_id=entry.pk, now=now
        )
        # Then the visitor waits at the next counter, or the visit is over
        if nxt is None:
            assert following is None
        else:
            assert following is not None and following.counter_id == nxt.pk
            assert queue_codes(town, nxt, now) == [arrival.code]
        assert queue_codes(town, counter, now) == []
        assert statuses(arrival)[: step + 1] == ["done"] * (step + 1)

    assert statuses(arrival) == ["done", "done", "done"]
    assert (
        selectors.list_display_calls(
            municipality=town.municipality, location=town.location, now=now, limit=5
        )
        == []
    )


def test_today_at_my_counter_shows_status_and_whether_earlier_legs_are_done(town, dutch):
    # Given a two-counter visit checked in and served at A
    now = this_minute()
    visit = book_visit(
        town, start=now, legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)]
    )
    expected = book_visit(
        town,
        start=now + timedelta(minutes=30),
        legs=[(town.counter_b, town.passport)],
        given_name="Bram",
    )
    services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)

    def agenda():
        return selectors.list_counter_agenda(
            municipality=town.municipality,
            counter=town.counter_b,
            day=selectors.local_today(municipality=town.municipality, now=now),
        )

    # Then B sees the visit as checked in with its earlier leg not yet done
    rows = agenda()
    assert [(r.reservation.pk, r.status, r.earlier_done) for r in rows] == [
        (visit.pk, "pending", False),
        (expected.pk, "expected", None),
    ]
    assert rows[0].products == [("Reispas", 1)]
    # When A completes its leg
    entry = call(town, town.counter_a, town.clerk, now)
    services.complete_leg(
        municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
    )
    # Then B sees the visitor waiting, the earlier leg done
    rows = agenda()
    assert (rows[0].status, rows[0].earlier_done) == ("waiting", True)


def test_call_next_takes_priority_then_due_appointments_then_walk_ins_then_early_ones(town):
    # Given at A: an early appointment, two walk-ins, a due appointment, a priority walk-in
    now = this_minute()
    early = book_visit(town, start=now + timedelta(minutes=40), legs=[(town.counter_a, town.eid)])
    due = book_visit(town, start=now, legs=[(town.counter_a, town.eid)])
    early_arrival = services.check_in_visit(
        municipality=town.municipality, reservation=early, now=now - timedelta(minutes=3)
    )
    first_walk_in = services.create_walk_in_ticket(
        municipality=town.municipality,
        location=town.location,
        product=town.eid,
        now=now - timedelta(minutes=2),
    )
    second_walk_in = services.create_walk_in_ticket(
        municipality=town.municipality,
        location=town.location,
        product=town.eid,
        now=now - timedelta(minutes=1),
    )
    due_arrival = services.check_in_visit(municipality=town.municipality, reservation=due, now=now)
    priority = services.create_walk_in_ticket(
        municipality=town.municipality,
        location=town.location,
        product=town.eid,
        priority=True,
        now=now,
    )
    expected = [
        priority.code,
        due_arrival.code,
        first_walk_in.code,
        second_walk_in.code,
        early_arrival.code,
    ]

    # Then the queue shows them in that order
    assert queue_codes(town, town.counter_a, now) == expected
    # And "call next", done after each, takes them in the same order
    called = []
    for _ in expected:
        entry = call(town, town.counter_a, town.clerk, now)
        called.append(entry.arrival.code)
        services.complete_leg(
            municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
        )
    assert called == expected
    assert call(town, town.counter_a, town.clerk, now) is None


def test_without_appointments_first_walk_ins_and_appointments_go_by_time(town):
    # Given a municipality that calls in order of time
    with scopes_disabled():
        DeskSettings.objects.create(municipality=town.municipality, appointments_first=False)
    now = this_minute()
    walk_in = services.create_walk_in_ticket(
        municipality=town.municipality,
        location=town.location,
        product=town.eid,
        now=now - timedelta(minutes=5),
    )
    visit = book_visit(town, start=now, legs=[(town.counter_a, town.eid)])
    arrival = services.check_in_visit(
        municipality=town.municipality, reservation=visit, now=now - timedelta(minutes=1)
    )
    # Then the walk-in who came first is called first
    assert queue_codes(town, town.counter_a, now) == [walk_in.code, arrival.code]


def test_a_late_visitor_queues_like_a_walk_in(town):
    # Given a visitor 30 minutes late and a walk-in who has waited since before
    now = this_minute()
    walk_in = services.create_walk_in_ticket(
        municipality=town.municipality,
        location=town.location,
        product=town.eid,
        now=now - timedelta(minutes=1),
    )
    visit = book_visit(town, start=now - timedelta(minutes=30), legs=[(town.counter_a, town.eid)])
    late = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    # Then the walk-in goes first
    assert queue_codes(town, town.counter_a, now) == [walk_in.code, late.code]


def test_walk_ins_are_served_by_any_counter_with_their_product(town):
    # Given a walk-in for a passport
    now = this_minute()
    ticket = services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.passport, now=now
    )
    # Then A (no passports) does not see it and B calls it to B
    assert call(town, town.counter_a, town.clerk, now) is None
    entry = call(town, town.counter_b, town.clerk_b, now)
    assert entry.arrival_id == ticket.pk and entry.counter_id == town.counter_b.pk


def test_a_counter_calls_one_visitor_at_a_time(town):
    now = this_minute()
    for _ in range(2):
        services.create_walk_in_ticket(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        )
    call(town, town.counter_a, town.clerk, now)
    with pytest.raises(DeskError) as raised:
        call(town, town.counter_a, town.clerk, now)
    assert raised.value.code == DeskErrorCode.COUNTER_BUSY


def test_the_database_refuses_a_second_active_call_for_one_visitor(town):
    """Even code that bypasses the services cannot call one visitor to two counters."""
    now = this_minute()
    visit = book_visit(
        town, start=now, legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)]
    )
    arrival = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    with scopes_disabled():
        first, second = arrival.entries.order_by("position")
        QueueEntry.objects.filter(pk=first.pk).update(status=EntryStatus.CALLED)
        with pytest.raises(IntegrityError), transaction.atomic():
            QueueEntry.objects.filter(pk=second.pk).update(status=EntryStatus.CALLED)


def test_recall_counts_calls_and_puts_the_number_back_on_top(town):
    now = this_minute()
    first = services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid, now=now
    )
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.passport, now=now
    )
    entry_a = call(town, town.counter_a, town.clerk, now)
    call(town, town.counter_b, town.clerk_b, now + timedelta(minutes=1))
    services.recall_visitor(
        municipality=town.municipality,
        counter=town.counter_a,
        entry_id=entry_a.pk,
        now=now + timedelta(minutes=2),
    )
    with scopes_disabled():
        assert QueueEntry.objects.get(pk=entry_a.pk).call_count == 2
    display = selectors.list_display_calls(
        municipality=town.municipality,
        location=town.location,
        now=now + timedelta(minutes=2),
        limit=5,
    )
    assert display[0].code == first.code


def test_a_no_show_closes_the_rest_of_the_visit(town):
    now = this_minute()
    visit = book_visit(
        town, start=now, legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)]
    )
    arrival = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    entry = call(town, town.counter_a, town.clerk, now)
    services.mark_no_show(
        municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
    )
    assert statuses(arrival) == ["no_show", "cancelled"]
    assert call(town, town.counter_b, town.clerk_b, now) is None


def test_serving_is_only_possible_at_the_counter_that_called(town):
    now = this_minute()
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid, now=now
    )
    entry = call(town, town.counter_a, town.clerk, now)
    with pytest.raises(DeskError):
        services.complete_leg(
            municipality=town.municipality, counter=town.counter_b, entry_id=entry.pk, now=now
        )
    services.start_serving(
        municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
    )
    with pytest.raises(DeskError):
        services.mark_no_show(
            municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
        )


def test_an_appointment_that_never_came_is_a_no_show_only_after_its_start(town):
    now = this_minute()
    visit = book_visit(
        town, start=now, legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)]
    )
    with pytest.raises(DeskError) as raised:
        services.mark_appointment_no_show(
            municipality=town.municipality, reservation=visit, now=now - timedelta(minutes=1)
        )
    assert raised.value.code == DeskErrorCode.NOT_STARTED
    arrival = services.mark_appointment_no_show(
        municipality=town.municipality, reservation=visit, now=now + timedelta(minutes=5)
    )
    assert statuses(arrival) == ["no_show", "no_show"]
    with pytest.raises(DeskError):
        services.check_in_visit(
            municipality=town.municipality, reservation=visit, now=now + timedelta(minutes=6)
        )


def test_check_in_is_idempotent_and_only_for_todays_confirmed_visits_here(town, other_town):
    now = this_minute()
    visit = book_visit(town, start=now, legs=[(town.counter_a, town.eid)])
    first = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    again = services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    assert again.pk == first.pk
    tomorrow = book_visit(town, start=now + timedelta(days=1), legs=[(town.counter_a, town.eid)])
    with pytest.raises(DeskError) as raised:
        services.check_in_visit(municipality=town.municipality, reservation=tomorrow, now=now)
    assert raised.value.code == DeskErrorCode.NOT_TODAY
    with pytest.raises(DeskError) as raised:
        services.check_in_visit(municipality=other_town.municipality, reservation=visit, now=now)
    assert raised.value.code == DeskErrorCode.NOT_FOUND


def test_references_are_found_typed_loosely_or_inside_a_scanned_url(town, other_town):
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    compact = visit.reference.replace("-", "").lower()
    for text in (
        visit.reference,
        f" {compact} ",
        f"https://balie.example/a/{visit.reference}?x=1",
    ):
        found = selectors.find_reservation_by_reference(municipality=town.municipality, text=text)
        assert found is not None and found.pk == visit.pk
    assert (
        selectors.find_reservation_by_reference(
            municipality=other_town.municipality, text=visit.reference
        )
        is None
    )


def test_walk_in_numbers_count_up_per_location_and_day(town, other_town):
    now = this_minute()
    codes = [
        services.create_walk_in_ticket(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        ).code
        for _ in range(3)
    ]
    assert codes == ["W001", "W002", "W003"]
    other = services.create_walk_in_ticket(
        municipality=other_town.municipality,
        location=other_town.location,
        product=other_town.eid,
        now=now,
    )
    assert other.code == "W001"
    with pytest.raises(DeskError):
        services.create_walk_in_ticket(
            municipality=town.municipality, location=town.location, product=other_town.eid, now=now
        )


def test_estimated_wait_uses_recent_service_times_and_open_counters(town):
    now = this_minute()
    # Given no history, the configured 10 minutes per visitor and one counter serving eID
    for _ in range(3):
        services.create_walk_in_ticket(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        )
    assert (
        selectors.estimate_wait_minutes(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        )
        == 30
    )
    # When one visitor took 4 minutes at an open counter
    services.start_shift(
        municipality=town.municipality, user=town.clerk, counter=town.counter_a, now=now
    )
    entry = call(town, town.counter_a, town.clerk, now)
    services.complete_leg(
        municipality=town.municipality,
        counter=town.counter_a,
        entry_id=entry.pk,
        now=now + timedelta(minutes=4),
    )
    # Then two visitors ahead wait about 8 minutes
    assert (
        selectors.estimate_wait_minutes(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        )
        == 8
    )


def test_a_shift_takes_over_the_counter_and_ends_the_previous_one(town):
    now = this_minute()
    services.start_shift(
        municipality=town.municipality, user=town.clerk, counter=town.counter_a, now=now
    )
    services.start_shift(
        municipality=town.municipality, user=town.clerk, counter=town.counter_b, now=now
    )
    services.start_shift(
        municipality=town.municipality, user=town.clerk_b, counter=town.counter_b, now=now
    )
    assert selectors.get_open_shift(municipality=town.municipality, user=town.clerk) is None
    assert (
        selectors.get_open_shift(municipality=town.municipality, user=town.clerk_b).counter
        == town.counter_b
    )


def test_the_day_overview_counts_booked_time_no_shows_and_waits(town):
    now = this_minute()
    visit = book_visit(town, start=now, legs=[(town.counter_a, town.eid)])
    missed = book_visit(town, start=now, legs=[(town.counter_b, town.passport)])
    services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    entry = call(town, town.counter_a, town.clerk, now + timedelta(minutes=6))
    services.complete_leg(
        municipality=town.municipality,
        counter=town.counter_a,
        entry_id=entry.pk,
        now=now + timedelta(minutes=9),
    )
    services.mark_appointment_no_show(
        municipality=town.municipality, reservation=missed, now=now + timedelta(minutes=20)
    )
    day = selectors.local_today(municipality=town.municipality, now=now)
    [(location, rows)] = selectors.get_day_overview(
        municipality=town.municipality, day=day, now=now
    )
    by_name = {row.counter.name: row for row in rows}
    assert by_name["A"].booked_today == 10 and by_name["A"].served_today == 1
    assert by_name["A"].average_wait == 6
    assert by_name["B"].no_shows_today == 1
    assert by_name["A"].free_today + by_name["A"].booked_today == 23 * 60 + 50
    with scope(municipality=town.municipality.pk):
        assert location == town.location
