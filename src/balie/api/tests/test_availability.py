# SPDX-License-Identifier: EUPL-1.2
"""Free days and times."""

import pytest
from django_scopes import scopes_disabled

from balie.api.tests.conftest import assert_problem
from balie.tenants.tests.factories import StaffMembershipFactory

DAYS = "/api/v1/municipalities/demotown/availability/days/"
TIMES = "/api/v1/municipalities/demotown/availability/times/"


def test_days_lists_weekdays_within_range(api, town):
    response = api.get(
        DAYS,
        {
            "location": "hall",
            "products": f"{town.eid.pk}:2,{town.passport.pk}",
            "to": "2027-03-07",
        },
    )

    assert response.status_code == 200
    assert response.json() == {
        "days": ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05"]
    }


def test_days_default_to_31_days_and_skip_public_holidays(api, town):
    response = api.get(DAYS, {"location": town.location.pk, "products": str(town.eid.pk)})

    days = response.json()["days"]
    assert days[0] == "2027-03-01"
    assert days[-1] == "2027-04-01"  # from + 31 days
    assert "2027-03-29" not in days  # Easter Monday


def test_days_are_capped_at_the_horizon(api, town):
    response = api.get(
        DAYS,
        {
            "location": "hall",
            "products": str(town.eid.pk),
            "from": "2027-04-25",
            "to": "2027-12-31",
        },
    )

    assert response.status_code == 200
    assert response.json()["days"][-1] == "2027-04-30"  # 1 March + 60 days


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"location": "hall", "products": "eid"}, "products"),
        ({"location": "hall", "products": "1:"}, "products"),
        ({"location": "hall", "products": "1,,2"}, "products"),
        ({"location": "hall", "products": "0"}, "products"),
        ({"products": "1"}, "location"),
        ({"location": "hall"}, "products"),
        ({"location": "hall", "products": "1", "from": "yesterday"}, "from"),
    ],
)
def test_days_rejects_bad_input_per_field(api, town, params, field):
    body = assert_problem(api.get(DAYS, params), 400, "validation_error")
    assert field in body["errors"]
    assert body["errors"][field][0]


def test_days_with_unknown_product_location_or_too_many(api, town):
    assert_problem(
        api.get(DAYS, {"location": "hall", "products": "999999"}), 400, "unknown_product"
    )
    assert_problem(
        api.get(DAYS, {"location": "nowhere", "products": str(town.eid.pk)}),
        400,
        "unknown_location",
    )
    assert_problem(
        api.get(DAYS, {"location": "hall", "products": f"{town.passport.pk}:4"}),
        400,
        "quantity_out_of_range",
    )
    assert_problem(
        api.get(DAYS, {"location": "hall", "products": f"{town.eid.pk},{town.eid.pk}"}),
        400,
        "invalid_visit",
    )


def test_staff_only_product_is_refused_to_citizens_but_offered_to_staff(api, town):
    params = {"location": "hall", "products": str(town.staff_only_product.pk), "to": "2027-03-02"}
    assert_problem(api.get(DAYS, params), 400, "not_bookable_online")

    with scopes_disabled():
        membership = StaffMembershipFactory(municipality=town.municipality)
    api.force_login(membership.user)

    response = api.get(DAYS, params)
    assert response.status_code == 200
    assert response.json()["days"] == ["2027-03-01", "2027-03-02"]


def test_times_lists_starts_with_brussels_offset(api, town):
    response = api.get(
        TIMES, {"location": "hall", "products": f"{town.passport.pk}", "date": "2027-03-02"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["date"] == "2027-03-02"
    assert body["times"][0] == "2027-03-02T09:00:00+01:00"
    assert body["times"][-1] == "2027-03-02T11:40:00+01:00"  # 20 minutes before closing


def test_times_respects_lead_time_today(api, town):
    # Now is 07:00; a lead time of 60 minutes still leaves 09:00.
    response = api.get(
        TIMES, {"location": "hall", "products": str(town.eid.pk), "date": "2027-03-01"}
    )
    assert response.json()["times"][0] == "2027-03-01T09:00:00+01:00"


@pytest.mark.parametrize(
    "window", [{"from": "2027-06-01"}, {"from": "2027-03-10", "to": "2027-03-02"}]
)
def test_days_outside_the_bookable_window_are_none(api, town, window):
    # Given a range after the horizon, or one that ends before it starts
    params = {"location": "hall", "products": str(town.eid.pk), **window}

    # When the free days are asked
    response = api.get(DAYS, params)

    # Then the answer is that none is free (the schema cannot state today's window)
    assert response.status_code == 200
    assert response.json()["days"] == []


@pytest.mark.parametrize("day", ["2027-02-28", "2027-05-01", "9999-12-31", "0001-01-01"])
def test_times_outside_the_bookable_window_are_none(api, town, day):
    response = api.get(TIMES, {"location": "hall", "products": str(town.eid.pk), "date": day})

    assert response.status_code == 200
    assert response.json() == {"date": day, "times": []}


@pytest.mark.parametrize("day", ["2027-13-01", ""])
def test_times_refuses_a_day_that_is_not_a_date(api, town, day):
    body = assert_problem(
        api.get(TIMES, {"location": "hall", "products": str(town.eid.pk), "date": day}),
        400,
        "validation_error",
    )
    assert "date" in body["errors"]


def test_times_on_a_closed_day_is_empty(api, town):
    response = api.get(
        TIMES, {"location": "hall", "products": str(town.eid.pk), "date": "2027-03-06"}
    )
    assert response.json()["times"] == []
