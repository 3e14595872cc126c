# SPDX-License-Identifier: EUPL-1.2
"""Identifiers of the demo municipalities, so their LPDC feed is published and conforms.

The demo municipalities are invented: their NIS codes are in no register and their LBLOD
identifiers are made up (derived from the slug, in LBLOD's form). LPDC would refuse them as
unknown administrations; everything else about the feed is what LPDC accepts. Their area is
the province they would lie in, which IPDC's NUTS/LAU code list does carry.
"""

import hashlib
from typing import Any

from balie.integrations.oslo.models import OrganisationIdentifiers
from balie.tenants.models import Municipality

NUTS = "http://data.europa.eu/nuts/code/"
DEMO_AREAS = {"demerdonk": f"{NUTS}BE24", "scheldemeer": f"{NUTS}BE23"}


def demo_lblod_id(slug: str) -> str:
    return hashlib.sha256(f"balie-demo:{slug}".encode()).hexdigest()


def load_demo_identifiers(report: Any) -> None:
    from balie.demo.loader import upsert

    for slug, area in DEMO_AREAS.items():
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        upsert(
            OrganisationIdentifiers,
            report,
            {"municipality": municipality},
            {"lblod_id": demo_lblod_id(slug), "area": area},
        )
