# SPDX-License-Identifier: EUPL-1.2
import pytest
from django_scopes import scopes_disabled

from balie.catalog.tests.factories import CounterServiceFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_landing_links_every_municipality_with_its_count_of_bookable_products(client):
    with scopes_disabled():
        service = CounterServiceFactory(
            product__title={"nl": "Reispas", "en": "Passport"},
            counter__location__municipality__name="Demodorp",
        )
        # No counter serves it, so nobody can book it: it does not count.
        ProductFactory(municipality=service.municipality, title={"nl": "Niet bediend"})

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="/{service.municipality.slug}/">Demodorp' in page
    assert "1 product online" in page


def test_the_landing_search_finds_a_municipality_by_part_of_its_name(client):
    with scopes_disabled():
        first = CounterServiceFactory(counter__location__municipality__name="Sint-Gillis-Waas")
        second = CounterServiceFactory(counter__location__municipality__name="Zomergem")

    page = client.get("/", {"q": "gillis"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="/{first.municipality.slug}/"' in page
    assert f'href="/{second.municipality.slug}/"' not in page


def test_product_titles_follow_the_chosen_language(client):
    with scopes_disabled():
        service = CounterServiceFactory(product__title={"nl": "Reispas", "en": "Passport"})

    response = client.get(f"/{service.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Passport" in response.content.decode()
