# SPDX-License-Identifier: EUPL-1.2
"""LPDC's and IPDC's own sample records import, with their remote contexts resolved from
the vendored official copies; the two that do not are refused for the reason LPDC or the
official shape gives too. An LDES import follows the pages' relations."""

import html
import json
import re
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from pyshacl import validate
from rdflib import Graph, Literal, URIRef

from balie.catalog.models import Product
from balie.integrations.oslo.codelists import OFFICIAL_DIR
from balie.integrations.oslo.linked_data import load_document, read_official_context, to_graph
from balie.integrations.oslo.models import ProductIpdcRecord, SourceKind
from balie.integrations.oslo.services import (
    ImportReport,
    import_ipdc_records,
    import_ipdc_turtle,
    import_ldes,
    record_product_snapshots,
)
from balie.integrations.oslo.tests.conftest import Town, make_town
from balie.integrations.oslo.validation import SH

SAMPLES = Path(__file__).resolve().parent / "data" / "official" / "samples"
LPDC_PAGES = "http://hostname/doc/instancesnapshot?pageNumber="
IPDC_PAGES = "http://ipdc-stub/doc/conceptsnapshot?pageNumber="


def sample(name: str):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


def versions_in(document) -> set[str]:
    return {member["isVersionOf"] for member in document["member"]}


def sources_of(town: Town) -> set[str]:
    with scopes_disabled():
        return set(
            ProductIpdcRecord.objects.filter(municipality=town.municipality).values_list(
                "source_iri", flat=True
            )
        )


@pytest.fixture
def empty_town(db) -> Town:
    town = make_town(slug="leegdorp", formal=False)
    with scopes_disabled():
        Product.objects.filter(municipality=town.municipality).delete()
    return town


def assert_imported(report: ImportReport) -> None:
    assert report.ok, [(error.iri, error.reason) for error in report.errors]


@pytest.mark.parametrize(
    "name",
    [
        "lpdc-instancesnapshot-ldes-page-0.json",
        "lpdc-instancesnapshot-ldes-page-1.json",
        "lpdc-instancesnapshot-ldes-page-2.json",
        "ipdc-concept-ldes-page-0.json",
        "ipdc-concept-ldes-page-1.json",
    ],
)
def test_each_official_ldes_page_imports_whole(empty_town: Town, name: str) -> None:
    # Given an official page, whose @context names remote copies of the official contexts
    document = sample(name)
    assert all(url.startswith("http://") for url in document["@context"])
    # When it is imported
    report = import_ipdc_records(municipality=empty_town.municipality, document=document)
    # Then every member imports, one product per versioned resource
    assert_imported(report)
    assert sources_of(empty_town) == versions_in(document)


def test_lpdc_turtle_examples_import(empty_town: Town) -> None:
    text = (SAMPLES / "lpdc-instancesnapshot-examples.ttl").read_text(encoding="utf-8")
    report = import_ipdc_turtle(municipality=empty_town.municipality, text=text)
    assert_imported(report)
    graph = Graph().parse(data=text, format="turtle")
    versions = {
        str(row[0])
        for row in graph.query(
            "SELECT DISTINCT ?v WHERE { ?s a <https://productencatalogus.data.vlaanderen.be/"
            "ns/ipdc-lpdc#InstancePublicServiceSnapshot> ; "
            "<http://purl.org/dc/terms/isVersionOf> ?v }"
        )
    }
    assert sources_of(empty_town) == versions


def test_the_newest_version_in_a_page_wins(empty_town: Town) -> None:
    # Given page 0, which holds two versions of one instance
    document = sample("lpdc-instancesnapshot-ldes-page-0.json")
    report = import_ipdc_records(municipality=empty_town.municipality, document=document)
    assert_imported(report)
    # Then the product carries the later one's title
    with scopes_disabled():
        titles = [product.title["nl"] for product in Product.objects.all()]
    assert "Minimalistische instantie updatet" in titles
    assert "Minimalistische instantie" not in titles


def test_an_ldes_import_follows_the_relations_to_every_page(empty_town: Town) -> None:
    # Given LPDC's three-page sample feed, reachable only through its relations
    pages = {f"{LPDC_PAGES}{n}": f"lpdc-instancesnapshot-ldes-page-{n}.json" for n in range(3)}
    fetched: list[str] = []

    def fetch(url: str):
        fetched.append(url)
        return sample(pages[url])

    # When the import starts at page 0
    report = import_ldes(municipality=empty_town.municipality, url=f"{LPDC_PAGES}0", fetch=fetch)
    # Then it read each page once, and every versioned resource became a product
    assert_imported(report)
    assert sorted(fetched) == sorted(pages)
    expected = set().union(*(versions_in(sample(name)) for name in pages.values()))
    assert sources_of(empty_town) == expected


def test_concept_pages_become_concept_products(empty_town: Town) -> None:
    import_ldes(
        municipality=empty_town.municipality,
        url=f"{IPDC_PAGES}0",
        fetch=lambda url: sample(f"ipdc-concept-ldes-page-{url[-1]}.json"),
    )
    with scopes_disabled():
        records = list(ProductIpdcRecord.objects.filter(municipality=empty_town.municipality))
    assert records and all(record.source_kind == SourceKind.CONCEPT for record in records)
    # An informal municipality gets the informal variant IPDC generated
    with scopes_disabled():
        titles = [record.product.title["nl"] for record in records]
    assert any(title.endswith("- informal") for title in titles), titles


