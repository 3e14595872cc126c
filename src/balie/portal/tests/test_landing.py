# SPDX-License-Identifier: EUPL-1.2
import pytest
from django_scopes import scopes_disabled

from balie.catalog.tests.factories import CounterServiceFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_landing_lists_municipalities_with_their_bookable_products(client):
    with scopes_disabled():
        service = CounterServiceFactory(
            product__title={"nl": "Reispas", "en": "Passport"},
            counter__location__municipality__name="Demodorp",
        )
        ProductFactory(municipality=service.municipality, title={"nl": "Niet bediend"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Demodorp" in page and "Reispas" in page
    assert "Niet bediend" not in page  # no counter serves it, so nobody can book it


def test_product_titles_follow_the_chosen_language(client):
    with scopes_disabled():
        service = CounterServiceFactory(product__title={"nl": "Reispas", "en": "Passport"})

    response = client.get(f"/{service.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Passport" in response.content.decode()
