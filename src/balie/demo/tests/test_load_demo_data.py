# SPDX-License-Identifier: EUPL-1.2
from datetime import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model
from django_scopes import scopes_disabled

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
    Weekday,
)
from balie.core.i18n import CONTENT_LANGUAGES
from balie.demo.loader import DEMO_PASSWORD, load_demo_data
from balie.tenants.models import Municipality, Role, StaffMembership

MODELS: list[type[Model]] = [
    Municipality,
    Location,
    Counter,
    Product,
    CounterService,
    OpeningHours,
    ClosingDay,
    StaffMembership,
    get_user_model(),
]


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {model.__name__: model._default_manager.count() for model in MODELS}


@pytest.fixture
def demo() -> None:
    load_demo_data()


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicates(demo: None) -> None:
    # given the demo data loaded once
    first = _counts()

    # when the command runs again
    output = StringIO()
    call_command("load_demo_data", stdout=output)

    # then every model has exactly as many rows as before
    assert _counts() == first
    assert all(count > 0 for count in first.values())
    assert "0 created" in output.getvalue()


@pytest.mark.django_db
def test_existing_password_is_kept(demo: None) -> None:
    # given a demo user who changed their password
    user = get_user_model().objects.get(username="clerk-demerdonk")
    user.set_password("a-private-password-2026")
    user.save()

    # when the demo data are loaded again
    load_demo_data()

    # then the password is not reset, while new users got the demo password
    user.refresh_from_db()
    assert user.check_password("a-private-password-2026")
    assert get_user_model().objects.get(username="admin-demerdonk").check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_users_and_roles(demo: None) -> None:
    # given the demo data
    # when we look at the users
    with scopes_disabled():
        roles = {
            (membership.user.username, membership.municipality.slug): membership.role
            for membership in StaffMembership.objects.select_related("user", "municipality")
        }
    # then there is an operator and an admin and a clerk per municipality
    assert get_user_model().objects.get(username="operator").is_superuser
    assert roles[("admin-scheldemeer", "scheldemeer")] == Role.ADMIN
    assert roles[("clerk-scheldemeer", "scheldemeer")] == Role.STAFF
    assert roles[("admin-demerdonk", "demerdonk")] == Role.ADMIN
    assert get_user_model().objects.get(username="admin-demerdonk").is_staff


@pytest.mark.django_db
def test_municipality_sizes_and_catalogue(demo: None) -> None:
    # given the demo data
    with scopes_disabled():
        small = Municipality.objects.get(slug="demerdonk")
        large = Municipality.objects.get(slug="scheldemeer")

        # when we count their sites, counters and products
        # then the small one has one town hall with three counters
        assert Location.objects.filter(municipality=small).count() == 1
        assert Counter.objects.filter(municipality=small).count() == 3
        # and the large one several sites, many counters and a full catalogue
        assert Location.objects.filter(municipality=large).count() >= 3
        assert Counter.objects.filter(municipality=large).count() >= 15
        assert Product.objects.filter(municipality=large).count() >= 30
        assert Product.objects.filter(municipality=small).count() >= 25
        assert small.nis_code != large.nis_code

        # and every product speaks all four languages
        for product in Product.objects.all():
            for language in CONTENT_LANGUAGES:
                assert product.title.get(language), (product.slug, language)
                assert product.what_to_bring.get(language), (product.slug, language)


@pytest.mark.django_db
def test_bookable_products_are_served_and_visits_can_span_counters(demo: None) -> None:
    with scopes_disabled():
        # given every online-bookable product
        bookable = Product.objects.filter(online_bookable=True)

        # when we look for active counters serving it
        unserved = bookable.exclude(services__counter__active=True)

        # then each is served somewhere
        assert not unserved.exists(), list(unserved.values_list("municipality__slug", "slug"))

        # and in each municipality some product is only served where eID is not
        for municipality in Municipality.objects.all():
            eid_counters = set(
                CounterService.objects.filter(
                    municipality=municipality, product__slug="eid"
                ).values_list("counter_id", flat=True)
            )
            products_elsewhere = [
                product
                for product in bookable.filter(municipality=municipality)
                if not eid_counters & set(product.services.values_list("counter_id", flat=True))
            ]
            assert products_elsewhere, municipality.slug


@pytest.mark.django_db
def test_every_calendar_row_passes_model_validation(demo: None) -> None:
    # given the demo data
    with scopes_disabled():
        rows = [
            *OpeningHours.objects.select_related("counter__municipality"),
            *CounterService.objects.select_related("counter__municipality", "product"),
            *ClosingDay.objects.all(),
        ]
        # when each row is validated, then none raises
        for row in rows:
            row.full_clean()


@pytest.mark.django_db
def test_evening_saturday_staff_only_and_seasonal_hours_exist(demo: None) -> None:
    with scopes_disabled():
        # given the opening hours
        hours = OpeningHours.objects.all()

        # then there is an evening opening, a Saturday, a staff-only range and a summer rule
        assert hours.filter(end__gte=time(18, 30)).exists()
        assert hours.filter(weekday=Weekday.SATURDAY).exists()
        assert hours.filter(staff_only=True).exists()
        assert hours.filter(valid_until__isnull=False).exists()
        assert hours.filter(valid_from__isnull=False).exists()
        # and 11 July closes every demo municipality every year
        for municipality in Municipality.objects.all():
            assert ClosingDay.objects.filter(
                municipality=municipality,
                location=None,
                date__month=7,
                date__day=11,
                recurring_yearly=True,
            ).exists()