def test_the_concept_snapshot_with_a_faulty_context_is_refused_as_the_shape_refuses_it(
    empty_town: Town,
) -> None:
    # Given IPDC's sample concept snapshot, whose embedded context types naam as @id
    document = sample("ipdc-conceptsnapshot.jsonld")
    # When it is imported, it is refused for its title
    report = import_ipdc_records(municipality=empty_town.municipality, document=document)
    assert not report.ok and "dct:title" in report.errors[0].reason
    # And the official concept shape finds the same fault: dct:title is not a langString
    shapes = Graph().parse(OFFICIAL_DIR / "shapes" / "concept-shape.ttl", format="turtle")
    _conforms, results, _text = validate(to_graph(document), shacl_graph=shapes)
    paths = {str(path) for path in results.objects(None, SH.resultPath)}
    assert "http://purl.org/dc/terms/title" in paths


def test_the_ipdc_instance_naming_a_missing_context_is_refused_with_that_reason(
    empty_town: Town,
) -> None:
    # Given IPDC's stub instance, whose context is named "…-that-does-not-exist.jsonld"
    document = sample("ipdc-instance-aae82967.jsonld")
    report = import_ipdc_records(municipality=empty_town.municipality, document=document)
    # Then it is refused for that context, which is never fetched
    assert not report.ok
    assert "ipdc-lpdc-im-that-does-not-exist.jsonld" in report.errors[0].reason


def test_official_context_names_resolve_on_any_host_and_nothing_else_does() -> None:
    for url in ("http://hostname/ipdc-lpdc-im.jsonld", "https://ipdc-stub/ldes.jsonld"):
        assert "@context" in load_document(url)["document"]
    for url in ("http://hostname/other.jsonld", "file:///etc/ldes.jsonld"):
        with pytest.raises(Exception, match="Refusing to fetch"):
            load_document(url)


SNAPSHOT_TERMS = read_official_context("ipdc-lpdc-im.jsonld")["@context"]["InstantieSnapshot"]
PREDICATES = {key: URIRef(term["@id"]) for key, term in SNAPSHOT_TERMS["@context"].items()}


def plain(node):
    """A value as text: IPDC's HTML stripped, whitespace collapsed, language kept."""
    if isinstance(node, Literal):
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(node))).split())
        return (text, (node.language or "").lower())
    return str(node)


LPDC_CREATOR = "353234a365664e581db5c2f7cc07add2534b47b8e1ab87c821fc6e6365e6bef5"
# What Balie's catalog holds of an instance; the rest is listed in the README.
KEPT = (
    "naam",
    "beschrijving",
    "verdereBeschrijving",
    "uitzonderingen",
    "regelgevingTekst",
    "linkedConcept",
    "type",
    "doelgroepen",
    "bevoegdBestuursniveaus",
    "uitvoerendBestuursniveaus",
    "bevoegdeOverheden",
    "uitvoerendeOverheden",
    "zoektermen",
    "aangemaaktDoor",
)


def test_round_trip_an_official_instance_publishes_what_it_imported(db) -> None:
    # Given the municipality that published LPDC's sample (same LBLOD id, informal, Ghent)
    town = make_town(slug="gent", lblod_id=LPDC_CREATOR, formal=False)
    with scopes_disabled():
        Product.objects.filter(municipality=town.municipality).delete()
    original = sample("lpdc-instancesnapshot-ldes-page-1.json")["member"][0]
    # When it imports that instance and publishes its feed
    page = {**sample("lpdc-instancesnapshot-ldes-page-1.json"), "member": [original]}
    assert_imported(import_ipdc_records(municipality=town.municipality, document=page))
    [snapshot] = record_product_snapshots(municipality=town.municipality)
    published = snapshot.payload
    # Then the snapshot says what the original said, in the official terms (HTML aside)
    expand = to_graph({"@context": page["@context"], **original})
    again = to_graph({"@context": page["@context"], **published, "@id": original["@id"]})
    subject = URIRef(original["@id"])
    for key in KEPT:
        predicate = PREDICATES[key]
        before = {plain(o) for o in expand.objects(subject, predicate)}
        after = {plain(o) for o in again.objects(subject, predicate)}
        assert before == after, key
    assert published["@type"] == ["InstantieSnapshot"]
    assert published["geografischToepassingsgebieden"] == [
        "http://data.europa.eu/nuts/code/BE23444021"
    ]


def test_a_federal_concepts_authority_and_level_reach_the_feed(db) -> None:
    # Given IPDC's concept with a federal level, naming its competent authority by OVO IRI
    town = make_town(slug="federaaldorp", lblod_id=LPDC_CREATOR, formal=False)
    with scopes_disabled():
        Product.objects.filter(municipality=town.municipality).delete()
    page = sample("ipdc-concept-ldes-page-0.json")
    authority = "https://data.vlaanderen.be/id/organisatie/OVO002514"
    page["member"] = [{**page["member"][0], "bevoegdeOverheden": [authority]}]
    # When the municipality imports it and publishes
    assert_imported(import_ipdc_records(municipality=town.municipality, document=page))
    [snapshot] = record_product_snapshots(municipality=town.municipality)
    # Then the concept's authority and levels are competent; the municipality executes
    levels = {iri.rsplit("/", 1)[-1] for iri in snapshot.payload["bevoegdBestuursniveaus"]}
    assert snapshot.payload["bevoegdeOverheden"] == [authority]
    assert levels == {"Federaal", "Europees"}
    assert snapshot.payload["uitvoerendeOverheden"] == [
        f"http://data.lblod.info/id/bestuurseenheden/{LPDC_CREATOR}"
    ]
