# SPDX-License-Identifier: EUPL-1.2
"""The catalog as linked data: golden round trip, content negotiation, no personal data."""

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from pyld.jsonld import JsonLdError
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from balie.booking.models import Reservation, ReservationStatus, VisitItem
from balie.integrations.oslo.linked_data import canonical_ntriples, to_graph
from balie.integrations.oslo.models import ProductIpdcRecord
from balie.integrations.oslo.selectors import get_catalog
from balie.integrations.oslo.serializers import serialize_catalog
from balie.integrations.oslo.tests.conftest import BASE, TODAY, Town, make_town
from balie.integrations.oslo.vocabulary import IPDC

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "catalog-golden.nt"
URLS = "balie.integrations.oslo.tests.urls"


def pin_instance_iris(town: Town) -> None:
    """Fixed instance UUIDs: row ids differ between databases, golden files must not."""
    with scopes_disabled():
        for product, value in (
            (town.eid, "0b9d3a52-7c38-4f5e-9d43-3f1e2a6c8b11"),
            (town.passport, "5e0c7f1d-2a4b-4c6d-8e9f-0a1b2c3d4e5f"),
        ):
            ProductIpdcRecord.objects.create(
                municipality=town.municipality, product=product, instance_uuid=uuid.UUID(value)
            )


def test_catalog_export_matches_the_golden_triples(town: Town) -> None:
    # Given a municipality with a site, two counters, hours, a closing day and two products
    pin_instance_iris(town)
    # When its catalog is exported as JSON-LD and read back as RDF
    document = serialize_catalog(
        catalog=get_catalog(municipality=town.municipality, today=TODAY), base=BASE
    )
    triples = canonical_ntriples(to_graph(json.loads(json.dumps(document))))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(triples, encoding="utf-8")
    # Then the triples are exactly the reviewed ones
    assert triples == GOLDEN.read_text(encoding="utf-8")


def test_golden_triples_name_the_ipdc_instance_and_its_concept() -> None:
    # Given the golden file
    graph = Graph().parse(GOLDEN, format="nt")
    # Then the eID is an IPDC instance of the real IPDC concept 148
    eid = URIRef("http://data.lblod.info/id/public-service/0b9d3a52-7c38-4f5e-9d43-3f1e2a6c8b11")
    assert (eid, RDF.type, IPDC.InstancePublicService) in graph
    sources = {str(o) for o in graph.objects(eid, URIRef("http://purl.org/dc/terms/source"))}
    assert sources == {
        "https://ipdc.vlaanderen.be/id/concept/0fec6309-d676-4c3b-b6ca-3f0ca5e56077"
    }


@pytest.mark.urls(URLS)
@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/ld+json", "application/ld+json"),
        ("text/turtle", "text/turtle"),
        ("text/html,application/xhtml+xml;q=0.9", "text/html"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
        ("*/*", "text/html"),
    ],
)
def test_catalog_negotiates_the_format(client, town: Town, accept: str, media_type: str) -> None:
    # When a client asks for the catalog with an Accept header
    response = client.get("/testdorp/catalog/", HTTP_ACCEPT=accept)
    # Then it gets the format it prefers, and caches know the answer varies
    assert response.status_code == 200
    assert response["Content-Type"].startswith(media_type)
    assert "Accept" in response["Vary"]


@pytest.mark.urls(URLS)
def test_turtle_and_json_ld_carry_the_same_graph(client, town: Town) -> None:
    # When the catalog is fetched as JSON-LD and as Turtle
    as_json = client.get("/testdorp/catalog/", HTTP_ACCEPT="application/ld+json")
    as_turtle = client.get("/testdorp/catalog/", HTTP_ACCEPT="text/turtle")
    # Then both parse to the same RDF graph
    from_json = to_graph(json.loads(as_json.content))
    from_turtle = Graph().parse(data=as_turtle.content.decode(), format="turtle")
    assert len(from_json) > 100
    assert isomorphic(from_json, from_turtle)


