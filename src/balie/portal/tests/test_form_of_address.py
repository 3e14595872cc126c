# SPDX-License-Identifier: EUPL-1.2
"""Each municipality speaks in one voice: informal Demerdonk never says "u", formal
Scheldemeer never says "je", in Dutch, French, English and German, on every citizen page,
the kiosk, the call display, the desk (its staff are addressed in the municipality's voice
too, and the printed confirmation is the citizen's) and in the e-mails.

The catalogue texts (product titles, descriptions, what to bring, costs) are content the
municipality writes; they are blanked out before the check, which is about the interface.
"""

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.catalog.models import Counter, Product
from balie.core.testing.otp import force_verified_login
from balie.demo.loader import load_demo_data
from balie.desk import services as desk_services
from balie.tenants.models import Municipality

pytestmark = pytest.mark.django_db

LANGUAGES = ("nl-be", "fr", "en", "de")
# The words of the form a municipality does NOT use, per language. French uses "vous" in
# both voices and English has one "you", so there only the familiar forms are forbidden.
FORMAL_WORDS = {
    "nl-be": re.compile(r"\b(je|jij|jou|jouw|jullie|jezelf)\b", re.IGNORECASE),
    "de": re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(tu|toi|ton|tes)\b", re.IGNORECASE),
}
INFORMAL_WORDS = {
    "nl-be": re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE),
    # Capitalised only: "sie" (they) is not the polite form.
    "de": re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b"),
    "fr": re.compile(r"\b(tu|toi|ton|tes)\b", re.IGNORECASE),
}
TAG = re.compile(r"<(script|style|template)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def _visible_text(body: str, *, catalogue: Iterable[str]) -> str:
    text = html.unescape(TAG.sub(" ", body))
    for content in sorted(catalogue, key=len, reverse=True):
        text = text.replace(content, " ")
    return text


def _catalogue_texts(municipality: Municipality) -> set[str]:
    with scopes_disabled():
        products = list(Product.objects.filter(municipality=municipality))
    return {
        text.strip()
        for product in products
        for field in (product.title, product.description, product.what_to_bring, product.cost)
        for text in (field or {}).values()
        if text and text.strip()
    }


def _link(body: str, pattern: str) -> str:
    match = re.search(rf'href="({pattern})"', body)
    assert match, f"no link matching {pattern}"
    return html.unescape(match.group(1))


def _pages(
    client: Client, municipality: Municipality, email: str, on_commit: Callable[..., Any]
) -> dict[str, str]:
    """Every citizen page of one booking, the kiosk, the display and the e-mail."""
    slug = municipality.slug
    pages: dict[str, str] = {}

    def get(name: str, url: str, **data: str) -> str:
        response = client.get(url, data)
        assert response.status_code in (200, 404), (name, response.status_code)
        pages[name] = response.content.decode()
        return pages[name]

    with scopes_disabled():
        first, second = (
            Product.objects.filter(municipality=municipality, slug__in=("eid", "reispas"))
            .order_by("slug")
            .values_list("pk", flat=True)
        )
    get("products", f"/{slug}/")
    for product in (first, second):
        client.post(f"/{slug}/visit/", {"product": product, "quantity": 1})
    get("basket", f"/{slug}/", q="reispas")
    location = client.get(f"/{slug}/location/")
    if location.status_code == 200:
        pages["location"] = location.content.decode()
        choice = re.search(r'name="location"[^>]*value="(\d+)"', pages["location"])
        assert choice
        client.post(f"/{slug}/location/", {"location": choice.group(1)})
    day = get("day", f"/{slug}/day/")
    times = get("time", _link(day, rf"/{slug}/day/\d{{4}}-\d{{2}}-\d{{2}}/"))
    start = re.search(r'name="start" value="([^"]+)"', times)
    assert start
    client.post(f"/{slug}/hold/", {"start": start.group(1)})
    get("details", f"/{slug}/details/")
    pages["details-errors"] = client.post(
        f"/{slug}/details/", {"given_name": "", "family_name": "", "email": "x"}
    ).content.decode()
    client.post(
        f"/{slug}/details/",
        {"given_name": "Lotte", "family_name": "Peeters", "email": email, "phone": ""},
    )
    get("check", f"/{slug}/check/")
    with on_commit(execute=True):
        confirmation = client.post(f"/{slug}/check/")
    assert confirmation.status_code == 302, confirmation.content.decode()[:500]
    manage = confirmation["Location"]
    get("confirmation", manage)
    get("manage", manage)
    move_day = get("move-day", f"{manage}move/")
    move_times = get("move-time", _link(move_day, rf"{manage}move/\d{{4}}-\d{{2}}-\d{{2}}/"))
    move_start = re.search(r'name="start" value="([^"]+)"', move_times)
    assert move_start
    with on_commit(execute=True):
        client.post(f"{manage}move/confirm/", {"start": move_start.group(1)})
    get("moved", manage)
    message = mail.outbox[-1]
    pages["e-mail-moved"] = f"{message.subject}\n{message.body}"
    get("cancel", f"{manage}cancel/")
    with on_commit(execute=True):
        client.post(f"{manage}cancel/")
    get("cancelled", manage)
    message = mail.outbox[-1]
    pages["e-mail-cancelled"] = f"{message.subject}\n{message.body}"
    get("not-found", f"/{slug}/no-such-page/")
    with scopes_disabled():
        location_slug = municipality.location_set.order_by("name").first().slug
    get("kiosk", f"/{slug}/display/{location_slug}/kiosk/")
    pages["kiosk-unknown-reference"] = client.post(
        f"/{slug}/display/{location_slug}/kiosk/", {"reference": "BAL-ZZZZ-ZZ"}
    ).content.decode()
    ticket = client.post(
        f"/{slug}/display/{location_slug}/kiosk/", {"product": str(first)}, follow=True
    )
    pages["kiosk-ticket"] = ticket.content.decode()
    get("display", f"/{slug}/display/{location_slug}/")
    message = next(m for m in mail.outbox if m.to == [email])
    pages["e-mail"] = f"{message.subject}\n{message.body}"
    return pages


def _desk_pages(municipality: Municipality, language: str) -> dict[str, str]:
    """The clerk's and the admin's desk pages, and the confirmation printed for a citizen."""
    slug = municipality.slug
    pages: dict[str, str] = {}
    with scopes_disabled():
        clerk = User.objects.get(username=f"clerk-{slug}")
        admin = User.objects.get(username=f"admin-{slug}")
        counter = Counter.objects.filter(location__municipality=municipality).order_by("pk")[0]
    desk_services.start_shift(municipality=municipality, user=clerk, counter=counter)
    staff = force_verified_login(Client(HTTP_ACCEPT_LANGUAGE=language), clerk)

    def get(name: str, client: Client, url: str) -> str:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = response.content.decode()
        return pages[name]

    get("desk-home", staff, f"/{slug}/desk/")
    get("desk-shift", staff, f"/{slug}/desk/shift/")
    get("desk-check-in", staff, f"/{slug}/desk/check-in/")
    get("desk-walk-in", staff, f"/{slug}/desk/walk-in/")
    get("desk-book", staff, f"/{slug}/desk/book/")
    with scopes_disabled():
        confirmed = Reservation.objects.filter(
            municipality=municipality, status=ReservationStatus.CONFIRMED
        ).earliest("start")
    get("desk-book-confirmation", staff, f"/{slug}/desk/book/{confirmed.public_id}/confirmation/")
    admin_client = Client(HTTP_ACCEPT_LANGUAGE=language)
    force_verified_login(admin_client, admin)
    get("desk-overview", admin_client, f"/{slug}/desk/overview/")
    get("desk-settings", admin_client, f"/{slug}/desk/settings/")
    desk_services.end_shift(municipality=municipality, user=clerk)
    return pages


@pytest.fixture
def demo() -> None:
    with scopes_disabled():
        load_demo_data()


def test_every_page_speaks_in_its_municipalitys_voice_in_all_four_languages(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.BALIE_RATE_LIMITS = False
    findings = []
    with scopes_disabled():
        municipalities = {m.slug: m for m in Municipality.objects.all()}
    # Given the informal and the formal demo municipality
    assert not municipalities["demerdonk"].formal_address
    assert municipalities["scheldemeer"].formal_address
    for slug, municipality in municipalities.items():
        catalogue = _catalogue_texts(municipality)
        forbidden = FORMAL_WORDS if municipality.formal_address else INFORMAL_WORDS
        for language in LANGUAGES:
            # When a citizen books, looks at the appointment, the kiosk and the display
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            pages = _pages(
                client,
                municipality,
                email=f"{slug}.{language}@example.org",
                on_commit=django_capture_on_commit_callbacks,
            )
            pages.update(_desk_pages(municipality, language))
            # Then no page holds a word of the other form of address
            pattern = forbidden.get(language)
            for name, body in pages.items():
                text = _visible_text(body, catalogue=catalogue)
                for match in pattern.finditer(text) if pattern else ():
                    context = text[max(0, match.start() - 40) : match.end() + 40]
                    findings.append(f"{slug} {language} {name}: …{' '.join(context.split())}…")
    assert not findings, "\n".join(findings)


def test_the_check_finds_the_other_form_when_it_is_there():
    # Given Dutch text in the formal voice, then in the informal voice
    formal, informal = "Wat wilt u regelen? Uw bezoek", "Wat wil je regelen? Je bezoek"

    # Then the informal municipality's check flags the first, the formal one the second
    assert INFORMAL_WORDS["nl-be"].search(_visible_text(formal, catalogue=()))
    assert FORMAL_WORDS["nl-be"].search(_visible_text(informal, catalogue=()))
    assert not INFORMAL_WORDS["nl-be"].search(_visible_text(informal, catalogue=()))
    # And catalogue content is not held against the interface
    assert not FORMAL_WORDS["nl-be"].search(
        _visible_text("<p>Breng je oude kaart mee.</p>", catalogue=["Breng je oude kaart mee."])
    )
