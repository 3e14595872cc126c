# SPDX-License-Identifier: EUPL-1.2
"""Booking acts, refusals and reminder lag as Prometheus sees them."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from prometheus_client import REGISTRY

from balie.api.tests.conftest import CITIZEN, hold_body
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.services import book_visit
from balie.booking.tests.conftest import NOW, at
from balie.booking.tests.test_services import CITIZEN as CITIZEN_DETAILS
from balie.notifications.models import Channel, Message, MessageKind, MessageStatus
from balie.ops import selectors

pytestmark = pytest.mark.django_db
HOLDS = "/api/v1/municipalities/demotown/holds/"
APPOINTMENTS = "/api/v1/municipalities/demotown/appointments/"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def test_committed_acts_are_counted_by_act(
    client, town, frozen, django_capture_on_commit_callbacks
):
    held = sample("balie_booking_acts_total", act="held")
    confirmed = sample("balie_booking_acts_total", act="confirmed")

    # When a visit is held and confirmed (and both commit)
    with django_capture_on_commit_callbacks(execute=True):
        hold = client.post(HOLDS, hold_body(town, at(2, 9)), content_type="application/json")
        client.post(
            APPOINTMENTS,
            {"hold": hold.json()["id"], "citizen": CITIZEN},
            content_type="application/json",
        )

    # Then each act counts once
    assert sample("balie_booking_acts_total", act="held") == held + 1
    assert sample("balie_booking_acts_total", act="confirmed") == confirmed + 1
    assert 'balie_booking_acts_total{act="held"}' in client.get("/metrics").content.decode()


def test_an_act_that_rolls_back_is_not_counted(client, town, frozen):
    held = sample("balie_booking_acts_total", act="held")

    # The test's transaction never commits, so no consequence runs
    client.post(HOLDS, hold_body(town, at(2, 9)), content_type="application/json")

    assert sample("balie_booking_acts_total", act="held") == held


def test_conflicts_and_busy_answers_are_counted_by_route(client, town, frozen, monkeypatch):
    route = "api/v1/municipalities/<slug:municipality_slug>/holds/"
    conflicts = sample("balie_conflict_answers_total", route=route, code="slot_unavailable")
    busy = sample("balie_busy_answers_total", route=route)
    client.post(HOLDS, hold_body(town, at(2, 9)), content_type="application/json")

    # When the same time is asked again, and then the database stays locked
    taken = client.post(HOLDS, hold_body(town, at(2, 9)), content_type="application/json")

    def locked(**kwargs):
        raise BookingError(BookingErrorCode.BUSY)

    monkeypatch.setattr("balie.api.views.booking.hold_visit", locked)
    refused = client.post(HOLDS, hold_body(town, at(2, 10)), content_type="application/json")

    # Then one of each is counted
    assert (taken.status_code, refused.status_code) == (409, 503)
    assert (
        sample("balie_conflict_answers_total", route=route, code="slot_unavailable")
        == conflicts + 1
    )
    assert sample("balie_busy_answers_total", route=route) == busy + 1


def test_reminder_lag_is_the_age_of_the_oldest_due_unsent_reminder(client, town):
    assert selectors.get_reminder_lag_seconds() == 0.0
    reservation, _token = book_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=at(2, 9),
        details=CITIZEN_DETAILS,
        now=NOW,
    )
    now = timezone.now()
    with scopes_disabled():
        for minutes, status in ((10, MessageStatus.PLANNED), (30, MessageStatus.SENT)):
            Message.objects.create(
                municipality=town.municipality,
                reservation=reservation,
                kind=MessageKind.REMINDER,
                channel=Channel.EMAIL,
                status=status,
                due_at=now - timedelta(minutes=minutes),
                next_attempt_at=now - timedelta(minutes=minutes),
            )

    lag = selectors.get_reminder_lag_seconds()

    # The sent one does not count; the planned one has waited ten minutes
    assert 600 <= lag < 660
    assert "balie_reminder_lag_seconds" in client.get("/metrics").content.decode()
