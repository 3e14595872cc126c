# SPDX-License-Identifier: EUPL-1.2
"""A citizen books, receives the e-mail, moves and cancels, in real headless Chromium."""

import re
from datetime import datetime

import pytest
from django.core import mail
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.booking.selectors import list_visit_pairs
from balie.booking.services import hold_visit
from balie.portal.tests.conftest import build_town
from balie.portal.tests.e2e.conftest import (
    check_accessibility,
    manage_link,
    new_page,
    save_screenshots,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DETAILS = {"Given name": "Lotte", "Family name": "Janssens", "E-mail address": "lotte@example.org"}


def _reservation() -> Reservation:
    with scopes_disabled():
        return Reservation.objects.select_related("location").get(
            status__in=[ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED]
        )


def _legs(reservation: Reservation) -> list[str]:
    with scopes_disabled():
        return [leg.counter.name for leg in reservation.legs.select_related("counter")]


class Steps:
    """Page actions with mouse or pointer-free activation, checking axe after each load."""

    def __init__(self, page, *, axe: bool, shots: str = "") -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.axe = axe
        self.shots = shots
        self.count = 0
        self.checked: list[str] = []

    def loaded(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        if self.axe:
            check_accessibility(self.page, name)
            self.checked.append(name)
        if self.shots:
            self.count += 1
            save_screenshots(self.page, self.shots, f"{self.count:02d}-{name}")

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        with self.page.expect_navigation():
            locator.click()


def _add(steps: Steps, product_title: str, *, quantity: int = 1) -> None:
    article = steps.page.locator(
        "article.product", has=steps.page.get_by_role("heading", name=product_title, exact=True)
    )
    if quantity > 1:
        article.get_by_label(re.compile("^Quantity")).select_option(str(quantity))
    steps.click(article.get_by_role("button", name=re.compile("^Add to my visit")))


def _book_three_counter_visit(steps: Steps, live_server, slug: str) -> str:
    page = steps.page
    page.goto(f"{live_server.url}/{slug}/")
    steps.loaded("products")
    page.get_by_label("Search for a product").fill("eID")
    steps.click(page.get_by_role("button", name="Search"))
    steps.loaded("search-results")
    _add(steps, "Electronic identity card", quantity=2)
    page.get_by_label("Search for a product").fill("paspoort")
    steps.click(page.get_by_role("button", name="Search"))
    _add(steps, "Passport")
    steps.click(page.get_by_role("link", name=re.compile("^Environment and energy")))
    steps.loaded("theme")
    _add(steps, "Request a waste container")
    steps.loaded("visit")
    visit = page.locator("aside.visit")
    assert "2 × Electronic identity card" in visit.inner_text()

    steps.click(page.get_by_role("link", name="Next: choose a day and time"))
    assert page.url.endswith(f"/{slug}/day/")  # one location: its step is skipped
    steps.loaded("calendar")
    steps.click(page.locator("table.calendar a.first"))
    steps.loaded("times")
    steps.click(page.locator("ul.times button").first)
    assert page.url.endswith(f"/{slug}/details/")
    assert "We keep this time for you until" in page.content()
    steps.loaded("details")

    page.get_by_label("Given name").fill("Lotte")
    steps.click(page.get_by_role("button", name="Continue"))
    steps.loaded("details-errors")
    assert page.get_by_label("Given name").input_value() == "Lotte"
    summary = page.locator(".error-summary")
    assert "Please enter your family name." in summary.inner_text()

    for label, value in DETAILS.items():
        page.get_by_label(label).fill(value)
    steps.click(page.get_by_role("button", name="Continue"))
    assert page.url.endswith(f"/{slug}/check/")
    steps.loaded("check-answers")
    steps.click(page.get_by_role("button", name="Confirm appointment"))
    steps.loaded("confirmation")
    assert "Your appointment is confirmed." in page.content()
    return page.locator(".panel-success .reference").inner_text().strip()


def test_book_a_three_counter_visit_then_move_and_cancel_it(browser, live_server):
    town = build_town(slug="e2edorp")
    page = new_page(browser)
    steps = Steps(page, axe=True, shots="with-javascript")

    reference = _book_three_counter_visit(steps, live_server, "e2edorp")

    reservation = _reservation()
    assert reservation.reference == reference
    assert _legs(reservation) == ["Loket Burgerzaken", "Loket Reizen", "Loket Milieu"]
    route = page.locator("ol.itinerary").inner_text()
    assert (
        route.index("Loket Burgerzaken")
        < route.index("Loket Reizen")
        < route.index("Loket Milieu")
    )
    assert page.locator(".qr svg").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lotte@example.org"] and reference in message.subject
    ics = message.attachments[0][1]
    assert (ics.decode() if isinstance(ics, bytes) else ics).count("BEGIN:VEVENT") == 3

    # The e-mail is opened on another device: only the link gives access.
    phone = new_page(browser)
    other = Steps(phone, axe=True, shots="manage")
    phone.goto(manage_link(message.body))
    assert "token=" not in phone.url
    other.loaded("manage")
    other.click(phone.get_by_role("link", name="Move to another time"))
    other.loaded("move-calendar")
    other.click(phone.locator("table.calendar a.first"))
    other.loaded("move-times")
    other.click(phone.locator("ul.times button").last)
    other.loaded("moved")
    assert "Your appointment has been moved." in phone.content()
    moved = _reservation()
    assert moved.reference == reference and moved.start != reservation.start
    assert len(mail.outbox) == 2

    other.click(phone.get_by_role("link", name="Cancel appointment"))
    other.loaded("cancel-question")
    other.click(phone.get_by_role("button", name="Yes, cancel my appointment"))
    other.loaded("cancelled")
    assert "This appointment has been cancelled" in phone.content()
    assert _reservation().status == ReservationStatus.CANCELLED
    assert len(mail.outbox) == 3
    assert steps.checked + other.checked == [
        "products",
        "search-results",
        "theme",
        "visit",
        "calendar",
        "times",
        "details",
        "details-errors",
        "check-answers",
        "confirmation",
        "manage",
        "move-calendar",
        "move-times",
        "moved",
        "cancel-question",
        "cancelled",
    ]
    with scopes_disabled():
        assert town.municipality.reservation_set.count() == 1


def test_the_same_flow_works_without_javascript(browser, live_server):
    build_town(slug="zonderjs")
    page = new_page(browser, javascript=False)
    steps = Steps(page, axe=False, shots="without-javascript")

    reference = _book_three_counter_visit(steps, live_server, "zonderjs")

    assert len(mail.outbox) == 1
    manage = new_page(browser, javascript=False)
    other = Steps(manage, axe=False)
    manage.goto(manage_link(mail.outbox[0].body))
    other.click(manage.get_by_role("link", name="Move to another time"))
    other.click(manage.locator("table.calendar a.first"))
    other.click(manage.locator("ul.times button").last)
    assert "Your appointment has been moved." in manage.content()
    other.click(manage.get_by_role("link", name="Cancel appointment"))
    other.click(manage.get_by_role("button", name="Yes, cancel my appointment"))
    assert _reservation().status == ReservationStatus.CANCELLED
    assert _reservation().reference == reference


class Keyboard:
    """Only Tab, Shift+Tab, Enter, Space and typing: no pointer at all."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page

    def tab_to(self, selector: str, *, limit: int = 150) -> None:
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    def activate(self, selector: str, *, key: str = "Enter") -> None:
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)


def test_a_keyboard_only_booking(browser, live_server):
    town = build_town(slug="toetsenbord")
    page = new_page(browser)
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/toetsenbord/")

    # The skip link is the first stop and moves focus past the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    keys.type_into("#q", "paspoort")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.activate(f"article:has(#product-{town.passport.pk}) button.primary", key="Space")
    keys.type_into("#q", "identiteitskaart")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.tab_to(f"#quantity-{town.eid.pk}")
    page.keyboard.type("2")  # type-ahead picks the option "2" in a closed select
    keys.activate(f"article:has(#product-{town.eid.pk}) button.primary")
    keys.activate('a[href$="theme=MilieuEnergie"]')
    keys.activate(f"article:has(#product-{town.container.pk}) button.primary", key="Space")
    keys.activate('a.button[href$="/location/"]')
    keys.activate("table.calendar a.first")
    keys.activate("ul.times button", key="Space")
    keys.type_into("#id_given_name", "Els")
    keys.type_into("#id_family_name", "Wouters")
    keys.type_into("#id_email", "els@example.org")
    keys.activate("form button.primary")
    assert page.url.endswith("/toetsenbord/check/")
    keys.activate("form button.primary")

    assert "Your appointment is confirmed." in page.content()
    reservation = _reservation()
    assert _legs(reservation) == ["Loket Burgerzaken", "Loket Reizen", "Loket Milieu"]
    assert list_visit_pairs(reservation=reservation)[1] == (town.eid.pk, 2)
    # Focus is visible: the focused control gets an outline.
    keys.tab_to("a.button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_friendly_pages_are_accessible(browser, live_server):
    town = build_town(slug="vriendelijk")
    page = new_page(browser)
    steps = Steps(page, axe=True, shots="friendly-pages")
    page.goto(f"{live_server.url}/vriendelijk/?q=reispas")
    _add(steps, "Passport")
    steps.click(page.get_by_role("link", name="Next: choose a day and time"))
    steps.click(page.locator("table.calendar a.first"))
    first = page.locator("ul.times button").first
    start = datetime.fromisoformat(first.get_attribute("value"))
    hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.passport.pk, 1)],
        start=start,
    )

    steps.click(first)
    assert "Someone else has just booked this time" in page.content()
    steps.loaded("slot-taken")
    steps.click(page.locator("ul.times button").first)
    with scopes_disabled():
        Reservation.objects.filter(status=ReservationStatus.HELD).update(
            expires_at=start.replace(year=2000)
        )
    page.reload()
    assert "The time we kept for you has expired" in page.content()
    steps.loaded("hold-expired")
    page.goto(f"{live_server.url}/vriendelijk/appointments/BAL-AAAA-AA/?token=nope")
    assert "We cannot find this appointment" in page.content()
    steps.loaded("unknown-appointment")
    with scopes_disabled():
        from balie.tenants.tests.factories import MunicipalityFactory

        MunicipalityFactory(slug="leeg", name="Leeg")
    page.goto(f"{live_server.url}/leeg/")
    steps.loaded("nothing-bookable")
    assert steps.checked == [
        "slot-taken",
        "hold-expired",
        "unknown-appointment",
        "nothing-bookable",
    ]
