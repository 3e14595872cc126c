# SPDX-License-Identifier: EUPL-1.2
"""Catalog writes: whole or not at all, refused with a sentence an admin can act on."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking import services as booking_services
from balie.catalog import selectors, services
from balie.catalog.models import ClosingDay, CounterService, LocationHours, OpeningHours, Product
from balie.catalog.services import HoursRange, LocationValues, ProductValues, ServedBy
from balie.catalog.tests.factories import (
    CounterFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.desk.tests.conftest import book_visit, build_town, this_minute
from balie.tenants.models import Municipality
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

MONDAY, THURSDAY = 0, 3


@pytest.fixture
def place():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        town = MunicipalityFactory(granularity_minutes=10, observes_public_holidays=False)
        location = LocationFactory(municipality=town)
        return location, [CounterFactory(location=location, name=n) for n in ("1", "2", "3")]


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_overlapping_ranges_are_named_by_day_and_time(place):
    location, _counters = place
    week = [
        HoursRange(weekday=THURSDAY, start=time(8, 30), end=time(12, 30)),
        HoursRange(weekday=THURSDAY, start=time(12), end=time(19)),
    ]

    with pytest.raises(ValidationError) as error:
        services.set_location_hours(location=location, ranges=week)

    assert "Thursday 08:30–12:30 overlaps with Thursday 12:00–19:00" in _messages(error)


def test_ranges_in_different_validity_periods_do_not_overlap(place):
    location, _counters = place
    summer = HoursRange(
        weekday=MONDAY,
        start=time(9),
        end=time(12),
        valid_from=date(2027, 7, 1),
        valid_until=date(2027, 8, 31),
    )
    rest = HoursRange(weekday=MONDAY, start=time(8), end=time(12), valid_until=date(2027, 6, 30))

    services.set_location_hours(location=location, ranges=[summer, rest])

    assert len(selectors.list_location_hours(location=location)) == 2


def test_a_time_off_the_grid_names_the_nearest_valid_times(place):
    location, _counters = place

    with pytest.raises(ValidationError) as error:
        services.set_location_hours(
            location=location,
            ranges=[HoursRange(weekday=MONDAY, start=time(8, 35), end=time(12))],
        )

    assert "Monday 08:35 is not on the 10-minute grid" in _messages(error)
    assert "use 08:30 or 08:40" in _messages(error)


def test_a_refused_week_leaves_the_old_hours_untouched(place):
    location, _counters = place
    services.set_location_hours(
        location=location, ranges=[HoursRange(weekday=MONDAY, start=time(9), end=time(12))]
    )

    with pytest.raises(ValidationError):
        services.set_location_hours(
            location=location,
            ranges=[
                HoursRange(weekday=MONDAY, start=time(8), end=time(10)),
                HoursRange(weekday=MONDAY, start=time(13), end=time(11)),
            ],
        )

    rows = selectors.list_location_hours(location=location)
    assert [(row.start, row.end) for row in rows] == [(time(9), time(12))]


def test_copying_gives_the_chosen_counters_exactly_the_locations_hours(place):
    location, (first, second, third) = place
    with scopes_disabled():
        OpeningHoursFactory(counter=first, weekday=6, start=time(10), end=time(11))
        OpeningHoursFactory(counter=third, weekday=6, start=time(10), end=time(11))
        version = Municipality.objects.get(pk=location.municipality_id).catalog_version
    week = [
        *(HoursRange(weekday=day, start=time(8, 30), end=time(12, 30)) for day in range(5)),
        HoursRange(weekday=THURSDAY, start=time(16), end=time(19)),
        HoursRange(weekday=THURSDAY, start=time(13), end=time(14), staff_only=True),
    ]
    services.set_location_hours(location=location, ranges=week)

    copied = services.copy_hours_to_counters(location=location, counters=[first, second])

    with scopes_disabled():
        for counter in (first, second):
            rows = OpeningHours.objects.filter(counter=counter)
            assert sorted((r.weekday, r.start, r.staff_only) for r in rows) == sorted(
                (item.weekday, item.start, item.staff_only) for item in week
            )
        assert OpeningHours.objects.filter(counter=third).count() == 1  # not chosen: kept
        assert Municipality.objects.get(pk=location.municipality_id).catalog_version > version
    assert copied == 2


def test_a_counter_of_another_location_cannot_receive_the_copy(place):
    location, (first, _second, _third) = place
    with scopes_disabled():
        elsewhere = CounterFactory(
            location=LocationFactory(municipality=location.municipality), name="Elders"
        )
    services.set_location_hours(
        location=location, ranges=[HoursRange(weekday=MONDAY, start=time(9), end=time(12))]
    )

    with pytest.raises(ValidationError) as error:
        services.copy_hours_to_counters(location=location, counters=[first, elsewhere])

    assert "Elders" in _messages(error)
    with scopes_disabled():
        assert not OpeningHours.objects.filter(counter=first).exists()


def test_the_preview_leaves_out_staff_only_hours_and_closed_days(place):
    location, (first, _second, _third) = place
    monday = date(2027, 3, 1)
    with scopes_disabled():
        OpeningHoursFactory(counter=first, weekday=MONDAY, start=time(9), end=time(12))
        OpeningHoursFactory(
            counter=first, weekday=MONDAY, start=time(13), end=time(14), staff_only=True
        )
        ClosingDay.objects.create(
            municipality=location.municipality, location=location, date=monday + timedelta(7)
        )

    days = selectors.preview_location_days(location=location, first_day=monday, days=8)

    first_monday = next(item for item in days[0].counters if item.counter == first)
    second_monday = next(item for item in days[7].counters if item.counter == first)
    assert first_monday.ranges == [(time(9), time(12))] and not first_monday.closed
    assert second_monday.closed and not days[7].open


def test_a_closing_day_with_booked_appointments_says_how_many_and_what_happens():
    town = build_town("sluitdorp")
    # Mid-morning two days ahead, so both visits fall on one local day whatever the clock.
    start = timezone.localtime(this_minute() + timedelta(days=2)).replace(hour=10, minute=0)
    book_visit(town, start=start, legs=[(town.counter_a, town.eid)])
    book_visit(town, start=start + timedelta(minutes=30), legs=[(town.counter_b, town.passport)])
    day = timezone.localdate(start)

    with pytest.raises(ValidationError) as error:
        booking_services.add_closing_day(
            municipality=town.municipality, day=day, location=town.location
        )

    message = _messages(error)
    assert message.startswith("2 booked appointments fall on")
    assert "Move or cancel them in the appointments list first" in message
    with scopes_disabled():
        assert not ClosingDay.objects.exists()
    # Closing another counter of the same day, where nobody is booked, is fine.
    booking_services.add_closing_day(
        municipality=town.municipality, day=day, counter=town.counter_c
    )


def _product_values(**changes: object) -> ProductValues:
    values = {"title": {"nl": "Reispas", "fr": ""}, "theme": "BurgerOverheid", **changes}
    return ProductValues(**values)  # type: ignore[arg-type]


def test_a_duration_off_the_grid_names_the_nearest_valid_durations(place):
    location, (first, _second, _third) = place

    with pytest.raises(ValidationError) as error:
        services.save_product(
            municipality=location.municipality,
            values=_product_values(),
            served_by=[ServedBy(counter=first, duration_minutes=15)],
        )

    assert "15 minutes is not a multiple of the 10-minute grid; use 10 or 20 minutes" in (
        _messages(error)
    )
    with scopes_disabled():
        assert not Product.objects.exists()


def test_a_bookable_product_no_counter_serves_is_refused(place):
    location, _counters = place

    with pytest.raises(ValidationError) as error:
        services.save_product(
            municipality=location.municipality, values=_product_values(), served_by=[]
        )

    assert "No counter serves this product" in _messages(error)


def test_a_staff_only_product_may_wait_for_its_counters(place):
    location, _counters = place

    product = services.save_product(
        municipality=location.municipality,
        values=_product_values(online_bookable=False),
        served_by=[],
    )

    assert product.title == {"nl": "Reispas"}  # empty languages are not stored


def test_changing_the_counters_of_a_product_replaces_them(place):
    location, (first, second, _third) = place
    with scopes_disabled():
        product = ProductFactory(municipality=location.municipality)
    services.save_product(
        municipality=location.municipality,
        values=_product_values(),
        served_by=[ServedBy(counter=first, duration_minutes=10)],
        product=product,
    )

    services.save_product(
        municipality=location.municipality,
        values=_product_values(),
        served_by=[ServedBy(counter=second, duration_minutes=20, extra_minutes_per_quantity=10)],
        product=product,
    )

    with scopes_disabled():
        rows = list(
            CounterService.objects.filter(product=product).values_list(
                "counter_id", "duration_minutes", "extra_minutes_per_quantity"
            )
        )
    assert rows == [(second.pk, 20, 10)]


def test_a_location_needs_a_belgian_postcode(place):
    location, _counters = place
    values = LocationValues(
        name="Dienstencentrum",
        street="Kerkstraat",
        house_number="2",
        postcode="0999",
        municipality_name="Ergens",
    )

    with pytest.raises(ValidationError) as error:
        services.save_location(municipality=location.municipality, values=values)

    assert "Enter a Belgian postcode" in _messages(error)
    with scopes_disabled():
        assert not LocationHours.objects.exists()


def test_a_coarser_grid_is_refused_while_durations_do_not_fit_it(place):
    location, (first, _second, _third) = place
    services.save_product(
        municipality=location.municipality,
        values=_product_values(),
        served_by=[ServedBy(counter=first, duration_minutes=20)],
    )

    with pytest.raises(ValidationError) as error:
        services.update_booking_rules(
            municipality=location.municipality, values={"granularity_minutes": 15}
        )

    assert "A 15-minute grid does not fit" in _messages(error)
    assert Municipality.objects.get(pk=location.municipality_id).granularity_minutes == 10


def test_editing_a_product_keeps_its_ipdc_concept(place):
    location, (first, _second, _third) = place
    product = services.save_product(
        municipality=location.municipality,
        values=_product_values(ipdc_concept="https://ipdc.example/id/concept/1"),
        served_by=[ServedBy(counter=first, duration_minutes=10)],
    )

    services.save_product(
        municipality=location.municipality,
        values=_product_values(title={"nl": "Reispas", "fr": "Passeport"}),
        served_by=[ServedBy(counter=first, duration_minutes=10)],
        product=product,
    )

    product.refresh_from_db()
    assert product.ipdc_concept == "https://ipdc.example/id/concept/1"
    assert product.title == {"nl": "Reispas", "fr": "Passeport"}
