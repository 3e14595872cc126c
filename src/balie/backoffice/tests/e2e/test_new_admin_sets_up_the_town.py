# SPDX-License-Identifier: EUPL-1.2
"""A new municipal admin configures an empty municipality alone; then a citizen books there.

Every back-office page the admin sees passes axe-core; no field takes JSON; each step is
saved as a screenshot under build/screenshots/backoffice/.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from balie.backoffice.tests.conftest import load_concepts
from balie.booking.models import Reservation, ReservationStatus
from balie.catalog.models import ClosingDay, Counter, OpeningHours, Product
from balie.core.testing.browser import check_accessibility, new_page, save_screenshots
from balie.tenants.models import Role
from balie.tenants.tests.factories import (
    MunicipalityFactory,
    StaffMembershipFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


class Admin:
    """Page actions of the admin: every page load is checked by axe and photographed."""

    def __init__(self, page, live_server, shots: str) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.live_server = live_server
        self.shots = shots
        self.axe = shots == "backoffice"
        self.count = 0
        self.checked: list[str] = []

    def loaded(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        assert "{&quot;" not in self.page.content() and '{"nl"' not in self.page.content()
        # axe runs as a script; without JavaScript the same pages are only walked through.
        if self.axe:
            check_accessibility(self.page, name)
        self.checked.append(name)
        self.count += 1
        save_screenshots(self.page, self.shots, f"{self.count:02d}-{name}")

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        with self.page.expect_navigation():
            locator.click()


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _new_municipality():  # type: ignore[no-untyped-def]
    with scopes_disabled():
        town = MunicipalityFactory(
            slug="nieuwdorp",
            name="Nieuwdorp",
            granularity_minutes=10,
            lead_time_minutes=60,
            primary_colour="#006a4e",
            formal_address=False,
        )
        admin = UserFactory(username="beheer-nieuwdorp", is_staff=False)
        StaffMembershipFactory(municipality=town, user=admin, role=Role.ADMIN)
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    load_concepts()
    return town, device


def _log_in(admin: Admin, device: TOTPDevice) -> None:
    page = admin.page
    page.goto(f"{admin.live_server.url}/accounts/login/?next=/nieuwdorp/backoffice/")
    page.get_by_label("Username").fill("beheer-nieuwdorp")
    page.get_by_label("Password").fill(PASSWORD)
    admin.click(page.get_by_role("button", name="Log in", exact=True))
    page.get_by_label(re.compile("Token|Code", re.I)).fill(_code(device))
    admin.click(page.get_by_role("button", name="Verify"))
    assert page.url.endswith("/nieuwdorp/backoffice/")
    admin.loaded("overview")


def _create_location(admin: Admin) -> None:
    page = admin.page
    admin.click(page.locator("nav.sections").get_by_role("link", name="Locations and hours"))
    admin.loaded("locations")
    admin.click(page.get_by_role("link", name="New location"))
    admin.loaded("new-location")
    for label, value in {
        "Name": "Gemeentehuis",
        "Street": "Dorpsplein",
        "House number": "1",
        "Postcode": "900",
        "Municipality or district": "Nieuwdorp",
        "Phone": "09 123 45 67",
        "Accessibility (Dutch)": "Toegankelijk met een rolstoel, lift naar de eerste verdieping.",
    }.items():
        page.get_by_label(label, exact=True).fill(value)
    admin.click(page.get_by_role("button", name="Save"))
    admin.loaded("new-location-bad-postcode")
    assert "Enter a Belgian postcode" in page.locator(".error-summary").inner_text()
    page.get_by_label("Postcode", exact=True).fill("9000")
    admin.click(page.get_by_role("button", name="Save"))
    admin.loaded("location")
    for name in ("Loket 1", "Loket 2"):
        page.get_by_label("Name of the new counter").fill(name)
        admin.click(page.get_by_role("button", name="Add counter"))
    admin.loaded("location-two-counters")


def _set_hours(admin: Admin) -> None:
    page = admin.page
    admin.click(page.get_by_role("link", name="Change the weekly hours"))
    admin.loaded("weekly-hours")
    for day in WEEKDAYS:
        page.get_by_label(f"{day}, range 1: opens at").fill("08:30")
        page.get_by_label(f"{day}, range 1: closes at").fill("12:30")
    # An overlapping Thursday evening first: the message names the day and both times.
    page.get_by_label("Thursday, range 2: opens at").fill("12:00")
    page.get_by_label("Thursday, range 2: closes at").fill("19:00")
    admin.click(page.get_by_role("button", name="Save the hours"))
    admin.loaded("weekly-hours-overlap")
    summary = page.locator(".error-summary").inner_text()
    assert "Thursday 08:30–12:30 overlaps with Thursday 12:00–19:00" in summary
    page.get_by_label("Thursday, range 2: opens at").fill("16:00")
    admin.click(page.get_by_role("button", name="Save the hours"))
    admin.loaded("location-with-hours")
    copy = page.get_by_role("group", name="Copy the location's hours to these counters")
    copy.get_by_label("Loket 1").check()
    copy.get_by_label("Loket 2").check()
    admin.click(page.get_by_role("button", name="Copy the hours"))
    admin.loaded("hours-copied-preview")
    assert "The hours are copied to 2 counter(s)." in page.content()
    preview = page.locator("table", has_text="Loket 2").last.inner_text()
    assert "16:00–19:00" in preview
    # Loket 2 closes earlier on Fridays: its own hours override the location's.
    admin.click(page.get_by_role("link", name="Hours of Loket 2"))
    admin.loaded("counter-hours")
    page.get_by_label("Friday, range 1: closes at").fill("12:00")
    admin.click(page.get_by_role("button", name="Save the hours"))
    admin.loaded("counter-hours-overridden")
    friday = page.locator("tr", has_text="Friday").first.inner_text()
    assert "08:30–12:30" in friday and "08:30–12:00" in friday


def _add_product(admin: Admin, search: str, counter: str, minutes: str, step: str) -> None:
    page = admin.page
    admin.click(page.locator("nav.sections").get_by_role("link", name="Products"))
    admin.click(page.get_by_role("link", name="Add a product from the IPDC catalogue"))
    page.get_by_label("Search the IPDC concepts").fill(search)
    admin.click(page.get_by_role("button", name="Search"))
    admin.loaded(f"{step}-concepts")
    admin.click(page.get_by_role("link", name=re.compile("^Use this concept")).first)
    admin.loaded(f"{step}-prefilled")
    assert page.get_by_label("Title (Dutch)").input_value(), "the concept's title is filled in"
    page.get_by_label(f"Gemeentehuis – {counter} serves it").check()
    page.get_by_label(f"Gemeentehuis – {counter}: minutes per visit").fill(minutes)
    admin.click(page.get_by_role("button", name="Save the product"))


def _add_products(admin: Admin) -> None:
    page = admin.page
    _add_product(admin, "eID", "Loket 1", "15", "product-1")
    admin.loaded("product-duration-off-grid")
    assert "use 10 or 20 minutes" in page.locator(".error-summary").inner_text()
    page.get_by_label("Gemeentehuis – Loket 1: minutes per visit").fill("20")
    admin.click(page.get_by_role("button", name="Save the product"))
    _add_product(admin, "strafregister", "Loket 2", "10", "product-2")
    _add_product(admin, "139", "Loket 1", "30", "product-3")
    admin.loaded("products")
    assert page.locator("table.data tbody tr").count() == 3


def _close_a_day(admin: Admin) -> str:
    page = admin.page
    day = timezone.localdate() + timedelta(days=7)
    admin.click(page.locator("nav.sections").get_by_role("link", name="Closing days"))
    admin.loaded("closing-days")
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Reason").fill("Personeelsfeest")
    admin.click(page.get_by_role("button", name="Close this day"))
    admin.loaded("closing-day-saved")
    assert "Personeelsfeest" in page.locator("table.data").inner_text()
    return day.isoformat()


def _citizen_books(browser, live_server, shots: str) -> str:  # type: ignore[no-untyped-def]
    page = new_page(browser)
    page.goto(f"{live_server.url}/nieuwdorp/")
    article = page.locator(
        "article.product",
        has=page.get_by_role("heading", name="Electronic identity card (eID)", exact=True),
    )
    with page.expect_navigation():
        article.get_by_role("button", name=re.compile("^Add to my visit")).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Next: choose a day and time").click()
    save_screenshots(page, shots, "90-citizen-calendar")
    with page.expect_navigation():
        page.locator("table.calendar a.first").click()
    with page.expect_navigation():
        page.locator("ul.times button").first.click()
    for label, value in {
        "Given name": "Lotte",
        "Family name": "Janssens",
        "E-mail address": "lotte@example.org",
    }.items():
        page.get_by_label(label).fill(value)
    # Details, then "check your answers", then the booking itself.
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm appointment").click()
    save_screenshots(page, shots, "91-citizen-confirmed")
    assert "Your appointment is confirmed." in page.content()
    return page.locator(".panel-success .reference").inner_text().strip()


def _cancel_on_behalf(admin: Admin, reference: str) -> None:
    page = admin.page
    admin.click(page.locator("nav.sections").get_by_role("link", name="Appointments"))
    admin.loaded("appointments-today")
    page.get_by_label("Reference, name or e-mail").fill(reference)
    admin.click(page.get_by_role("button", name="Search"))
    admin.loaded("appointments-found")
    admin.click(page.get_by_role("link", name=reference))
    admin.loaded("appointment")
    admin.click(page.get_by_role("link", name="Choose another time"))
    admin.loaded("appointment-move")
    admin.click(page.locator("ul.cards button").last)
    admin.loaded("appointment-moved")
    assert "is moved; the citizen gets an e-mail" in page.content()
    admin.click(page.get_by_role("button", name="Cancel this appointment"))
    admin.loaded("appointment-cancelled")
    assert "the citizen gets an e-mail" in page.content()


def _other_pages(admin: Admin) -> None:
    page = admin.page
    admin.click(page.locator("nav.sections").get_by_role("link", name="Booking rules"))
    admin.loaded("booking-rules")
    page.get_by_label("Text message: hours before the appointment").fill("3")
    admin.click(page.get_by_role("button", name="Save the reminder rules"))
    admin.loaded("reminder-rules-saved")
    assert "The reminder rules are saved." in page.content()
    page.get_by_label("Keep personal data of appointments (days)").fill("0")
    admin.click(page.get_by_role("button", name="Save the retention period"))
    admin.loaded("retention-refused")
    assert "at least 1 day" in page.content()
    admin.click(page.locator("nav.sections").get_by_role("link", name="Message texts"))
    admin.loaded("message-texts")
    admin.click(page.get_by_role("link", name="Edit Text message, Dutch, informal (je)"))
    admin.loaded("message-text")
    page.get_by_label("Text").fill("Tot {date} om {time}, {given_name}! {bogus}")
    admin.click(page.get_by_role("button", name="Save the text"))
    admin.loaded("message-text-refused")
    assert "{bogus}" in page.content()
    page.get_by_label("Text").fill("Tot {date} om {time}, {given_name}!")
    admin.click(page.get_by_role("button", name="Show a preview"))
    admin.loaded("message-text-preview")
    assert "An!" in page.content()
    admin.click(page.get_by_role("button", name="Save the text"))
    admin.loaded("message-texts-saved")
    admin.click(page.locator("nav.sections").get_by_role("link", name="Failed messages"))
    admin.loaded("failed-messages")
    admin.click(page.locator("nav.sections").get_by_role("link", name="Staff"))
    admin.loaded("staff")
    admin.click(page.get_by_role("button", name="Nederlands"))
    admin.loaded("staff-in-dutch")
    assert "Een collega uitnodigen" in page.content()


@pytest.mark.parametrize(
    "javascript", [True, False], ids=["with-javascript", "without-javascript"]
)
def test_a_new_admin_sets_up_the_municipality_and_a_citizen_books_there(
    browser, live_server, javascript
):
    town, device = _new_municipality()
    shots = "backoffice" if javascript else "backoffice-without-javascript"
    admin = Admin(new_page(browser, javascript=javascript), live_server, shots)

    _log_in(admin, device)
    _create_location(admin)
    _set_hours(admin)
    _add_products(admin)
    closed_day = _close_a_day(admin)
    reference = _citizen_books(browser, live_server, shots)
    _cancel_on_behalf(admin, reference)
    _other_pages(admin)

    with scopes_disabled():
        counters = list(Counter.objects.filter(municipality=town))
        assert [c.name for c in counters] == ["Loket 1", "Loket 2"]
        for counter in counters:
            rows = OpeningHours.objects.filter(counter=counter)
            assert rows.count() == 6
            assert rows.filter(weekday=3).count() == 2
        assert OpeningHours.objects.get(counter=counters[1], weekday=4).end.hour == 12
        assert Product.objects.filter(municipality=town).exclude(ipdc_concept="").count() == 3
        assert ClosingDay.objects.get(municipality=town).date.isoformat() == closed_day
        booked = Reservation.objects.get(municipality=town, reference=reference)
        assert timezone.localdate(booked.start).isoformat() != closed_day
        assert booked.status == ReservationStatus.CANCELLED
    assert len(admin.checked) >= 25
