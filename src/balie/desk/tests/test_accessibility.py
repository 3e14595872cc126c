# SPDX-License-Identifier: EUPL-1.2
"""Every desk page passes axe-core (WCAG 2.1 A and AA) in headless Chromium.

The pages are filled with a realistic moment of the day: a visitor called, others waiting,
appointments expected, so that tables and action buttons are checked, not empty states.
Chromium and axe come from the citizen portal's end-to-end fixtures.
"""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from balie.core.testing.browser import check_accessibility, new_page
from balie.desk import services
from balie.desk.selectors import local_today
from balie.desk.tests.conftest import PASSWORD, book_visit, build_town, this_minute
from balie.desk.tests.test_views import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("balie.desk.tests.urls")]


@pytest.fixture
def busy_town(transactional_db):
    town = build_town("demotown")
    now = this_minute()
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)
    legs = [(town.counter_a, town.eid), (town.counter_b, town.passport)]
    visit = book_visit(town, start=now, legs=legs)
    book_visit(town, start=now + timedelta(minutes=20), legs=legs, given_name="Bram")
    book_visit(town, start=now - timedelta(minutes=20), legs=legs[:1], given_name="Chris")
    services.check_in_visit(municipality=town.municipality, reservation=visit)
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid
    )
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid, priority=True
    )
    services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_a, user=town.clerk
    )
    return town


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    check_accessibility(page, "login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_counter_staff_pages_pass_axe(browser, live_server, busy_town):
    town = busy_town
    page = new_page(browser)
    log_in(page, live_server, town.clerk.username)
    base = f"{live_server.url}/{town.municipality.slug}"
    tomorrow = local_today(municipality=town.municipality) + timedelta(days=1)
    pages = {
        "today at my counter": f"{base}/desk/",
        "counter choice": f"{base}/desk/shift/",
        "check-in": f"{base}/desk/check-in/",
        "walk-in": f"{base}/desk/walk-in/",
        "book for a citizen": (
            f"{base}/desk/book/?location={town.location.pk}&day={tomorrow.isoformat()}"
            f"&channel=phone&quantity_{town.eid.pk}=1"
        ),
        # Live through server-sent events: no meta refresh with JavaScript on.
        "call display": f"{base}/display/hall/",
        "kiosk": f"{base}/display/hall/kiosk/",
    }
    for label, address in pages.items():
        page.goto(address)
        assert page.locator("h1").count() == 1, label
        check_accessibility(page, label)
    # The number the clerk called is on the display, without the visitor's name
    page.goto(f"{base}/display/hall/")
    assert "Peeters" not in page.content()
    # A check-in result and a printable confirmation
    page.goto(f"{base}/desk/")
    page.get_by_role("button", name="Done").click()
    page.get_by_role("button", name="Check in the visitor of").first.click()
    check_accessibility(page, "checked in")


def test_admin_pages_pass_axe(browser, live_server, busy_town):
    town = busy_town
    page = new_page(browser)
    log_in(page, live_server, town.admin.username)
    page.goto(f"{live_server.url}/{town.municipality.slug}/desk/overview/")
    # First the two-factor setup with its QR code
    check_accessibility(page, "two-factor setup")
    device = TOTPDevice.objects.get(user=town.admin)
    page.get_by_label("Six-digit code").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    # Then the recovery codes, shown once, and on to the page asked for
    check_accessibility(page, "recovery codes")
    page.get_by_role("link", name="I have stored them, continue").click()
    assert page.url.endswith("/desk/overview/")
    check_accessibility(page, "day overview")
    page.goto(f"{live_server.url}/{town.municipality.slug}/desk/settings/")
    check_accessibility(page, "queue settings")
