# SPDX-License-Identifier: EUPL-1.2
"""Municipalities, products and locations."""

from django_scopes import scopes_disabled

from balie.api.tests.conftest import assert_problem
from balie.catalog.tests.factories import CounterFactory, CounterServiceFactory, LocationFactory
from balie.tenants.tests.factories import MunicipalityFactory


def test_municipalities_are_listed_with_settings_and_links(api, town):
    # Given the town and a second municipality
    MunicipalityFactory(slug="othertown", name="Othertown")

    # When the list is requested
    response = api.get("/api/v1/municipalities/")

    # Then both are there, with booking settings and links
    assert response.status_code == 200
    by_slug = {item["slug"]: item for item in response.json()}
    assert set(by_slug) == {"demotown", "othertown"}
    demotown = by_slug["demotown"]
    assert demotown["granularity"] == 10
    assert demotown["horizon_days"] == 60
    assert demotown["hold_minutes"] == 10
    assert demotown["requires_national_number"] is False
    assert demotown["branding"]["primary_colour"] == "#0b5394"
    assert demotown["links"]["products"].endswith("/api/v1/municipalities/demotown/products/")


def test_municipality_detail_and_unknown_slug(api, town):
    response = api.get("/api/v1/municipalities/demotown/")
    assert response.status_code == 200
    assert response.json()["nis_code"] == town.municipality.nis_code

    assert_problem(api.get("/api/v1/municipalities/nowhere/"), 404, "not_found")


def test_products_lists_only_online_bookable_products_in_the_request_language(api, town):
    # Given a product with Dutch and French texts
    with scopes_disabled():
        town.passport.title = {"nl": "Reispas", "fr": "Passeport"}
        town.passport.cost = {"nl": "€ 75"}
        town.passport.save()

    # When the products are requested in French
    response = api.get("/api/v1/municipalities/demotown/products/", HTTP_ACCEPT_LANGUAGE="fr")

    # Then the staff-only product is absent and texts are French, falling back to Dutch
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    products = {item["slug"]: item for item in response.json()}
    assert set(products) == {"eid", "passport", "container"}
    passport = products["passport"]
    assert passport["title"] == "Passeport"
    assert passport["cost"] == "€ 75"
    assert passport["translations"]["nl"]["title"] == "Reispas"
    assert passport["translations"]["fr"]["title"] == "Passeport"
    assert passport["max_quantity"] == 3
    assert passport["theme"] == "BurgerOverheid"


def test_products_default_to_dutch(api, town):
    with scopes_disabled():
        town.passport.title = {"nl": "Reispas", "fr": "Passeport"}
        town.passport.save()

    response = api.get("/api/v1/municipalities/demotown/products/")

    titles = {item["slug"]: item["title"] for item in response.json()}
    assert titles["passport"] == "Reispas"


def test_products_query_count_does_not_grow(api, town, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/municipalities/demotown/products/")
    assert len(response.json()) == 3


def test_locations_show_address_counters_and_services(api, town):
    response = api.get("/api/v1/municipalities/demotown/locations/")

    assert response.status_code == 200
    [location] = response.json()
    assert location["slug"] == "hall"
    assert location["address"] == {
        "street": "Markt",
        "house_number": "1",
        "box": "",
        "postcode": "9999",
        "municipality_name": town.municipality.name,
    }
    counters = {counter["name"]: counter for counter in location["counters"]}
    assert set(counters) == {"A", "B", "C"}
    # The staff-only product served at A is not shown to the public.
    assert counters["A"]["products"] == [
        {"product": town.eid.pk, "duration_minutes": 10, "extra_minutes_per_quantity": 10}
    ]


def test_locations_query_count_is_constant(api, town, django_assert_max_num_queries):
    # Given more locations, each with counters and services
    with scopes_disabled():
        for index in range(4):
            location = LocationFactory(municipality=town.municipality, slug=f"extra-{index}")
            for name in ("X", "Y"):
                counter = CounterFactory(location=location, name=name)
                CounterServiceFactory(counter=counter, product=town.eid)

    # Then the list still takes a fixed number of queries (municipality + 3)
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/municipalities/demotown/locations/")
    assert len(response.json()) == 5


def test_inactive_counters_are_hidden(api, town):
    with scopes_disabled():
        town.counter_c.active = False
        town.counter_c.save()

    response = api.get("/api/v1/municipalities/demotown/locations/")

    names = [counter["name"] for counter in response.json()[0]["counters"]]
    assert names == ["A", "B"]
