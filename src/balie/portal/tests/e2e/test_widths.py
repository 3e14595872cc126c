# SPDX-License-Identifier: EUPL-1.2
"""Every citizen page, the desk, the kiosk and the call display from a 320-px phone to a wall.

On the demo data (two municipalities, real catalogue texts), each page is loaded once, in Dutch
(the longest words), and looked at in four widths: the document may never be wider than the
viewport (no horizontal scroll) and axe-core finds no WCAG 2.1 A/AA violation at any width.
Screenshots of every page at every width go to build/screenshots/widths/<page>-<width>.png, and
the four pages of the issue's closing note also to build/screenshots/before-after/.

"Every page" is every route a citizen, a clerk, a municipal admin, the kiosk or the call display
opens with GET: the test fails when a page of portal, desk or Mijn Burgerprofiel is not looked at
(see NOT_PAGES for the routes that are no page), so a new route cannot slip past it.
"""

import shutil
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils.timezone import localdate
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.core.testing.browser import SCREENSHOTS, check_accessibility, new_page
from balie.demo.loader import DEMO_PASSWORD, load_demo_data
from balie.desk.tests.test_views import current_code
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.services import link_appointment, sign_in_citizen

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 390, 768, 1280)
FOLDER = SCREENSHOTS / "widths"
BEFORE_AFTER = SCREENSHOTS / "before-after"
BEFORE_AFTER_README = """\
The pages of issue 17's closing note as the current code draws them, written by
src/balie/portal/tests/e2e/test_widths.py on the demo data (Dutch):

products-390-after.png      /scheldemeer/ on a 390-px phone
confirmation-390-after.png  the confirmation after booking, 390 px
kiosk-768-after.png         /demerdonk/display/gemeentehuis/kiosk/ on a 768-px touch screen
kiosk-1280-after.png        the same kiosk at 1280 px
display-1280-after.png      /demerdonk/display/gemeentehuis/ with calls, 1280 x 900

Every page at 320, 390, 768 and 1280 px is in ../widths/<page>-<width>.png.
"""


class Widths:
    """Checks the loaded page at every width; collects every failure before asserting."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.failures: list[str] = []
        self.seen: list[str] = []
        self.urls: list[str] = []

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.urls.append(self.page.url)
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

    def copy(self, name: str, width: int, after: str) -> None:
        """The issue's closing note shows these pages as they are now ("after")."""
        BEFORE_AFTER.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FOLDER / f"{name}-{width}.png", BEFORE_AFTER / f"{after}-after.png")
        (BEFORE_AFTER / "README").write_text(BEFORE_AFTER_README, encoding="utf-8")

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


def _routes(*namespaces: str) -> set[str]:
    """The named routes of these namespaces, as "namespace:name"."""
    found: set[str] = set()

    def walk(patterns, namespace: str) -> None:  # type: ignore[no-untyped-def]
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace in namespaces:
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return found


# Routes that are no page of their own: files, feeds, redirects and form targets (POST).
NOT_PAGES = {
    "portal:brand_css",
    "portal:change_visit",
    "portal:hold",
    "portal:appointment_ics",
    "portal:move",
    "portal:reminders_off",
    "oidc:login",
    "oidc:callback",
    "oidc:logged-out",
    "oidc:jwks",
    "privacy:download",
    "desk:start",
    "desk:end-shift",
    "desk:call-next",
    "desk:entry-action",
    "desk:no-show",
    "desk:display-events",
    "desk:display-calls",
}


def _looked_at(urls: list[str]) -> set[str]:
    names = set()
    for url in urls:
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue  # the not-found pages
        names.add(f"{match.namespace}:{match.url_name}")
    return names


def _book_a_visit(page, widths: Widths) -> None:  # type: ignore[no-untyped-def]
    widths.click(page.locator("aside.visit a.button"), "location")
    widths.click(page.locator("form button[type=submit]").first, "day")
    widths.click(page.locator("table.calendar a.first"), "time")
    widths.click(page.locator("ul.times button").first)
    if not page.url.endswith("/details/"):
        # The demo's own bookings or the clock took that time meanwhile: take the nearest.
        widths.click(page.locator("ul.times button").first)


@pytest.fixture
def demo(transactional_db) -> None:
    with scopes_disabled():
        load_demo_data()


