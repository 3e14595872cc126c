# SPDX-License-Identifier: EUPL-1.2
"""Visits with a planned wait between two counters, at the desk."""

from datetime import datetime, timedelta

import pytest
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.desk import selectors, services
from balie.desk.tests.conftest import Town, book_visit, this_minute

pytestmark = pytest.mark.django_db


def book_with_a_wait(town: Town, *, start: datetime, wait_minutes: int) -> Reservation:
    """Identity card at A, then passport at B after a planned wait."""
    visit = book_visit(
        town, start=start, legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)]
    )
    with scopes_disabled():
        second = visit.legs.get(position=1)
        second.start += timedelta(minutes=wait_minutes)
        second.end += timedelta(minutes=wait_minutes)
        second.save()
        visit.end = second.end
        visit.save()
    return visit


def _finish_at_a(town: Town, visit: Reservation, now: datetime) -> None:
    services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    entry = services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_a, user=town.clerk, now=now
    )
    assert entry is not None
    services.complete_leg(
        municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
    )


def test_a_visitor_done_early_keeps_the_planned_time_in_the_next_queue(town):
    # Given a visit done early at A, planned at B only 30 minutes from now (after a wait)
    now = this_minute()
    waiting = book_with_a_wait(town, start=now, wait_minutes=20)
    _finish_at_a(town, waiting, now)
    # And another visitor, planned at B 10 minutes from now, who checks in after that
    planned_earlier = book_visit(
        town, start=now + timedelta(minutes=10), legs=[(town.counter_b, town.passport)]
    )
    later_arrival = services.check_in_visit(
        municipality=town.municipality, reservation=planned_earlier, now=now
    )

    # When B looks at its queue and calls the next visitor
    queue = selectors.list_counter_queue(
        municipality=town.municipality, counter=town.counter_b, now=now
    )
    called = services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_b, user=town.clerk_b, now=now
    )

    # Then the order follows the planned times, not who joined the queue first
    assert [row.entry.due_at for row in queue] == sorted(row.entry.due_at for row in queue)
    assert queue[0].entry.arrival_id == later_arrival.pk
    assert called is not None and called.arrival_id == later_arrival.pk


def test_the_clerk_sees_the_next_counter_s_time_and_the_wait_before_it(town):
    # Given a visit with a 20-minute wait between A and B, called at A
    now = this_minute()
    visit = book_with_a_wait(town, start=now, wait_minutes=20)
    services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    entry = services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_a, user=town.clerk, now=now
    )
    assert entry is not None

    # When the desk describes the visitor in front of A
    described = selectors.describe_entry(municipality=town.municipality, entry=entry)

    # Then it names B with the planned time and the wait before it
    assert described["next_legs"] == [
        {"counter": "B", "start": now + timedelta(minutes=30), "wait_minutes": 20}
    ]
