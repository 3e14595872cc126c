# SPDX-License-Identifier: EUPL-1.2
"""Booking in one request, and how many statements a hold and a confirmation cost."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from balie.api.tests.conftest import CITIZEN, assert_problem, at, count_rows, hold_body
from balie.booking.models import Reservation, ReservationChange, ReservationStatus

HOLDS = "/api/v1/municipalities/demotown/holds/"
APPOINTMENTS = "/api/v1/municipalities/demotown/appointments/"
BOOKINGS = "/api/v1/municipalities/demotown/bookings/"

# Upper bounds as the test database counts them: a savepoint and its release for every
# transaction (production sends BEGIN/COMMIT, which Django does not log). Before the
# cached catalog lookups and the leaner confirmation: 14, 16, 8 and 30 in two requests.
# Typed visit items cost the hold one INSERT and the confirmation one read of the products.
HOLD_QUERIES = 12
CONFIRM_QUERIES = 12
REJECTED_HOLD_QUERIES = 4
ONE_STEP_QUERIES = 23


def booking_body(town, start, **changes):
    return {**hold_body(town, start), "citizen": CITIZEN, "language": "nl", **changes}


def test_one_request_books_the_visit_and_returns_the_manage_token(
    api, town, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(BOOKINGS, booking_body(town, at(2, 9)), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["reference"].startswith("BAL-")
    assert body["manage_token"]
    assert body["start"] == "2027-03-02T09:00:00+01:00"
    assert [leg["counter"]["name"] for leg in body["legs"]] == ["A"]
    with scopes_disabled():
        reservation = Reservation.objects.get(reference=body["reference"])
        acts = list(
            ReservationChange.objects.filter(reservation=reservation).values_list(
                "kind", flat=True
            )
        )
    assert reservation.channel == "api"
    assert sorted(acts) == ["confirmed", "held"]
    assert len(mailoutbox) == 1  # the same confirmation e-mail as in two steps


def test_one_request_on_a_taken_time_keeps_nothing_and_offers_alternatives(api, town):
    assert api.post(BOOKINGS, booking_body(town, at(2, 9)), format="json").status_code == 201
    before = count_rows()

    response = api.post(
        BOOKINGS,
        booking_body(town, at(2, 9), citizen={**CITIZEN, "email": "b@example.org"}),
        format="json",
    )

    body = assert_problem(response, 409, "slot_unavailable")
    assert body["alternatives"][0] == "2027-03-02T09:10:00+01:00"
    assert count_rows() == before


def test_one_request_with_bad_details_takes_no_time(api, town):
    before = count_rows()

    response = api.post(
        BOOKINGS,
        booking_body(town, at(2, 9), citizen={**CITIZEN, "email": "not-an-address"}),
        format="json",
    )

    body = assert_problem(response, 400, "invalid_details")
    assert "citizen.email" in body["errors"]
    assert count_rows() == before


def test_one_request_past_the_hoarding_limit_leaves_no_hold(api, town):
    # Given a citizen who already has the one eID appointment the town allows
    assert api.post(BOOKINGS, booking_body(town, at(2, 9)), format="json").status_code == 201
    before = count_rows()

    # When they book another one in one request
    response = api.post(BOOKINGS, booking_body(town, at(3, 9)), format="json")

    # Then it is refused and no hold is left behind keeping the time
    assert_problem(response, 409, "limit_reached")
    assert count_rows() == before
    with scopes_disabled():
        assert not Reservation.objects.filter(status=ReservationStatus.HELD).exists()


def test_one_request_is_idempotent_with_a_key(api, town):
    first = api.post(
        BOOKINGS, booking_body(town, at(2, 9)), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = api.post(
        BOOKINGS, booking_body(town, at(2, 9)), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["reference"] == first.json()["reference"]


def _count(api, path, body):
    with CaptureQueriesContext(connection) as queries:
        response = api.post(path, body, format="json")
    return response, len(queries.captured_queries)


@pytest.mark.usefixtures("postgres")
def test_a_hold_and_its_confirmation_stay_within_their_statement_budget(api, town):
    # Given a server that has answered before (its catalog caches are warm)
    make_warm = api.post(BOOKINGS, booking_body(town, at(2, 11)), format="json")
    assert make_warm.status_code == 201

    # When a citizen holds a time and confirms it, another is refused, a third books at once
    hold, hold_queries = _count(api, HOLDS, hold_body(town, at(2, 9)))
    confirm, confirm_queries = _count(
        api,
        APPOINTMENTS,
        {"hold": hold.json()["id"], "citizen": {**CITIZEN, "email": "c@example.org"}},
    )
    refused, refused_queries = _count(api, HOLDS, hold_body(town, at(2, 9)))
    booked, one_step_queries = _count(
        api,
        BOOKINGS,
        booking_body(town, at(2, 10), citizen={**CITIZEN, "email": "d@example.org"}),
    )

    # Then each stays within its budget
    assert (hold.status_code, confirm.status_code, refused.status_code) == (201, 201, 409)
    assert booked.status_code == 201
    assert hold_queries <= HOLD_QUERIES
    assert confirm_queries <= CONFIRM_QUERIES
    assert refused_queries <= REJECTED_HOLD_QUERIES
    assert one_step_queries <= ONE_STEP_QUERIES


@override_settings(BALIE_HOLD_RATE_PER_MINUTE=1)
def test_one_request_counts_against_the_hold_rate_limit(api, town):
    # Given a client that used its one hold this minute
    first = api.post(BOOKINGS, booking_body(town, at(2, 9)), format="json")
    before = count_rows()

    # When it books once more in one request
    response = api.post(
        BOOKINGS,
        booking_body(town, at(3, 9), citizen={**CITIZEN, "email": "e@example.org"}),
        format="json",
    )

    # Then the same limit as for a hold answers, and nothing is kept
    assert first.status_code == 201
    assert_problem(response, 429, "rate_limited")
    assert count_rows() == before
