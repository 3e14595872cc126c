# SPDX-License-Identifier: EUPL-1.2
"""One municipality's holds and appointments are invisible through another's."""

from datetime import time

import pytest
from django_scopes import scopes_disabled

from balie.api.tests.conftest import CITIZEN, assert_problem, at, hold_body, make_appointment
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
)
from balie.tenants.tests.factories import MunicipalityFactory, StaffMembershipFactory


@pytest.fixture
def other(db):
    with scopes_disabled():
        municipality = MunicipalityFactory(slug="othertown", lead_time_minutes=60)
        location = LocationFactory(municipality=municipality, slug="hall")
        counter = CounterFactory(location=location, name="A")
        for weekday in range(5):
            OpeningHoursFactory(counter=counter, weekday=weekday, start=time(9), end=time(12))
        CounterServiceFactory(counter=counter)
    return municipality


def test_a_hold_of_one_municipality_cannot_be_confirmed_under_another(api, town, other):
    hold = api.post(
        "/api/v1/municipalities/demotown/holds/", hold_body(town, at(2, 9)), format="json"
    ).json()

    response = api.post(
        "/api/v1/municipalities/othertown/appointments/",
        {"hold": hold["id"], "citizen": CITIZEN},
        format="json",
    )

    assert_problem(response, 404, "hold_not_found")


def test_products_and_locations_of_another_municipality_are_unknown(api, town, other):
    body = hold_body(town, at(2, 9))
    assert_problem(
        api.post("/api/v1/municipalities/othertown/holds/", body, format="json"),
        400,
        "unknown_location",
    )
    assert_problem(
        api.get(
            "/api/v1/municipalities/othertown/availability/days/",
            {"location": "hall", "products": str(town.eid.pk)},
        ),
        400,
        "unknown_product",
    )


def test_staff_reads_own_appointments_but_not_another_municipalitys(api, town, other):
    made = make_appointment(api, town, at(2, 9))
    with scopes_disabled():
        own_staff = StaffMembershipFactory(municipality=town.municipality).user
        other_staff = StaffMembershipFactory(municipality=other).user

    api.force_login(other_staff)
    assert_problem(
        api.get(f"/api/v1/appointments/{made['reference']}/"), 404, "appointment_not_found"
    )

    api.force_login(own_staff)
    response = api.get(f"/api/v1/appointments/{made['reference']}/")
    assert response.status_code == 200
    assert response.json()["reference"] == made["reference"]
