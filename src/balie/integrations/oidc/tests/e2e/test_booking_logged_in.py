# SPDX-License-Identifier: EUPL-1.2
"""Issue 8, acceptance 1: a citizen logs in, books without retyping her name, and finds the
appointment under "My appointments" and in the API, in real Chromium."""

import re

import pytest
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.core.testing.browser import check_accessibility, new_page
from balie.integrations.devidp.people import get_person
from balie.integrations.oidc.models import CitizenAppointmentLink
from balie.integrations.oidc.tests.conftest import TEST_URLS
from balie.portal.tests.conftest import build_town

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(TEST_URLS),
]


def _go(page, locator) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        locator.click()


def test_a_logged_in_citizen_books_with_her_details_filled_in_and_finds_it_again(
    browser, provider
):
    lotte = get_person(key="lotte")
    assert lotte is not None
    build_town(slug="noord", requires_national_number=True)
    page = new_page(browser)

    # She logs in from the municipality's booking page and comes back to it.
    page.goto(f"{provider.url}/noord/")
    _go(page, page.get_by_role("link", name="Log in", exact=True))
    assert "/dev-idp/v1/auth" in page.url
    page.get_by_label("Lotte Janssens", exact=True).check()
    _go(page, page.get_by_role("button", name="Log in", exact=True))
    assert page.url == f"{provider.url}/noord/"
    assert page.get_by_role("button", name="Log out").is_visible()
    check_accessibility(page, "products, logged in")

    # She chooses a product, a day and a time.
    article = page.locator(
        "article.product",
        has=page.get_by_role("heading", name="Electronic identity card", exact=True),
    )
    _go(page, article.get_by_role("button", name=re.compile("^Add to my visit")))
    _go(page, page.get_by_role("link", name="Next: choose a day and time"))
    _go(page, page.locator("table.calendar a.first"))
    _go(page, page.locator("ul.times button").first)
    assert page.url == f"{provider.url}/noord/details/"

    # Her name comes from the login; the national register number she types: Balie's
    # session never held it in full.
    assert page.get_by_label("Given name").input_value() == "Lotte"
    assert page.get_by_label("Family name").input_value() == "Janssens"
    number = page.get_by_label("National register number")
    assert number.input_value() == ""
    assert lotte.national_number not in page.content()
    check_accessibility(page, "details, prefilled")
    number.fill(lotte.national_number)
    page.get_by_label("E-mail address").fill("lotte@example.org")
    _go(page, page.get_by_role("button", name="Continue"))
    check_accessibility(page, "check your answers, logged in")
    _go(page, page.get_by_role("button", name="Confirm appointment"))
    assert "Your appointment is confirmed." in page.content()

    with scopes_disabled():
        reservation = Reservation.objects.get(status=ReservationStatus.CONFIRMED)
    assert (reservation.given_name, reservation.family_name) == ("Lotte", "Janssens")
    assert reservation.national_number == lotte.national_number
    assert CitizenAppointmentLink.objects.filter(
        reservation=reservation, account__sub=lotte.sub
    ).exists()

    # "My appointments" lists it, and so does the API through the same session.
    _go(page, page.get_by_role("link", name="My appointments"))
    assert page.url == f"{provider.url}/my/appointments/"
    assert reservation.reference in page.locator("main").inner_text()
    check_accessibility(page, "my appointments, after booking")
    api = page.request.get(f"{provider.url}/api/v1/me/appointments/")
    assert api.status == 200
    assert [item["reference"] for item in api.json()["upcoming"]] == [reservation.reference]
