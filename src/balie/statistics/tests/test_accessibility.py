# SPDX-License-Identifier: EUPL-1.2
"""The dashboard and the open-data pages pass axe-core (WCAG 2.1 A and AA) in Chromium.

Screenshots of the dashboard at phone and desktop width land in build/screenshots/statistics.
"""

import pytest
from django.test import Client

from balie.core.testing.browser import check_accessibility, new_page, save_screenshots
from balie.statistics.services import refresh_statistics, snapshot_first_free
from balie.statistics.tests.conftest import DAY, at, build_hall
from balie.statistics.tests.test_dashboard import verify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def busy_hall(transactional_db):
    hall = build_hall()
    refresh_statistics(municipality=hall.municipality, first_day=DAY, last_day=DAY, now=at(18))
    for day in (DAY.replace(day=8), DAY.replace(day=9)):
        snapshot_first_free(municipality=hall.municipality, now=at(7, day=day))
    return hall


def test_dashboard_and_open_data_pages_pass_axe(browser, live_server, busy_hall):
    # Given an admin signed in with password and second factor
    client = Client()
    verify(client, busy_hall.admin)
    # axe itself needs JavaScript; the page has none (test_dashboard checks there is no script)
    page = new_page(browser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    base = f"{live_server.url}/{busy_hall.municipality.slug}"
    # When the dashboard of a week around the fixture day is opened
    page.goto(f"{base}/statistics/?first_day=2026-03-04&last_day=2026-03-12")
    # Then it shows the charts with their tables, and passes axe
    assert page.locator("h1").inner_text() == "Statistics for Halle"
    assert page.locator("svg[role=img]").count() == 6
    check_accessibility(page, "statistics dashboard")
    save_screenshots(page, "statistics", "dashboard")
    page.goto(f"{base}/statistics/?first_day=yesterday")
    check_accessibility(page, "statistics dashboard with a filter error")
    for label, address in {
        "open data of the municipality": f"{base}/open-data/",
        "open data catalogue": f"{live_server.url}/open-data/",
    }.items():
        page.goto(address)
        assert page.locator("h1").count() == 1, label
        check_accessibility(page, label)
    save_screenshots(page, "statistics", "open-data")
