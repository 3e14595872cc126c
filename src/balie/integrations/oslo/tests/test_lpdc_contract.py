# SPDX-License-Identifier: EUPL-1.2
"""LPDC's acceptance rules for an integrating municipality's feed, one test each.

Each rule is taken from LPDC's code (lblod/lpdc-management-service) or its contract
(lblod/app-lpdc-digitaal-loket, docs/integrerende-gemeentes.md); the file named in each
docstring is where LPDC applies it. The feed is read back as RDF, as LPDC reads it.
"""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled
from rdflib import RDF, Graph, Literal, URIRef

from balie.integrations.oslo.codelists import area
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.models import OrganisationIdentifiers, ProductSnapshot
from balie.integrations.oslo.serializers import serialize_ldes_page
from balie.integrations.oslo.services import PublishingRefused, record_product_snapshots
from balie.integrations.oslo.tests.conftest import BASE, PINNED, Town, make_town
from balie.integrations.oslo.vocabulary import (
    DCAT,
    DCT,
    IPDC,
    M8G,
    PAV,
    PROV,
    PS,
    SCHEMA,
    TREE,
)

SH_ORDER = URIRef("http://www.w3.org/ns/shacl#order")
# lpdc-management-service src/core/domain/shared/iri.ts
UNIT = re.compile(r"^http://data\.lblod\.info/id/bestuurseenheden/[0-9a-zA-Z-]{12,}$")
OVO = re.compile(r"^https://data\.vlaanderen\.be/id/organisatie/OVO[0-9]{6}$")


def feed(town: Town) -> tuple[Graph, list[URIRef]]:
    with scopes_disabled():
        snapshots = list(
            ProductSnapshot.objects.filter(municipality=town.municipality).order_by(
                "generated_at", "id"
            )
        )
    page = serialize_ldes_page(
        collection_url=f"{BASE}/{town.municipality.slug}/ldes/products/",
        base=BASE,
        page=0,
        snapshots=snapshots,
        previous_last=None,
        next_first=None,
    )
    graph = to_graph(page)
    return graph, sorted(graph.objects(None, TREE.member), key=str)


@pytest.fixture
def published(town: Town) -> tuple[Town, Graph, list[URIRef]]:
    record_product_snapshots(municipality=town.municipality, now=PINNED)
    graph, members = feed(town)
    assert len(members) == 2
    return town, graph, members


def test_members_are_typed_instance_snapshot_and_nothing_else(published) -> None:
    """versioned-ldes-snapshot-sparql-repository.ts: other types are skipped silently."""
    _town, graph, members = published
    for member in members:
        assert set(graph.objects(member, RDF.type)) == {IPDC.InstancePublicServiceSnapshot}


def test_required_values_are_present_once(published) -> None:
    """instance-snapshot.ts: createdBy, title, description, dates, isArchived, isVersionOf,
    generatedAtTime are required; at least one spatial and one competent authority."""
    _town, graph, members = published
    for member in members:
        for predicate in (
            PAV.createdBy,
            DCT.isVersionOf,
            PROV.generatedAtTime,
            SCHEMA.dateCreated,
            SCHEMA.dateModified,
            IPDC.isArchived,
        ):
            assert len(list(graph.objects(member, predicate))) == 1, predicate
        assert list(graph.objects(member, DCT.title))
        assert list(graph.objects(member, DCT.description))
        assert list(graph.objects(member, DCT.spatial))
        assert list(graph.objects(member, M8G.hasCompetentAuthority))


def test_creator_is_an_lblod_administrative_unit(published) -> None:
    """instance-snapshot-to-instance-merger-domain-service.ts: the creator must be a
    bestuurseenheid LPDC knows (by its LBLOD IRI)."""
    _town, graph, members = published
    for member in members:
        assert UNIT.match(str(graph.value(member, PAV.createdBy)))


def test_authorities_are_lblod_or_ovo_iris(published) -> None:
    """…-merger-domain-service.ts validateAuthorities + iri.ts isValidAuthorityIri."""
    _town, graph, members = published
    for member in members:
        for predicate in (M8G.hasCompetentAuthority, IPDC.hasExecutingAuthority):
            for authority in graph.objects(member, predicate):
                assert UNIT.match(str(authority)) or OVO.match(str(authority))


def test_areas_are_in_force_in_the_nuts_lau_code_list(published) -> None:
    """…-merger-domain-service.ts validateSpatials: unknown or expired areas are refused."""
    _town, graph, members = published
    for member in members:
        for spatial in graph.objects(member, DCT.spatial):
            found = area(str(spatial))
            assert found is not None and found.active_on(PINNED.date())


