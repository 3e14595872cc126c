# SPDX-License-Identifier: EUPL-1.2
"""Error pages, the favicon, dates in running text and the steps bar."""

import pytest
from django.test import Client

from balie.portal.tests.conftest import Town, add_products, book, build_town

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_municipalitys_own_translated_404_page(client, town):
    response = client.get(f"/{town.municipality.slug}/no-such-page/", HTTP_ACCEPT_LANGUAGE="nl")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page
    assert f'href="/{town.municipality.slug}/brand.css"' in page
    assert f'href="/{town.municipality.slug}/"' in page


def test_the_api_keeps_problem_details_for_an_unknown_address(client, db):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_a_wrong_method_gets_a_page_instead_of_an_empty_405(client, town):
    # A GET on a POST-only step leads back to that step (booking flow); other methods are
    # refused with a page, not an empty answer.
    response = client.put(f"/{town.municipality.slug}/details/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert "This page cannot be opened this way" in response.content.decode()


def test_a_server_error_gets_a_branded_page(rf, town):
    from balie.portal.errors import server_error

    response = server_error(rf.get(f"/{town.municipality.slug}/details/"))

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()


def test_a_form_sent_without_its_security_token_gets_a_branded_page(town):
    # Given a form page left open until its security token no longer counts
    client = Client(enforce_csrf_checks=True)

    # When it is sent
    response = client.post(
        f"/{town.municipality.slug}/visit/", {"product": town.eid.pk}, HTTP_ACCEPT_LANGUAGE="nl"
    )

    # Then the municipality's own page says what happened and what to do, in Dutch
    page = response.content.decode()
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in page
    assert f'href="/{town.municipality.slug}/brand.css"' in page


def test_the_favicon_exists(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("portal/favicon.svg")


def _informal_town() -> Town:
    return build_town(slug="losjes", formal=False)


def test_the_earliest_free_day_is_lower_case_mid_sentence_in_dutch(client, town):
    add_products(client, town, (town.passport, 1))

    page = client.get(
        f"/{town.municipality.slug}/location/", follow=True, HTTP_ACCEPT_LANGUAGE="nl"
    )

    text = page.content.decode()
    assert "De eerste vrije dag is " in text
    after = text.split("De eerste vrije dag is ", 1)[1]
    assert after[0].islower(), after[:30]


def test_the_steps_bar_shows_on_booking_steps_only(client, town):
    slug = town.municipality.slug
    add_products(client, town, (town.passport, 1))
    reference = book(client, town)

    products = client.get(f"/{slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    manage = client.get(f"/{slug}/appointments/{reference}/", HTTP_ACCEPT_LANGUAGE="en")
    cancel = client.get(f"/{slug}/appointments/{reference}/cancel/", HTTP_ACCEPT_LANGUAGE="en")

    assert 'class="steps"' in products
    assert 'class="steps"' not in manage.content.decode()
    assert 'class="steps"' not in cancel.content.decode()
    assert 'class="danger"' in cancel.content.decode()


def test_the_confirmation_opens_with_a_success_panel_once(client, town):
    reference = book(client, town)
    url = f"/{town.municipality.slug}/appointments/{reference}/"

    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    again = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'class="panel-success"' in first and "Your appointment is confirmed." in first
    assert 'class="panel-success"' not in again


def test_the_basket_shows_the_total_time_and_cost(client, town):
    add_products(client, town, (town.eid, 2))

    page = client.get(f"/{town.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # eID: 10 minutes plus 10 for the second card; € 25 each
    assert "about 20 minutes" in page
    assert "€50.00" in page


def test_the_next_button_names_the_location_step_when_there_is_a_choice(client: Client, town):
    from django_scopes import scopes_disabled

    from balie.catalog.tests.factories import (
        CounterFactory,
        CounterServiceFactory,
        LocationFactory,
    )

    with scopes_disabled():
        annex = LocationFactory(municipality=town.municipality, name="Annex", slug="annex")
        CounterServiceFactory(counter=CounterFactory(location=annex), product=town.passport)
    add_products(client, town, (town.passport, 1))

    page = client.get(f"/{town.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Next: choose a location" in page


def test_a_link_to_a_month_that_cannot_be_booked_says_so(client, town):
    add_products(client, town, (town.passport, 1))
    client.get(f"/{town.municipality.slug}/location/")

    page = client.get(
        f"/{town.municipality.slug}/day/", {"month": "2001-01"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "That month cannot be booked." in page
