# SPDX-License-Identifier: EUPL-1.2
"""The API shows the longest wait and returns each leg with its own times."""

from balie.api.tests.conftest import at, hold_body

HOLDS = "/api/v1/municipalities/demotown/holds/"


def test_the_municipality_tells_its_longest_wait(api, town):
    town.municipality.max_wait_minutes = 20
    town.municipality.save()

    response = api.get("/api/v1/municipalities/demotown/")

    assert response.json()["max_wait_minutes"] == 20


def test_a_hold_returns_the_legs_with_the_wait_between_them(api, town):
    # Given counter B is held 09:10-09:30 and the municipality allows a 20-minute wait
    town.municipality.max_wait_minutes = 20
    town.municipality.save()
    first = api.post(HOLDS, hold_body(town, at(2, 9, 10), passport=1), format="json")
    assert first.status_code == 201

    # When identity card + passport are held at 09:00
    response = api.post(HOLDS, hold_body(town, at(2, 9), eid=1, passport=1), format="json")

    # Then the passport leg starts 20 minutes after the identity card's leg ends
    assert response.status_code == 201
    legs = response.json()["legs"]
    assert [(leg["counter"]["name"], leg["start"], leg["end"]) for leg in legs] == [
        ("A", "2027-03-02T09:00:00+01:00", "2027-03-02T09:10:00+01:00"),
        ("B", "2027-03-02T09:30:00+01:00", "2027-03-02T09:50:00+01:00"),
    ]
