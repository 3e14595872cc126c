# SPDX-License-Identifier: EUPL-1.2
"""Voice (formal or informal Dutch), language and branding of the pages."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real
from django_scopes import scopes_disabled

from balie.portal.branding import FALLBACK_DARK, build_branding, compute_contrast_ratio
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch_voices():
    """A Dutch catalog entry in both voices, as the translators will write it."""
    catalog = trans_real.translation("nl-be")._catalog
    entries = {
        "formal\x04What do you want to arrange?": "Wat wilt u regelen?",
        "informal\x04What do you want to arrange?": "Wat wil je regelen?",
    }
    saved = {key: catalog.get(key) for key in entries}
    for key, value in entries.items():
        catalog[key] = value
    yield
    for key, value in saved.items():
        if value is None:
            for part in catalog._catalogs:
                part.pop(key, None)
        else:
            catalog[key] = value


@pytest.mark.parametrize(
    ("formal", "expected", "other"),
    [(True, "Wat wilt u", "Wat wil je"), (False, "Wat wil je", "Wat wilt u")],
)
def test_dutch_pages_speak_in_the_municipality_s_voice(
    client, dutch_voices, formal, expected, other
):
    town = build_town(slug=f"stem-{formal}".lower(), formal=formal)

    page = client.get(f"/{town.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="nl-BE").content.decode()

    assert expected in page and other not in page


def test_the_browser_language_is_used_and_marked_on_the_page(client, db):
    town = build_town()

    french = client.get(
        f"/{town.municipality.slug}/?q=passeport", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert '<html lang="fr">' in french
    assert "Passeport" in french  # the product title in French


def test_every_page_offers_the_four_languages_with_their_own_lang(client, db):
    town = build_town()

    page = client.get(f"/{town.municipality.slug}/").content.decode()

    for code in ("nl-be", "fr", "en", "de"):
        assert f'value="{code}" lang="{code}"' in page


def test_switching_language_returns_to_the_same_page(client, db):
    town = build_town()

    response = client.post(
        "/i18n/setlang/", {"language": "de", "next": f"/{town.municipality.slug}/?q=eid"}
    )
    page = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/{town.municipality.slug}/?q=eid"
    assert '<html lang="de">' in page
    translation.activate("en")


def test_a_dark_enough_brand_colour_is_kept_for_white_text():
    branding = build_branding(name="X", logo_url="", primary="#2e6b30", accent="#f2b705")

    assert branding.header_background == "#2e6b30"
    assert compute_contrast_ratio("#ffffff", "#2e6b30") >= 4.5


def test_a_pale_brand_colour_falls_back_to_a_dark_one():
    branding = build_branding(name="X", logo_url="", primary="#ffe615", accent="#000000")

    assert branding.header_background == FALLBACK_DARK
    assert branding.action_colour == FALLBACK_DARK
    assert compute_contrast_ratio("#ffffff", branding.header_background) >= 4.5


def test_contrast_ratio_matches_the_wcag_extremes():
    assert round(compute_contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert compute_contrast_ratio("#777777", "#777777") == 1.0


def test_the_page_uses_the_checked_colour_not_the_raw_one(client, db):
    town = build_town(slug="bleek", primary_colour="#ffe615")

    page = client.get("/bleek/").content.decode()
    css = client.get("/bleek/brand.css")

    assert 'href="/bleek/brand.css"' in page
    assert css["Content-Type"].startswith("text/css")
    assert f"--brand: {FALLBACK_DARK}" in css.content.decode()
    assert "#ffe615" not in css.content.decode().split("--accent")[0]
    with scopes_disabled():
        assert town.municipality.primary_colour == "#ffe615"
