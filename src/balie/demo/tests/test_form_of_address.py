# SPDX-License-Identifier: EUPL-1.2
"""Each demo municipality's Dutch texts address people as it chose: Demerdonk with "je",
Scheldemeer with "u". IPDC tags the Dutch by that choice, so a mix would be mislabelled."""

import re

import pytest
from django_scopes import scopes_disabled

from balie.catalog.models import Product
from balie.demo.loader import CATALOG_STEPS, load_demo_data

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf|jullie)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


@pytest.mark.parametrize(("slug", "wrong"), [("demerdonk", FORMAL), ("scheldemeer", INFORMAL)])
def test_dutch_texts_use_the_municipalitys_form_of_address(db, slug: str, wrong) -> None:
    load_demo_data(CATALOG_STEPS)
    with scopes_disabled():
        products = list(Product.objects.filter(municipality__slug=slug))
    texts = [
        (product.slug, name, getattr(product, name).get("nl", ""))
        for product in products
        for name in ("title", "description", "what_to_bring", "cost")
    ]
    assert products
    assert [(s, n, t) for s, n, t in texts if wrong.search(t)] == []
