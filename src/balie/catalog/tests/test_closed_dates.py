# SPDX-License-Identifier: EUPL-1.2
"""Public holidays and closing days at every level close the right counters."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

from balie.catalog.selectors import get_closed_dates_by_counter, public_holidays
from balie.catalog.tests.factories import ClosingDayFactory, CounterFactory, LocationFactory
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_belgian_public_holidays_include_national_day_and_easter_monday():
    holidays = public_holidays(first_day=date(2027, 1, 1), last_day=date(2027, 12, 31))
    assert date(2027, 7, 21) in holidays  # national day
    assert date(2027, 3, 29) in holidays  # Easter Monday 2027
    assert date(2027, 7, 11) not in holidays  # Flemish Community day is a municipal choice


@pytest.mark.parametrize(
    ("language", "name"),
    [("nl", "Nationale feestdag"), ("fr", "Fête nationale"), ("de", "Nationalfeiertag")],
)
def test_holiday_names_are_in_the_language_asked_for(language, name):
    # When the national day is named in Dutch, French or German
    holidays = public_holidays(
        first_day=date(2027, 7, 21), last_day=date(2027, 7, 21), language=language
    )
    # Then it is that language's name, not the library's English one
    assert holidays[date(2027, 7, 21)] == name


def test_holidays_and_recurring_days_close_every_counter():
    with scopes_disabled():
        municipality = MunicipalityFactory()
        location = LocationFactory(municipality=municipality)
        counters = [CounterFactory(location=location), CounterFactory(location=location)]
        ClosingDayFactory(municipality=municipality, date=date(2020, 7, 11), recurring_yearly=True)

    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={counter.pk: counter.location_id for counter in counters},
        first_day=date(2027, 7, 1),
        last_day=date(2028, 7, 31),
    )

    for counter in counters:
        assert {date(2027, 7, 11), date(2028, 7, 11), date(2027, 7, 21)} <= closed[counter.pk]
        assert date(2027, 7, 12) not in closed[counter.pk]


def test_one_off_location_and_counter_days_close_only_their_counters():
    with scopes_disabled():
        municipality = MunicipalityFactory()
        hall, district = (
            LocationFactory(municipality=municipality),
            LocationFactory(municipality=municipality),
        )
        hall_1, hall_2 = CounterFactory(location=hall), CounterFactory(location=hall)
        district_1 = CounterFactory(location=district)
        ClosingDayFactory(municipality=municipality, location=district, date=date(2027, 9, 6))
        ClosingDayFactory(
            municipality=municipality, location=hall, counter=hall_2, date=date(2027, 9, 7)
        )

    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={c.pk: c.location_id for c in (hall_1, hall_2, district_1)},
        first_day=date(2027, 9, 1),
        last_day=date(2027, 9, 30),
    )

    assert closed[district_1.pk] == {date(2027, 9, 6)}
    assert closed[hall_2.pk] == {date(2027, 9, 7)}
    assert closed[hall_1.pk] == set()


def test_municipality_may_stay_open_on_public_holidays():
    with scopes_disabled():
        municipality = MunicipalityFactory(observes_public_holidays=False)
        counter = CounterFactory(location__municipality=municipality)

    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={counter.pk: counter.location_id},
        first_day=date(2027, 7, 21),
        last_day=date(2027, 7, 21),
    )

    assert closed[counter.pk] == set()
