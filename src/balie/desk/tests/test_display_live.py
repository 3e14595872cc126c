# SPDX-License-Identifier: EUPL-1.2
"""The call display follows the calls in headless Chromium without reloading the page."""

import time

import pytest
from django.conf import settings

from balie.core.testing.browser import check_accessibility, new_page
from balie.desk import services
from balie.desk.tests.conftest import book_visit, build_town, this_minute

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("balie.desk.tests.urls")]


def _follows_calls_without_reloading(page, town) -> None:  # type: ignore[no-untyped-def]
    # Given a page that remembers it was not reloaded
    page.evaluate("window.balieMarker = 'still the same page'")
    # When counter A calls the appointment, then counter B the walk-in
    services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_a, user=town.clerk
    )
    page.locator(".now .code").filter(has_text="A001").wait_for(timeout=10_000)
    services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_b, user=town.clerk_b
    )
    # Then the newest call is shown large and the earlier one under recent calls
    page.locator(".now .code").filter(has_text="W001").wait_for(timeout=10_000)
    assert page.locator(".now .counter").inner_text().endswith(town.counter_b.name)
    assert page.locator("#recent li").first.inner_text().startswith("A001")
    # And the page was never reloaded
    assert page.evaluate("window.balieMarker") == "still the same page"


@pytest.fixture
def waiting_room(transactional_db, browser):
    town = build_town("wachtzaal")
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)
    services.start_shift(municipality=town.municipality, user=town.clerk_b, counter=town.counter_b)
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    services.check_in_visit(municipality=town.municipality, reservation=visit)
    # Counter B serves passports only.
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.passport
    )
    yield town
    for context in list(browser.contexts):
        context.close()
    # A stream notices a closed screen at its next check; let it end before the database goes.
    time.sleep(settings.BALIE_DISPLAY_STREAM_SECONDS + 1)


def test_the_display_shows_new_calls_through_server_sent_events(
    browser, live_server, waiting_room
):
    page = new_page(browser)
    page.goto(f"{live_server.url}/wachtzaal/display/hall/")
    check_accessibility(page, "call display, nobody called yet")

    _follows_calls_without_reloading(page, waiting_room)

    check_accessibility(page, "call display with calls")
    assert page.locator("#clock time").inner_text().count(":") == 1


def test_without_server_sent_events_the_display_polls_quietly(browser, live_server, waiting_room):
    page = new_page(browser)
    # A browser without EventSource (older TV browsers) falls back to fetching the calls.
    page.add_init_script("delete window.EventSource")
    page.goto(f"{live_server.url}/wachtzaal/display/hall/")
    assert page.evaluate("typeof window.EventSource") == "undefined"

    _follows_calls_without_reloading(page, waiting_room)
