# SPDX-License-Identifier: EUPL-1.2
"""Holds, appointments and managing them with the manage token."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.api.tests.conftest import (
    CITIZEN,
    NOW,
    assert_problem,
    at,
    count_rows,
    hold_body,
    make_appointment,
)
from balie.booking.models import Reservation, ReservationStatus

HOLDS = "/api/v1/municipalities/demotown/holds/"
APPOINTMENTS = "/api/v1/municipalities/demotown/appointments/"


def test_hold_keeps_all_legs_of_a_visit(api, town):
    response = api.post(HOLDS, hold_body(town, at(2, 9), eid=2, passport=1), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["start"] == "2027-03-02T09:00:00+01:00"
    assert body["end"] == "2027-03-02T09:40:00+01:00"
    assert body["expires_at"] == "2027-03-01T07:10:00+01:00"
    assert [leg["counter"]["name"] for leg in body["legs"]] == ["A", "B"]
    assert body["legs"][0]["products"] == [{"product": town.eid.pk, "quantity": 2}]
    assert body["legs"][1]["start"] == body["legs"][0]["end"]
    with scopes_disabled():
        reservation = Reservation.objects.get(public_id=body["id"])
    assert reservation.status == ReservationStatus.HELD
    assert reservation.channel == "api"


def test_hold_on_taken_time_answers_409_with_alternatives(api, town):
    assert api.post(HOLDS, hold_body(town, at(2, 9)), format="json").status_code == 201
    before = count_rows()

    response = api.post(HOLDS, hold_body(town, at(2, 9)), format="json")

    body = assert_problem(response, 409, "slot_unavailable")
    assert body["alternatives"] == [
        "2027-03-02T09:10:00+01:00",
        "2027-03-02T09:20:00+01:00",
        "2027-03-02T09:30:00+01:00",
    ]
    assert count_rows() == before


@pytest.mark.parametrize(
    ("change", "status", "code", "field"),
    [
        ({"products": [{"product": "x"}]}, 400, "validation_error", "products.0.product"),
        ({"products": [{"product": 1, "quantity": 0}]}, 400, "validation_error", None),
        ({"products": [{"product": 999999}]}, 400, "unknown_product", None),
        ({"products": []}, 400, "validation_error", "products"),
        ({"products": [{"product": 1, "quantity": 21}]}, 400, "validation_error", None),
        ({"location": None}, 400, "validation_error", "location"),
        ({"location": 999999}, 400, "unknown_location", None),
        ({"start": "tomorrow"}, 400, "validation_error", "start"),
        ({"start": "2030-01-01T09:00:00+01:00"}, 400, "out_of_range", "start"),
    ],
)
def test_bad_hold_requests_change_nothing(api, town, change, status, code, field):
    body = {**hold_body(town, at(2, 9)), **change}
    before = count_rows()

    problem = assert_problem(api.post(HOLDS, body, format="json"), status, code)

    if field:
        assert field in problem["errors"]
    assert count_rows() == before


def test_hold_quantity_above_maximum(api, town):
    body = hold_body(town, at(2, 9), passport=4)

    problem = assert_problem(api.post(HOLDS, body, format="json"), 400, "quantity_out_of_range")

    assert "3" in problem["detail"]


def test_appointment_confirms_the_hold_and_masks_the_national_number(api, town):
    with scopes_disabled():
        town.municipality.requires_national_number = True
        town.municipality.save()
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()

    response = api.post(
        APPOINTMENTS,
        {
            "hold": hold["id"],
            "citizen": {**CITIZEN, "national_number": "85.07.30-033.28"},
            "language": "fr",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["reference"].startswith("BAL-")
    assert body["manage_token"]
    assert body["start"] == "2027-03-02T10:00:00+01:00"
    assert body["location"]["slug"] == "hall"
    assert body["citizen"]["national_number"] == "*******3328"
    assert "85073003328" not in response.content.decode()
    assert body["citizen"]["phone"] == "+32470123456"
    assert body["language"] == "fr"


def test_appointment_with_invalid_details_names_each_field(api, town):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()
    before = count_rows()

    response = api.post(
        APPOINTMENTS,
        {
            "hold": hold["id"],
            "citizen": {"given_name": "", "family_name": "P", "email": "not-an-address"},
            "language": "xx",
        },
        format="json",
    )

    problem = assert_problem(response, 400, "invalid_details")
    assert set(problem["errors"]) == {"citizen.given_name", "citizen.email", "language"}
    assert count_rows() == before
    with scopes_disabled():
        assert Reservation.objects.get(public_id=hold["id"]).status == ReservationStatus.HELD


def test_appointment_body_validation_errors(api, town):
    problem = assert_problem(
        api.post(APPOINTMENTS, {"hold": "nope"}, format="json"), 400, "validation_error"
    )
    assert set(problem["errors"]) == {"hold", "citizen"}


def test_appointment_for_unknown_hold(api, town):
    response = api.post(
        APPOINTMENTS,
        {"hold": "3f0e8f6e-52c5-4a43-9a43-4a1b0c6c8d11", "citizen": CITIZEN},
        format="json",
    )
    assert_problem(response, 404, "hold_not_found")


def test_appointment_for_expired_hold_whose_time_was_taken(api, town, monkeypatch):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(minutes=11))
    assert api.post(HOLDS, hold_body(town, at(2, 10)), format="json").status_code == 201

    response = api.post(APPOINTMENTS, {"hold": hold["id"], "citizen": CITIZEN}, format="json")

    assert_problem(response, 409, "hold_expired")


def test_appointment_for_expired_hold_whose_time_is_still_free(api, town, monkeypatch):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(minutes=11))

    response = api.post(APPOINTMENTS, {"hold": hold["id"], "citizen": CITIZEN}, format="json")

    assert response.status_code == 201
    assert response.json()["start"] == "2027-03-02T10:00:00+01:00"


def test_manage_token_reads_the_appointment_without_secrets(api, town):
    made = make_appointment(api, town, at(2, 9))

    response = api.get(
        f"/api/v1/appointments/{made['reference']}/",
        HTTP_AUTHORIZATION=f"Token {made['manage_token']}",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == made["reference"]
    assert body["municipality"] == "demotown"
    assert "manage_token" not in body
    assert made["manage_token"] not in response.content.decode()


@pytest.mark.parametrize("authorization", [None, "Token wrong", "Bearer x", "Token", "Token  "])
def test_wrong_or_missing_token_is_indistinguishable_from_unknown_reference(
    api, town, authorization
):
    made = make_appointment(api, town, at(2, 9))
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    wrong = api.get(f"/api/v1/appointments/{made['reference']}/", **headers)
    unknown = api.get(
        "/api/v1/appointments/BAL-ZZZZ-ZZ/", HTTP_AUTHORIZATION=f"Token {made['manage_token']}"
    )

    assert assert_problem(wrong, 404, "appointment_not_found") == assert_problem(
        unknown, 404, "appointment_not_found"
    )


def test_cancel_frees_the_time_and_is_repeatable(api, town):
    made = make_appointment(api, town, at(2, 9))
    auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}"}

    response = api.post(f"/api/v1/appointments/{made['reference']}/cancel/", **auth)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"] == "2027-03-01T07:00:00+01:00"
    again = api.post(f"/api/v1/appointments/{made['reference']}/cancel/", **auth)
    assert again.status_code == 200
    # The time is free again.
    assert api.post(HOLDS, hold_body(town, at(2, 9)), format="json").status_code == 201


def test_cancel_with_wrong_token_changes_nothing(api, town):
    made = make_appointment(api, town, at(2, 9))

    response = api.post(
        f"/api/v1/appointments/{made['reference']}/cancel/", HTTP_AUTHORIZATION="Token nope"
    )

    assert_problem(response, 404, "appointment_not_found")
    with scopes_disabled():
        assert Reservation.objects.get(reference=made["reference"]).status == "confirmed"


def test_reschedule_moves_the_appointment(api, town):
    made = make_appointment(api, town, at(2, 9))
    auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}"}

    response = api.post(
        f"/api/v1/appointments/{made['reference']}/reschedule/",
        {"start": at(3, 10).isoformat()},
        format="json",
        **auth,
    )

    assert response.status_code == 200
    assert response.json()["start"] == "2027-03-03T10:00:00+01:00"
    assert response.json()["legs"][0]["start"] == "2027-03-03T10:00:00+01:00"


def test_reschedule_to_a_taken_time_keeps_the_old_one(api, town):
    made = make_appointment(api, town, at(2, 9))
    api.post(HOLDS, hold_body(town, at(3, 10)), format="json")
    auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}"}

    response = api.post(
        f"/api/v1/appointments/{made['reference']}/reschedule/",
        {"start": at(3, 10).isoformat()},
        format="json",
        **auth,
    )

    body = assert_problem(response, 409, "slot_unavailable")
    assert body["alternatives"]
    with scopes_disabled():
        assert Reservation.objects.get(reference=made["reference"]).start == at(2, 9)


def test_reschedule_validation_and_cancelled_appointment(api, town):
    made = make_appointment(api, town, at(2, 9))
    auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}"}
    url = f"/api/v1/appointments/{made['reference']}/reschedule/"

    problem = assert_problem(api.post(url, {}, format="json", **auth), 400, "validation_error")
    assert "start" in problem["errors"]

    api.post(f"/api/v1/appointments/{made['reference']}/cancel/", **auth)
    assert_problem(
        api.post(url, {"start": at(3, 10).isoformat()}, format="json", **auth),
        409,
        "already_cancelled",
    )
