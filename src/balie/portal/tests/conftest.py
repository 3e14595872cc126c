# SPDX-License-Identifier: EUPL-1.2
"""A town whose one location has three counters, each serving one product, every day.

Open every day from 07:00 to 21:00 without holidays, so that whatever the clock says when
the suite runs, the first free day is today or tomorrow and the pages have times to show.
"""

import re
from dataclasses import dataclass
from datetime import time

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from balie.catalog.models import Counter, Location, Product
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.tenants.models import Municipality
from balie.tenants.tests.factories import MunicipalityFactory


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end in headless Chromium (Playwright)")


@dataclass
class Town:
    municipality: Municipality
    location: Location
    counters: list[Counter]
    eid: Product
    passport: Product
    container: Product


def build_town(*, slug: str = "bloemendorp", formal: bool = True, **municipality: object) -> Town:
    with scopes_disabled():
        town = MunicipalityFactory(
            slug=slug,
            name=slug.capitalize(),
            granularity_minutes=10,
            lead_time_minutes=60,
            horizon_days=60,
            hold_minutes=10,
            observes_public_holidays=False,
            formal_address=formal,
            **municipality,
        )
        location = LocationFactory(municipality=town, name="Gemeentehuis", slug="gemeentehuis")
        counters = [
            CounterFactory(location=location, name=name)
            for name in ("Loket Burgerzaken", "Loket Reizen", "Loket Milieu")
        ]
        for counter in counters:
            for weekday in range(7):
                OpeningHoursFactory(counter=counter, weekday=weekday, start=time(7), end=time(21))
        eid = ProductFactory(
            municipality=town,
            slug="eid",
            title={"nl": "Elektronische identiteitskaart", "en": "Electronic identity card"},
            keywords=["eID", "identiteitskaart", "ID-kaart"],
            what_to_bring={"nl": "Je oude identiteitskaart.", "en": "Your old identity card."},
            cost={"nl": "€ 25", "en": "€ 25"},
            max_quantity=3,
        )
        passport = ProductFactory(
            municipality=town,
            slug="reispas",
            title={"nl": "Reispas", "fr": "Passeport", "en": "Passport"},
            keywords=["paspoort", "passport"],
            what_to_bring={"nl": "Een pasfoto.", "en": "A passport photo."},
        )
        container = ProductFactory(
            municipality=town,
            slug="container",
            title={"nl": "Afvalcontainer aanvragen", "en": "Request a waste container"},
            keywords=["vuilnisbak", "restafval"],
            theme="MilieuEnergie",
        )
        CounterServiceFactory(
            counter=counters[0], product=eid, duration_minutes=10, extra_minutes_per_quantity=10
        )
        CounterServiceFactory(counter=counters[1], product=passport, duration_minutes=20)
        CounterServiceFactory(counter=counters[2], product=container, duration_minutes=10)
    return Town(town, location, counters, eid, passport, container)


@pytest.fixture
def town(db) -> Town:
    return build_town()


def first_link(html: str, pattern: str) -> str:
    """The first href matching ``pattern`` (a regex on the URL)."""
    match = re.search(rf'href="({pattern})"', html)
    assert match, f"no link matching {pattern!r}"
    return match.group(1).replace("&amp;", "&")


def time_values(html: str) -> list[str]:
    return re.findall(r'name="start" value="([^"]+)"', html)


def add_products(client: Client, town: Town, *pairs: tuple[Product, int]) -> None:
    for product, quantity in pairs:
        response = client.post(
            f"/{town.municipality.slug}/visit/", {"product": product.pk, "quantity": quantity}
        )
        assert response.status_code == 302


def hold_first_time(client: Client, town: Town) -> str:
    """Walk products → day → time and hold the first free time; returns its ISO value."""
    slug = town.municipality.slug
    add_products(client, town, (town.eid, 2), (town.passport, 1), (town.container, 1))
    day_page = client.get(f"/{slug}/location/", follow=True).content.decode()
    day_url = first_link(day_page, rf"/{slug}/day/\d{{4}}-\d{{2}}-\d{{2}}/")
    start = time_values(client.get(day_url).content.decode())[0]
    response = client.post(f"/{slug}/hold/", {"start": start})
    assert response.status_code == 302 and response["Location"] == f"/{slug}/details/"
    return start


DETAILS = {
    "given_name": "An",
    "family_name": "Peeters",
    "email": "an.peeters@example.org",
    "phone": "",
}


def book(client: Client, town: Town) -> str:
    """A full booking through the pages; returns the reference."""
    hold_first_time(client, town)
    return confirm(client, town)


def confirm(client: Client, town: Town, details: dict[str, str] | None = None) -> str:
    """Fill in the details, then confirm on "check your answers"; returns the reference."""
    slug = town.municipality.slug
    response = client.post(f"/{slug}/details/", details or DETAILS)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/{slug}/check/"
    response = client.post(f"/{slug}/check/")
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[1]
