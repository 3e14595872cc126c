# SPDX-License-Identifier: EUPL-1.2
import pytest

from balie.catalog.models import Product
from balie.portal.selectors import search_products


def _product(slug: str, title: dict[str, str], keywords: list[str] | None = None) -> Product:
    return Product(slug=slug, title=title, keywords=keywords or [], theme="BurgerOverheid")


CATALOG = [
    _product("reispas", {"nl": "Reispas", "fr": "Passeport"}, ["paspoort", "reizen"]),
    _product("eid", {"nl": "Elektronische identiteitskaart"}, ["eID", "ID-kaart"]),
    _product("kids-id", {"nl": "Kids-ID"}, ["kinder-eID"]),
    _product("adres", {"nl": "Adreswijziging"}, ["verhuizen", "domicilie"]),
    _product("rijbewijs", {"nl": "Rijbewijs"}, ["permis de conduire"]),
    _product("strafregister", {"nl": "Uittreksel uit het strafregister"}, ["goed gedrag"]),
    _product("huwelijk", {"nl": "Huwelijk", "fr": "Mariage"}, ["trouwen"]),
    _product("verklaring", {"nl": "Eénmalige verklaring"}),
]


def _slugs(query: str) -> list[str]:
    return [product.slug for product in search_products(products=CATALOG, query=query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("paspoort", "reispas"),  # synonym from the keywords
        ("eID", "eid"),  # synonym, any case
        ("passeport", "reispas"),  # another language's title
        ("verhuis", "adres"),  # start of a synonym
        ("goed gedrag", "strafregister"),  # every word of a phrase
    ],
)
def test_synonyms_and_other_languages_find_the_product(query, expected):
    assert _slugs(query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("eenmalige", "verklaring"), ("MARIAGE", "huwelijk"), ("éid", "eid")],
)
def test_accents_and_case_do_not_matter(query, expected):
    assert _slugs(query)[0] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("rijbewys", "rijbewijs"),  # one wrong letter
        ("reipsas", "reispas"),  # two letters swapped
        ("identiteitskart", "eid"),  # a letter missing inside a compound
        ("strafregistr", "strafregister"),
    ],
)
def test_typos_are_tolerated(query, expected):
    assert _slugs(query)[0] == expected


def test_a_title_hit_ranks_above_a_synonym_hit_whatever_the_alphabet():
    catalog = [
        _product("attest", {"nl": "Attest voor een kind"}, ["identiteitskaart kind"]),
        _product("eid", {"nl": "Elektronische identiteitskaart"}),
    ]

    found = search_products(products=catalog, query="identiteitskaart")

    assert [product.slug for product in found] == ["eid", "attest"]


def test_every_word_must_match_and_nonsense_finds_nothing():
    assert _slugs("reispas huwelijk") == []
    assert _slugs("xyzzy") == []
    assert _slugs("  ") == []


def test_short_words_need_an_exact_or_prefix_match():
    # A typo allowance on three letters would let "rij" find anything with "rij…" or "reis".
    assert _slugs("rij") == ["rijbewijs"]