@pytest.mark.urls("balie.portal.tests.e2e.urls")
def test_citizen_pages_hold_from_phone_to_wall(browser, live_server, demo, mailoutbox):
    page = new_page(browser, locale="nl-BE")
    widths = Widths(page)
    base = live_server.url

    widths.go(f"{base}/", "landing")
    widths.go(f"{base}/?q=schelde", "landing-search")
    widths.go(f"{base}/demerdonk/", "products-demerdonk")
    widths.go(f"{base}/scheldemeer/", "products-scheldemeer")
    widths.copy("products-scheldemeer", 390, "products-390")
    _add(page, "reispas")
    _add(page, "identiteitskaart")
    widths.check("visit-scheldemeer")
    _book_a_visit(page, widths)
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
    widths.copy("confirmation", 390, "confirmation-390")
    widths.go(page.url, "manage")
    widths.click(page.locator("main a[href$='/move/']"), "move-day")
    widths.click(page.locator("table.calendar a.first"), "move-time")
    widths.click(page.locator("ul.times button").first, "moved")
    widths.click(page.locator("main a[href$='/cancel/']"), "cancel")
    widths.click(page.locator("main form button[type=submit]"), "cancelled")
    # A bookmarked day without free time: back to the month, with a word why.
    widths.go(f"{base}/scheldemeer/day/2020-01-06/", "day-out-of-reach")

    # Mijn Burgerprofiel: the logged-in citizen's appointments and rights.
    with scopes_disabled():
        reservation = Reservation.objects.filter(email="lotte@example.org").get()
    account = sign_in_citizen(identity=Identity(sub="sub-lotte", capacity=CITIZEN))
    link_appointment(account=account, reservation=reservation)
    client = Client()
    client.force_login(account.user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    widths.go(f"{base}/my/appointments/", "my-appointments")
    widths.go(f"{base}/my/remove-link/", "remove-link")
    widths.go(f"{base}/auth/logout/", "logout")

    widths.go(f"{base}/scheldemeer/nope/", "not-found")
    widths.go(f"{base}/nope/nope/", "not-found-no-municipality")
    widths.go(f"{base}/demerdonk/test-forbidden/", "forbidden")
    widths.go(f"{base}/demerdonk/test-post-only/", "not-allowed")
    widths.go(f"{base}/demerdonk/test-broken/", "server-error")

    assert not widths.failures, "\n".join(widths.failures)
    missing = _routes("portal", "oidc", "privacy") - NOT_PAGES - _looked_at(widths.urls)
    assert not missing, f"pages nobody looked at: {sorted(missing)}"


def test_desk_kiosk_and_display_hold_from_phone_to_wall(browser, live_server, demo):
    page = new_page(browser, locale="nl-BE")
    widths = Widths(page)
    base = live_server.url
    kiosk = f"{base}/demerdonk/display/gemeentehuis/kiosk/"

    widths.go(kiosk, "kiosk")
    widths.copy("kiosk", 1280, "kiosk-1280")
    widths.copy("kiosk", 768, "kiosk-768")
    page.locator("#reference").fill("BAL-0000-00")
    widths.click(page.locator("form.reference button[type=submit]"), "kiosk-unknown-reference")
    widths.click(page.locator("ul.products button").first, "kiosk-ticket")
    widths.go(f"{base}/demerdonk/display/gemeentehuis/", "display")

    widths.go(f"{base}/accounts/login/", "desk-login")
    page.locator("#id_username").fill("clerk-demerdonk")
    page.locator("#id_password").fill("not-the-password")
    widths.click(page.locator("main form button[type=submit]"), "desk-login-error")
    page.locator("#id_username").fill("clerk-demerdonk")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    widths.click(page.locator("main form button[type=submit]"), "desk-shift")
    page.locator("main input[type=radio]").first.check()
    widths.click(page.locator("main form button[type=submit]").first, "desk-home")
    if page.locator("main td form[action$='/check-in/'] button").count():
        widths.click(page.locator("main td form[action$='/check-in/'] button").first)
        widths.check("desk-checked-in")
    widths.click(page.locator("main form[action$='/call-next/'] button"), "desk-calling")
    widths.go(f"{base}/demerdonk/desk/check-in/", "desk-check-in")
    widths.go(f"{base}/demerdonk/desk/walk-in/", "desk-walk-in")
    widths.click(page.locator("main form button[type=submit]"), "desk-walk-in-ticket")
    widths.go(f"{base}/demerdonk/desk/shift/end/", "desk-not-allowed")
    _book_on_behalf(page, widths, base)
    widths.go(f"{base}/demerdonk/display/gemeentehuis/", "display-calls")
    widths.copy("display-calls", 1280, "display-1280")

    # The municipal admin: second factor first, then the day overview and the settings.
    admin = new_page(browser, locale="nl-BE")
    widths.page = admin
    admin.goto(f"{base}/accounts/login/")
    admin.locator("#id_username").fill("admin-demerdonk")
    admin.locator("#id_password").fill(DEMO_PASSWORD)
    widths.click(admin.locator("main form button[type=submit]"), "desk-two-factor-setup")
    with scopes_disabled():
        device = TOTPDevice.objects.get(user__username="admin-demerdonk")
    admin.locator("input[name=token]").fill(current_code(device))
    widths.click(admin.locator("main form button[type=submit]"), "desk-recovery-codes")
    widths.click(admin.locator("main p > a").last, "desk-overview")
    widths.go(f"{base}/demerdonk/desk/settings/", "desk-settings")
    widths.go(f"{base}/accounts/logout/", "desk-logout")
    widths.click(admin.locator("main form button[type=submit]"))
    admin.locator("#id_username").fill("admin-demerdonk")
    admin.locator("#id_password").fill(DEMO_PASSWORD)
    widths.click(admin.locator("main form button[type=submit]"), "desk-two-factor-verify")

    assert not widths.failures, "\n".join(widths.failures)
    missing = _routes("desk") - NOT_PAGES - _looked_at(widths.urls)
    assert not missing, f"pages nobody looked at: {sorted(missing)}"


def _book_on_behalf(page, widths: Widths, base: str) -> None:  # type: ignore[no-untyped-def]
    """A clerk books for a citizen on the phone: the first day from tomorrow with free times."""
    widths.go(f"{base}/demerdonk/desk/book/", "desk-book")
    quantity = page.locator("main input[type=number]").first.get_attribute("name")
    location = page.locator("main select[name=location] option").first.get_attribute("value")
    today = localdate()
    for days in range(1, 15):
        day = today + timedelta(days=days)
        page.goto(
            f"{base}/demerdonk/desk/book/?location={location}&day={day.isoformat()}"
            f"&channel=phone&{quantity}=1"
        )
        if page.locator("#times-heading ~ ul button").count():
            break
    widths.check("desk-book-times")
    widths.click(page.locator("#times-heading ~ ul button").first, "desk-book-details")
    page.locator("#id_given_name").fill("Jan")
    page.locator("#id_family_name").fill("Peeters")
    widths.click(page.locator("main form button[type=submit]").last, "desk-book-confirmation")
