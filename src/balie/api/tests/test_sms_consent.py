# SPDX-License-Identifier: EUPL-1.2
"""The booking body's optional SMS consent, stored through the booking service."""

from django_scopes import scopes_disabled

from balie.api.tests.conftest import CITIZEN, assert_problem, at, hold_body
from balie.booking.models import Reservation

HOLDS = "/api/v1/municipalities/demotown/holds/"
APPOINTMENTS = "/api/v1/municipalities/demotown/appointments/"


def test_consent_given_in_the_body_is_stored_and_returned(api, town):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()

    response = api.post(
        APPOINTMENTS,
        {"hold": hold["id"], "citizen": {**CITIZEN, "sms_consent": True}},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["citizen"]["sms_consent"] is True
    with scopes_disabled():
        assert Reservation.objects.get(public_id=hold["id"]).sms_consent is True


def test_without_the_field_there_is_no_consent(api, town):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()

    response = api.post(APPOINTMENTS, {"hold": hold["id"], "citizen": CITIZEN}, format="json")

    assert response.json()["citizen"]["sms_consent"] is False


def test_consent_without_a_phone_names_the_phone_field(api, town):
    hold = api.post(HOLDS, hold_body(town, at(2, 10)), format="json").json()

    response = api.post(
        APPOINTMENTS,
        {"hold": hold["id"], "citizen": {**CITIZEN, "phone": "", "sms_consent": True}},
        format="json",
    )

    problem = assert_problem(response, 400, "invalid_details")
    assert set(problem["errors"]) == {"citizen.phone"}
