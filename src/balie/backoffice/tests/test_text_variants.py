# SPDX-License-Identifier: EUPL-1.2
"""An informal ("je") municipality edits each text with its informal wording next to it;
citizens see that wording, and the plain text wherever a language has no variant."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from balie.catalog.models import Product
from balie.core.i18n import address_override

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():  # type: ignore[no-untyped-def]
    # A Dutch request leaves Dutch active in this thread; later tests expect the default.
    yield
    translation.deactivate()


def _edit_url(town) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:product", args=[town.municipality.slug, town.eid.pk])


def _make_informal(town) -> None:  # type: ignore[no-untyped-def]
    town.municipality.formal_address = False
    town.municipality.save(update_fields=["formal_address"])


def test_a_formal_municipality_edits_one_text_per_language(admin_client, town):
    page = admin_client.get(_edit_url(town)).content.decode()
    assert 'name="what_to_bring_nl"' in page
    assert 'name="what_to_bring_je_nl"' not in page


def test_an_informal_municipality_edits_both_wordings_and_sees_what_is_missing(admin_client, town):
    # Given an informal municipality
    _make_informal(town)
    # When the admin opens a product
    page = admin_client.get(_edit_url(town)).content.decode()
    # Then each text has its informal field next to it, and the missing ones are named
    assert 'name="what_to_bring_nl"' in page and 'name="what_to_bring_je_nl"' in page
    assert "What to bring, informal (je)" in page
    # When they write the informal wording in Dutch only
    response = admin_client.post(
        _edit_url(town),
        {
            "title_nl": "Identiteitskaart",
            "title_en": "Identity card",
            "what_to_bring_nl": "Uw oude kaart en een pasfoto",
            "what_to_bring_je_nl": "Je oude kaart en een pasfoto",
            "what_to_bring_en": "Your old card and a photo",
            "theme": "BurgerOverheid",
            "max_quantity": "1",
            "online_bookable": "on",
            f"serve_{town.counter_a.pk}": "on",
            f"duration_{town.counter_a.pk}": "10",
        },
    )
    # Then both are kept, the variant apart from the plain text
    assert response.status_code == 302
    with scopes_disabled():
        product = Product.objects.get(pk=town.eid.pk)
    assert product.what_to_bring["nl"] == "Uw oude kaart en een pasfoto"
    assert product.informal_texts == {"what_to_bring": {"nl": "Je oude kaart en een pasfoto"}}
    # And the citizen page shows the informal wording in Dutch, the plain text in English
    citizen = Client()
    dutch = citizen.get(
        reverse("portal:products", args=[town.municipality.slug]), HTTP_ACCEPT_LANGUAGE="nl-be"
    ).content.decode()
    assert "Je oude kaart en een pasfoto" in dutch and "Uw oude kaart" not in dutch
    citizen.cookies["django_language"] = "en"
    english = citizen.get(
        reverse("portal:products", args=[town.municipality.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Your old card and a photo" in english


def test_the_variant_is_only_for_the_informal_voice_and_falls_back_to_plain():
    product = Product(
        what_to_bring={"nl": "Uw kaart", "fr": "Votre carte"},
        informal_texts={"what_to_bring": {"nl": "Je kaart"}},
    )
    with translation.override("nl-be"):
        assert product.display_what_to_bring == "Uw kaart"
        with address_override(formal=False):
            assert product.display_what_to_bring == "Je kaart"
    with translation.override("fr"), address_override(formal=False):
        assert product.display_what_to_bring == "Votre carte"
