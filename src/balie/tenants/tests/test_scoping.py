# SPDX-License-Identifier: EUPL-1.2
"""One municipality's staff never sees another's data: in code and in the admin."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from balie.catalog.models import Location, Product
from balie.catalog.tests.factories import CounterFactory, LocationFactory, ProductFactory
from balie.core.testing.otp import force_verified_login
from balie.tenants.tests.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_tenants():
    with scopes_disabled():
        town_a = MunicipalityFactory(slug="town-a", name="Town A")
        town_b = MunicipalityFactory(slug="town-b", name="Town B")
        location_a = LocationFactory(municipality=town_a, name="Hall A", slug="hall-a")
        location_b = LocationFactory(municipality=town_b, name="Hall B", slug="hall-b")
        product_a = ProductFactory(municipality=town_a, slug="eid-a")
        product_b = ProductFactory(municipality=town_b, slug="eid-b")
        CounterFactory(location=location_a, name="Counter A")
        CounterFactory(location=location_b, name="Counter B")
    return town_a, town_b, location_a, location_b, product_a, product_b


def test_unscoped_query_on_tenant_data_raises(two_tenants):
    with pytest.raises(ScopeError):
        list(Location.objects.all())


def test_scoped_query_returns_only_own_rows(two_tenants):
    town_a, _, location_a, _, product_a, _ = two_tenants
    with scope(municipality=town_a.pk):
        assert list(Location.objects.all()) == [location_a]
        assert list(Product.objects.all()) == [product_a]


def test_scoped_get_of_other_tenants_row_is_not_found(two_tenants):
    town_a, _, _, location_b, _, _ = two_tenants
    with scope(municipality=town_a.pk), pytest.raises(Location.DoesNotExist):
        Location.objects.get(pk=location_b.pk)


@pytest.fixture
def admin_of_a(client, two_tenants):
    town_a = two_tenants[0]
    membership = StaffMembershipFactory(municipality=town_a, user=UserFactory(username="adm-a"))
    force_verified_login(client, membership.user)
    return client


def test_admin_changelist_lists_only_own_municipality(admin_of_a, two_tenants):
    response = admin_of_a.get(reverse("admin:catalog_location_changelist"))
    assert response.status_code == 200
    assert b"Hall A" in response.content
    assert b"Hall B" not in response.content


def test_admin_cannot_open_or_edit_other_municipalitys_object(admin_of_a, two_tenants):
    location_b = two_tenants[3]
    url = reverse("admin:catalog_location_change", args=[location_b.pk])

    response = admin_of_a.get(url)
    assert response.status_code in (302, 404)

    response = admin_of_a.post(url, {"name": "Hijacked"})
    assert response.status_code in (302, 404)
    with scopes_disabled():
        location_b.refresh_from_db()
    assert location_b.name == "Hall B"


def test_admin_cannot_create_rows_in_other_municipality(admin_of_a, two_tenants):
    town_b = two_tenants[1]
    response = admin_of_a.post(
        reverse("admin:catalog_location_add"),
        {
            "municipality": town_b.pk,
            "name": "Sneaky",
            "slug": "sneaky",
            "street": "Markt",
            "house_number": "1",
            "postcode": "9000",
            "municipality_name": "B",
            "walking_gap_minutes": 0,
            "counters-TOTAL_FORMS": 0,
            "counters-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert b"Select a valid choice" in response.content or b"geldige keuze" in response.content
    with scopes_disabled():
        assert not Location.objects.filter(slug="sneaky").exists()


def test_admin_sees_only_own_municipality_settings(admin_of_a, two_tenants):
    response = admin_of_a.get(reverse("admin:tenants_municipality_changelist"))
    assert b"Town A" in response.content
    assert b"Town B" not in response.content


def test_platform_operator_sees_every_municipality(client, two_tenants):
    operator = UserFactory(username="op", is_superuser=True)
    force_verified_login(client, operator)
    response = client.get(reverse("admin:catalog_location_changelist"))
    assert b"Hall A" in response.content and b"Hall B" in response.content


def test_user_without_membership_has_no_admin_access(client, two_tenants):
    force_verified_login(client, UserFactory(username="nobody"))
    response = client.get(reverse("admin:catalog_location_changelist"))
    assert response.status_code == 403


def test_municipality_slug_cannot_shadow_a_platform_path():
    from django.core.exceptions import ValidationError

    from balie.tenants.models import Municipality

    municipality = Municipality(name="Auth", slug="auth", nis_code="12345")
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "slug" in error.value.message_dict