@pytest.mark.urls(URLS)
def test_unacceptable_format_is_refused(client, town: Town) -> None:
    response = client.get("/testdorp/catalog/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 406


@pytest.mark.urls(URLS)
def test_product_and_location_have_their_own_urls(client, town: Town, dutch) -> None:
    # When the product and the location are fetched as JSON-LD
    product = client.get("/testdorp/catalog/products/eid/", HTTP_ACCEPT="application/ld+json")
    location = client.get(
        "/testdorp/catalog/locations/gemeentehuis/", HTTP_ACCEPT="application/ld+json"
    )
    page = client.get("/testdorp/catalog/products/eid/", HTTP_ACCEPT="text/html")
    # Then each describes itself, and people get a page
    product_graph = to_graph(json.loads(product.content))
    assert (None, None, IPDC.InstancePublicService) in product_graph
    location_graph = to_graph(json.loads(location.content))
    site = URIRef("http://testserver/testdorp/catalog/locations/gemeentehuis/")
    assert (site, None, URIRef("http://www.w3.org/ns/org#Site")) in location_graph
    assert b"Elektronische identiteitskaart" in page.content
    assert client.get("/testdorp/catalog/products/nope/").status_code == 404


@pytest.mark.urls(URLS)
def test_full_dump_downloads_as_a_file(client, town: Town) -> None:
    response = client.get("/testdorp/catalog/dump.ttl")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="testdorp-catalog.ttl"'
    assert len(Graph().parse(data=response.content.decode(), format="turtle")) > 100
    assert client.get("/testdorp/catalog/dump.exe").status_code == 404


@pytest.mark.urls(URLS)
def test_catalog_exports_hold_no_personal_data(client, town: Town) -> None:
    # Given a confirmed appointment with a citizen's name, contacts and register number
    with scopes_disabled():
        reservation = Reservation.objects.create(
            municipality=town.municipality,
            location=town.hall,
            status=ReservationStatus.CONFIRMED,
            start=datetime(2026, 5, 5, 7, 0, tzinfo=UTC),
            end=datetime(2026, 5, 5, 7, 10, tzinfo=UTC),
            reference="BAL-PRIV-AT",
            given_name="Marieke",
            family_name="Vandenbroucke",
            email="marieke@private.example",
            phone="+32470123456",
            national_number="85073003328",
        )
        VisitItem.objects.create(reservation=reservation, product=town.eid, quantity=1)
    # When every catalog export is fetched
    bodies = [
        client.get("/testdorp/catalog/", HTTP_ACCEPT=accept).content
        for accept in ("application/ld+json", "text/turtle", "text/html")
    ]
    bodies += [client.get(f"/testdorp/catalog/dump.{ext}").content for ext in ("jsonld", "nt")]
    bodies.append(client.get("/testdorp/ldes/products/").content)
    # Then none of them mentions the citizen
    for body in bodies:
        for secret in (
            b"Marieke",
            b"Vandenbroucke",
            b"private.example",
            # The whole number: four digits also turn up in random blank-node ids.
            b"470123456",
            b"85073003328",
            b"BAL-PRIV-AT",
        ):
            assert secret not in body


@pytest.mark.urls(URLS)
def test_contexts_are_served_by_balie(client, db) -> None:
    response = client.get("/ns/ipdc-lpdc/v1.jsonld")
    assert response.status_code == 200
    assert "titel" in json.loads(response.content)["@context"]
    assert "immutable" in response["Cache-Control"]
    assert client.get("/ns/ipdc-lpdc/v9.jsonld").status_code == 404


def test_unknown_remote_contexts_are_refused_not_fetched() -> None:
    # Given a document naming a context Balie does not ship
    document = {"@context": "https://example.org/other.jsonld", "@id": "urn:x", "titel": "x"}
    # Then processing fails without any network access
    with pytest.raises(JsonLdError):
        to_graph(document)


def test_other_municipalities_catalogs_stay_separate(db) -> None:
    # Given two municipalities
    first = make_town(slug="eerste", nis_code="44901")
    second = make_town(slug="tweede", nis_code="44902")
    # When the first's catalog is exported
    document = serialize_catalog(
        catalog=get_catalog(municipality=first.municipality, today=TODAY), base=BASE
    )
    # Then nothing of the second appears
    text = json.dumps(document)
    assert "eerste" in text
    assert "tweede" not in text and "44902" not in text
    assert second.municipality.pk != first.municipality.pk
