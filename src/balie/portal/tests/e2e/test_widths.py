# SPDX-License-Identifier: EUPL-1.2
"""Every citizen page, the desk, the kiosk and the call display from a 320-px phone to a wall.

On the demo data (two municipalities, real catalogue texts), each page is loaded once, in Dutch
(the longest words), and looked at in four widths: the document may never be wider than the
viewport (no horizontal scroll) and axe-core finds no WCAG 2.1 A/AA violation at any width.
Screenshots of every page at every width go to build/screenshots/widths/.
"""

import pytest
from django_scopes import scopes_disabled

from balie.core.testing.browser import SCREENSHOTS, check_accessibility, new_page
from balie.demo.loader import DEMO_PASSWORD, load_demo_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768, 1280)
FOLDER = SCREENSHOTS / "widths"


class Widths:
    """Checks the loaded page at every width; collects every failure before asserting."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.failures: list[str] = []
        self.seen: list[str] = []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        FOLDER.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            document_width = self.page.evaluate("document.documentElement.scrollWidth")
            if document_width > width:
                self.failures.append(f"{name} at {width} px is {document_width} px wide")
            self.page.screenshot(path=str(FOLDER / f"{name}-{width}.png"), full_page=True)
            try:
                check_accessibility(self.page, f"{name} at {width} px")
            except AssertionError as error:
                self.failures.append(str(error))
        self.page.set_viewport_size({"width": 1280, "height": 900})
        self.seen.append(name)

    def go(self, url: str, name: str) -> None:
        self.page.goto(url)
        self.check(name)

    def click(self, locator, name: str = "") -> None:  # type: ignore[no-untyped-def]
        with self.page.expect_navigation():
            locator.click()
        if name:
            self.check(name)


def _add(page, query: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#q").fill(query)
    with page.expect_navigation():
        page.locator("form[role=search] button").click()
    with page.expect_navigation():
        page.locator("article.product form button[type=submit]").first.click()


@pytest.fixture
def demo(transactional_db) -> None:
    with scopes_disabled():
        load_demo_data()


def test_citizen_pages_hold_from_phone_to_wall(browser, live_server, demo):
    page = new_page(browser, locale="nl-BE")
    widths = Widths(page)
    base = live_server.url

    widths.go(f"{base}/", "landing")
    widths.go(f"{base}/demerdonk/", "products-demerdonk")
    widths.go(f"{base}/scheldemeer/", "products-scheldemeer")
    _add(page, "reispas")
    _add(page, "identiteitskaart")
    widths.check("visit-scheldemeer")
    widths.click(page.locator("aside.visit a.button"), "location")
    widths.click(page.locator("form button[type=submit]").first, "day")
    widths.click(page.locator("table.calendar a.first"), "time")
    widths.click(page.locator("ul.times button").first)
    if not page.url.endswith("/details/"):
        # The demo's own bookings or the clock took that time meanwhile: take the nearest.
        widths.click(page.locator("ul.times button").first)
    widths.check("details")
    page.locator("#id_given_name").fill("Lotte")
    widths.click(page.locator("main form button[type=submit]"), "details-errors")
    page.locator("#id_family_name").fill("Janssens")
    page.locator("#id_email").fill("lotte@example.org")
    widths.click(page.locator("main form button[type=submit]"))
    if "/check/" in page.url:
        widths.check("check-answers")
        widths.click(page.locator("main form button[type=submit]"))
    widths.check("confirmation")
    widths.click(page.locator("main a[href$='/cancel/']"), "cancel")
    widths.go(f"{base}/scheldemeer/nope/", "not-found")

    assert not widths.failures, "\n".join(widths.failures)


def test_desk_kiosk_and_display_hold_from_phone_to_wall(browser, live_server, demo):
    page = new_page(browser, locale="nl-BE")
    widths = Widths(page)
    base = live_server.url

    widths.go(f"{base}/demerdonk/display/gemeentehuis/kiosk/", "kiosk")
    widths.go(f"{base}/demerdonk/display/gemeentehuis/", "display")
    widths.go(f"{base}/accounts/login/", "desk-login")
    page.locator("#id_username").fill("clerk-demerdonk")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    widths.click(page.locator("main form button[type=submit]"), "desk-shift")
    page.locator("main input[type=radio]").first.check()
    widths.click(page.locator("main form button[type=submit]").first, "desk-home")
    widths.go(f"{base}/demerdonk/desk/check-in/", "desk-check-in")
    widths.go(f"{base}/demerdonk/desk/walk-in/", "desk-walk-in")

    assert not widths.failures, "\n".join(widths.failures)
