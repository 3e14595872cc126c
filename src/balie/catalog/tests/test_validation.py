# SPDX-License-Identifier: EUPL-1.2
"""Bad calendar rules are refused with a clear message."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from balie.catalog.models import CounterService, OpeningHours
from balie.catalog.tests.factories import (
    ClosingDayFactory,
    CounterFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.core.testing.otp import force_verified_login
from balie.tenants.tests.factories import MunicipalityFactory, StaffMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


def test_overlapping_hours_on_same_day_are_refused():
    existing = OpeningHoursFactory(weekday=0, start=time(9), end=time(12))
    clash = OpeningHours(
        municipality=existing.municipality,
        counter=existing.counter,
        weekday=0,
        start=time(11),
        end=time(13),
    )
    with pytest.raises(ValidationError, match="overlap"):
        clash.full_clean()


def test_hours_in_disjoint_validity_periods_may_overlap_in_time():
    existing = OpeningHoursFactory(valid_until=date(2026, 7, 14))
    summer = OpeningHours(
        municipality=existing.municipality,
        counter=existing.counter,
        weekday=existing.weekday,
        start=existing.start,
        end=existing.end,
        valid_from=date(2026, 7, 15),
        valid_until=date(2026, 8, 15),
    )
    summer.full_clean()


def test_touching_ranges_are_not_an_overlap():
    existing = OpeningHoursFactory(start=time(9), end=time(12))
    afternoon = OpeningHours(
        municipality=existing.municipality,
        counter=existing.counter,
        weekday=existing.weekday,
        start=time(12),
        end=time(16),
    )
    afternoon.full_clean()


def test_closing_before_opening_is_refused():
    counter = CounterFactory()
    hours = OpeningHours(
        municipality=counter.municipality,
        counter=counter,
        weekday=1,
        start=time(12),
        end=time(9),
    )
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert "end" in error.value.message_dict


def test_hours_off_the_granularity_grid_are_refused():
    counter = CounterFactory(location__municipality__granularity_minutes=15)
    hours = OpeningHours(
        municipality=counter.municipality,
        counter=counter,
        weekday=1,
        start=time(9, 10),
        end=time(12),
    )
    with pytest.raises(ValidationError) as error:
        hours.full_clean()
    assert "15-minute grid" in str(error.value.message_dict["start"])


def test_duration_not_a_multiple_of_granularity_is_refused_with_suggestions():
    counter = CounterFactory(location__municipality__granularity_minutes=10)
    service = CounterService(
        municipality=counter.municipality,
        counter=counter,
        product=ProductFactory(municipality=counter.municipality),
        duration_minutes=25,
    )
    with pytest.raises(ValidationError) as error:
        service.full_clean()
    message = str(error.value.message_dict["duration_minutes"])
    assert "multiple of 10" in message and "20" in message and "30" in message


def test_recurring_closing_day_on_leap_day_is_refused():
    day = ClosingDayFactory.build(date=date(2028, 2, 29), recurring_yearly=True)
    day.municipality.save()
    with pytest.raises(ValidationError, match="29 February"):
        day.full_clean()


def test_admin_refuses_online_product_that_no_counter_serves(client):
    municipality = MunicipalityFactory()
    membership = StaffMembershipFactory(municipality=municipality)
    force_verified_login(client, membership.user)
    response = client.post(
        reverse("admin:catalog_product_add"),
        {
            "municipality": municipality.pk,
            "slug": "orphan",
            "title": '{"nl": "Wees"}',
            "description": "{}",
            "what_to_bring": "{}",
            "cost": "{}",
            "keywords": "[]",
            "theme": "BurgerOverheid",
            "online_bookable": "on",
            "max_quantity": 1,
            "services-TOTAL_FORMS": 0,
            "services-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "No counter serves this product" in response.content.decode()


def test_admin_refuses_overlapping_hours_entered_together(client):
    counter = CounterFactory()
    membership = StaffMembershipFactory(municipality=counter.municipality)
    force_verified_login(client, membership.user)
    rows = [("0", "09:00", "12:00"), ("0", "11:00", "13:00")]
    data = {
        "municipality": counter.municipality.pk,
        "location": counter.location.pk,
        "name": counter.name,
        "active": "on",
        "opening_hours-TOTAL_FORMS": len(rows),
        "opening_hours-INITIAL_FORMS": 0,
        "services-TOTAL_FORMS": 0,
        "services-INITIAL_FORMS": 0,
    }
    for index, (weekday, start, end) in enumerate(rows):
        data |= {
            f"opening_hours-{index}-weekday": weekday,
            f"opening_hours-{index}-start": start,
            f"opening_hours-{index}-end": end,
        }
    response = client.post(reverse("admin:catalog_counter_change", args=[counter.pk]), data)
    assert response.status_code == 200
    assert "Opening hours overlap" in response.content.decode()
    assert not OpeningHours.objects.filter(counter=counter).exists()


def test_product_and_counter_of_different_municipalities_cannot_be_linked():
    counter = CounterFactory()
    foreign_product = ProductFactory()
    service = CounterService(
        municipality=counter.municipality,
        counter=counter,
        product=foreign_product,
        duration_minutes=10,
    )
    with pytest.raises(ValidationError, match="different municipalities"):
        service.full_clean()


def test_counter_location_must_belong_to_same_municipality():
    location = LocationFactory()
    counter = CounterFactory.build(location=location, municipality=MunicipalityFactory())
    with pytest.raises(ValidationError, match="another municipality"):
        counter.full_clean()
