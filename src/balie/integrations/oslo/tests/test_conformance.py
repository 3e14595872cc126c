# SPDX-License-Identifier: EUPL-1.2
"""Both demo municipalities' feed and catalog dump, judged by IPDC-LPDC's official shape.

The shape and its code lists are the vendored official files (``official/``), not Balie's
own. The feed page is read as LPDC reads it: members of any other type than
``ipdc:InstancePublicServiceSnapshot`` would be skipped, so every member must have it.
What LPDC's store already knows and a feed does not repeat (the organisation is a
``m8g:PublicOrganisation``, the linked IPDC concepts are ``ipdc:ConceptualPublicService``)
is added as that store would hold it.
"""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from rdflib import RDF, Graph, URIRef

from balie.catalog.models import Product
from balie.demo.loader import CATALOG_STEPS, load_demo_data
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.selectors import count_snapshots, get_catalog, list_snapshots
from balie.integrations.oslo.serializers import serialize_catalog, serialize_ldes_page
from balie.integrations.oslo.services import record_product_snapshots
from balie.integrations.oslo.validation import known_organisations, validate_instances
from balie.integrations.oslo.vocabulary import IPDC, TREE
from balie.tenants.models import Municipality

BASE = "http://testserver"


def what_lpdc_knows(municipality: Municipality, organisation: str) -> Graph:
    known = known_organisations(organisation)
    with scopes_disabled():
        concepts = set(
            Product.objects.filter(municipality=municipality)
            .exclude(ipdc_concept="")
            .values_list("ipdc_concept", flat=True)
        )
    for concept in concepts:
        known.add((URIRef(concept), RDF.type, IPDC.ConceptualPublicService))
    return known


@pytest.mark.parametrize("slug", ["demerdonk", "scheldemeer"])
def test_demo_feed_and_dump_have_no_violations_of_the_official_shape(db, slug: str) -> None:
    # Given the demo data, and the municipality's feed as published
    load_demo_data(CATALOG_STEPS)
    with scopes_disabled():
        municipality = Municipality.objects.get(slug=slug)
    record_product_snapshots(municipality=municipality)
    catalog = get_catalog(municipality=municipality, today=timezone.localdate())
    known = what_lpdc_knows(municipality, catalog.organisation_iri)
    total = count_snapshots(municipality=municipality)
    page = serialize_ldes_page(
        collection_url=f"{BASE}/{slug}/ldes/products/",
        base=BASE,
        page=0,
        snapshots=list_snapshots(municipality=municipality, offset=0, limit=total),
        previous_last=None,
        next_first=None,
    )
    feed = to_graph(page)
    members = set(feed.objects(None, TREE.member))
    # When LPDC reads the feed and the catalog dump is judged by the same shape
    feed_report = validate_instances(graph=feed, known=known)
    dump_report = validate_instances(
        graph=to_graph(serialize_catalog(catalog=catalog, base=BASE)), known=known
    )
    # Then every product is a member LPDC processes, and neither has a violation
    assert len(members) == len(catalog.products) > 0
    assert all(
        set(feed.objects(member, RDF.type)) == {IPDC.InstancePublicServiceSnapshot}
        for member in members
    )
    assert feed_report.violations == 0, feed_report.text
    assert dump_report.violations == 0, dump_report.text
