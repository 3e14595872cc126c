# SPDX-License-Identifier: EUPL-1.2
"""A citizen books a visit whose second counter follows after a wait, in headless Chromium."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.booking.services import hold_visit
from balie.portal.tests.conftest import build_town
from balie.portal.tests.e2e.conftest import check_accessibility, new_page, save_screenshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_the_route_shows_the_wait_between_two_counters(browser, live_server):
    # Given the passport counter is held 09:10-09:30 the day after tomorrow, and the
    # municipality allows 20 minutes between two counters
    town = build_town(slug="wachtdorp", max_wait_minutes=20)
    day = datetime.now(BRUSSELS).date() + timedelta(days=2)
    hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.passport.pk, 1)],
        start=datetime.combine(day, time(9, 10), BRUSSELS),
    )
    page = new_page(browser)

    # When a citizen books an identity card and a passport at 09:00 that day
    page.goto(f"{live_server.url}/wachtdorp/")
    for search, title in (("eID", "Electronic identity card"), ("paspoort", "Passport")):
        page.get_by_label("Search for a product").fill(search)
        with page.expect_navigation():
            page.get_by_role("button", name="Search").click()
        article = page.locator(
            "article.product", has=page.get_by_role("heading", name=title, exact=True)
        )
        with page.expect_navigation():
            article.get_by_role("button", name=re.compile("^Add to my visit")).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Next: choose a day and time").click()
    # The day's month, also when the day after tomorrow falls in the next one.
    page.goto(f"{live_server.url}/wachtdorp/day/?month={day:%Y-%m}")
    with page.expect_navigation():
        page.locator(f'table.calendar a[href$="/day/{day.isoformat()}/"]').click()
    with page.expect_navigation():
        page.get_by_role("button", name="09:00", exact=True).click()
    for label, value in (
        ("Given name", "Lotte"),
        ("Family name", "Janssens"),
        ("E-mail address", "lotte@example.org"),
    ):
        page.get_by_label(label).fill(value)
    # Details, then "check your answers", then the booking itself.
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm appointment").click()
    page.wait_for_load_state("load")
    save_screenshots(page, "waits", "confirmation-with-wait")

    # Then the route shows both counters' times with the wait before the second
    route = page.locator("ol.itinerary").inner_text()
    note = "You wait about 20 minutes in the waiting room before this counter."
    assert route.index("09:00–09:10 at Loket Burgerzaken") < route.index(note)
    assert route.index(note) < route.index("09:30–09:50 at Loket Reizen")
    check_accessibility(page, "confirmation-with-wait")
    # And the booked legs are exactly those times
    with scopes_disabled():
        booked = Reservation.objects.get(status=ReservationStatus.CONFIRMED)
        legs = [
            (leg.start.astimezone(BRUSSELS).time(), leg.end.astimezone(BRUSSELS).time())
            for leg in booked.legs.order_by("position")
        ]
    assert legs == [(time(9), time(9, 10)), (time(9, 30), time(9, 50))]