def test_one_dutch_variant_matching_the_form_of_address(published) -> None:
    """instance-snapshot.ts validateLanguages: exactly one nl variant, over the record and
    its requirements, procedures, costs, …; this municipality addresses people formally."""
    _town, graph, members = published
    for member in members:
        nodes = [member, *graph.objects(member, PS.hasRequirement)]
        nodes += list(graph.objects(member, M8G.hasCost))
        # Keywords are checked on their own (always @nl).
        tags = {
            literal.language
            for node in nodes
            for predicate, literal in graph.predicate_objects(node)
            if isinstance(literal, Literal) and literal.language and predicate != DCAT.keyword
        }
        assert tags <= {"nl-be-x-formal", "en"}, tags


def test_keywords_are_dutch_only(published) -> None:
    """instance-snapshot.ts: keywords validated against [Language.NL]."""
    _town, graph, members = published
    keywords = [word for member in members for word in graph.objects(member, DCAT.keyword)]
    assert keywords and all(word.language == "nl" for word in keywords)


def test_ordered_lists_carry_unique_orders(published) -> None:
    """instance-snapshot.ts: requirements, costs, contact points … need distinct sh:order."""
    _town, graph, members = published
    for member in members:
        for predicate in (PS.hasRequirement, M8G.hasCost, M8G.hasContactPoint):
            orders = [graph.value(node, SH_ORDER) for node in graph.objects(member, predicate)]
            assert None not in orders and len(set(orders)) == len(orders)


def test_addresses_use_the_adres_terms(published) -> None:
    """quads-to-domain-mapper.ts address(): adres:Straatnaam, adres:postcode, …"""
    _town, graph, members = published
    adres = "https://data.vlaanderen.be/ns/adres#"
    for member in members:
        for point in graph.objects(member, M8G.hasContactPoint):
            address = graph.value(point, IPDC.address)
            assert graph.value(address, URIRef(f"{adres}Straatnaam")) == Literal(
                "Markt", lang="nl"
            )
            assert str(graph.value(address, URIRef(f"{adres}postcode"))) == "9999"
            assert not [p for p in graph.predicates(address, None) if "locn#" in str(p)]


def test_linked_concepts_are_ipdc_concepts(published) -> None:
    """…-merger-domain-service.ts validateLinkedConcept: dct:source must be a known concept."""
    _town, graph, members = published
    sources = [str(s) for member in members for s in graph.objects(member, DCT.source)]
    assert sources and all(s.startswith("https://ipdc.vlaanderen.be/id/concept/") for s in sources)


def test_timestamps_never_go_back_in_feed_order(published) -> None:
    """…-merger-domain-service.ts: an older version than one processed is ignored, so the
    feed must never add a member older than the newest published one."""
    town, _graph, _members = published
    # A writer whose clock lags behind publishes after the others
    with scopes_disabled():
        town.eid.title = {"nl": "Identiteitskaart"}
        town.eid.save()
    record_product_snapshots(
        municipality=town.municipality, product_ids=[town.eid.pk], now=PINNED - timedelta(days=1)
    )
    with scopes_disabled():
        stamps = list(
            ProductSnapshot.objects.filter(municipality=town.municipality)
            .order_by("id")
            .values_list("generated_at", flat=True)
        )
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_publishing_waits_for_the_lblod_or_ovo_identifier(db) -> None:
    """Contract: the creator is the municipality's LBLOD IRI; Balie's own IRI is never sent."""
    town = make_town(slug="zonderid")
    with pytest.raises(PublishingRefused, match="LBLOD"):
        record_product_snapshots(municipality=town.municipality)
    with scopes_disabled():
        assert not ProductSnapshot.objects.filter(municipality=town.municipality).exists()


def test_setting_the_identifier_snapshots_every_product_again(
    published, django_capture_on_commit_callbacks
) -> None:
    town, _graph, _members = published
    # When the municipality's LBLOD identifier changes
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        identifiers = OrganisationIdentifiers.objects.get(municipality=town.municipality)
        identifiers.lblod_id = "0123456789abcdef0123"
        identifiers.save()
    # Then each product has a new snapshot naming the new IRI
    graph, members = feed(town)
    newest = {
        str(graph.value(m, DCT.isVersionOf)): m
        for m in sorted(members, key=lambda m: graph.value(m, PROV.generatedAtTime))
    }
    assert len(members) == 4 and len(newest) == 2
    for member in newest.values():
        assert str(graph.value(member, PAV.createdBy)).endswith("0123456789abcdef0123")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("lblod_id", "kort", "invalid_lblod_id"),
        ("ovo_code", "OVO12", "invalid_ovo_code"),
        ("area", "http://vocab.belgif.be/auth/refnis2019/44021", "unknown_area"),
        ("area", "http://data.europa.eu/nuts/code/BE21111007", "expired_area"),
    ],
)
def test_identifiers_lpdc_would_refuse_cannot_be_saved(
    town: Town, field: str, value: str, code: str
) -> None:
    with scopes_disabled():
        identifiers = OrganisationIdentifiers.objects.get(municipality=town.municipality)
    setattr(identifiers, field, value)
    with pytest.raises(ValidationError) as caught:
        identifiers.full_clean()
    assert code in {error.code for errors in caught.value.error_dict.values() for error in errors}
