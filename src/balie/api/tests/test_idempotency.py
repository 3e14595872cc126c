# SPDX-License-Identifier: EUPL-1.2
"""Idempotency-Key on POST."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from balie.api.idempotency import IN_PROGRESS
from balie.api.tests.conftest import CITIZEN, NOW, assert_problem, at, count_rows, hold_body
from balie.booking.models import IdempotencyRecord, Reservation

HOLDS = "/api/v1/municipalities/demotown/holds/"
APPOINTMENTS = "/api/v1/municipalities/demotown/appointments/"


def test_same_key_twice_makes_one_hold_and_replays_the_answer(api, town):
    body = hold_body(town, at(2, 9))

    first = api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    with scopes_disabled():
        assert Reservation.objects.count() == 1


def test_same_key_with_another_body_is_refused(api, town):
    api.post(HOLDS, hold_body(town, at(2, 9)), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    before = count_rows()

    response = api.post(
        HOLDS, hold_body(town, at(2, 10)), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert_problem(response, 422, "idempotency_key_reused")
    assert count_rows() == before


def test_a_failed_first_attempt_is_not_stored(api, town, monkeypatch):
    api.post(HOLDS, hold_body(town, at(2, 9)), format="json")  # takes the time
    body = hold_body(town, at(2, 9))

    first = api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert_problem(first, 409, "slot_unavailable")
    with scopes_disabled():
        assert IdempotencyRecord.objects.count() == 0

    # Once the other hold has expired, the retry runs again rather than replaying the error.
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(minutes=11))
    retry = api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert retry.status_code == 201


def test_a_concurrent_duplicate_is_told_to_wait(api, town):
    body = hold_body(town, at(2, 9))
    # Given a first request still running with this key and body
    api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    with scopes_disabled():
        IdempotencyRecord.objects.update(response_status=IN_PROGRESS, response_body={})

    response = api.post(HOLDS, body, format="json", HTTP_IDEMPOTENCY_KEY="k-3")

    assert_problem(response, 409, "idempotency_in_progress")
    assert response["Retry-After"] == "1"


def test_keys_are_separate_per_operation_and_municipality(api, town):
    hold = api.post(
        HOLDS, hold_body(town, at(2, 9)), format="json", HTTP_IDEMPOTENCY_KEY="same"
    ).json()

    response = api.post(
        APPOINTMENTS,
        {"hold": hold["id"], "citizen": CITIZEN},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )

    assert response.status_code == 201


def test_appointment_retry_returns_the_same_reference_and_token(api, town):
    hold = api.post(HOLDS, hold_body(town, at(2, 9)), format="json").json()
    body = {"hold": hold["id"], "citizen": CITIZEN}

    first = api.post(APPOINTMENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    second = api.post(APPOINTMENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")

    assert first.status_code == second.status_code == 201
    assert second.json()["reference"] == first.json()["reference"]
    assert second.json()["manage_token"] == first.json()["manage_token"]


def test_invalid_keys_are_refused_before_anything_happens(api, town):
    before = count_rows()
    for key in ("", "x" * 256, "with space"):
        problem = assert_problem(
            api.post(HOLDS, hold_body(town, at(2, 9)), format="json", HTTP_IDEMPOTENCY_KEY=key),
            400,
            "validation_error",
        )
        assert "Idempotency-Key" in problem["errors"]
    assert count_rows() == before


def test_cancel_with_a_key_is_replayed(api, town):
    from balie.api.tests.conftest import make_appointment

    made = make_appointment(api, town, at(2, 9))
    url = f"/api/v1/appointments/{made['reference']}/cancel/"
    auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}", "HTTP_IDEMPOTENCY_KEY": "c"}

    first = api.post(url, **auth)
    second = api.post(url, **auth)

    assert first.status_code == second.status_code == 200
    assert second["Idempotent-Replayed"] == "true"


def test_the_stored_answer_does_not_keep_the_manage_token_in_clear(api, town, settings):
    # Given an appointment made with an Idempotency-Key
    hold = api.post(HOLDS, hold_body(town, at(2, 9)), format="json").json()
    body = {"hold": hold["id"], "citizen": CITIZEN}
    made = api.post(APPOINTMENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="t-1").json()
    # Then the record holds neither the token nor the citizen's details readably
    with scopes_disabled():
        stored = str(IdempotencyRecord.objects.get(key="t-1").response_body)
    assert made["manage_token"] not in stored and made["reference"] not in stored
    # And once the secret key changed, a retry runs again (the hold is already confirmed)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    retry = api.post(APPOINTMENTS, body, format="json", HTTP_IDEMPOTENCY_KEY="t-1")
    assert retry.status_code == 409 and retry.json()["code"] == "already_confirmed"
    assert retry["Content-Type"] == "application/problem+json"
