# SPDX-License-Identifier: EUPL-1.2
"""The LDES of product snapshots: a version per change, paging, archiving on delete."""

import json

import pytest
from django_scopes import scopes_disabled
from rdflib import URIRef

from balie.catalog.models import Product
from balie.integrations.oslo import views
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.models import ProductSnapshot
from balie.integrations.oslo.services import record_product_snapshots
from balie.integrations.oslo.tests.conftest import Town, what_lpdc_knows
from balie.integrations.oslo.validation import validate_instances
from balie.integrations.oslo.vocabulary import LBLOD_INSTANCE

URLS = "balie.integrations.oslo.tests.urls"


def snapshots(town: Town) -> list[ProductSnapshot]:
    with scopes_disabled():
        return list(
            ProductSnapshot.objects.filter(municipality=town.municipality).order_by(
                "generated_at", "id"
            )
        )


def test_a_product_change_publishes_a_new_snapshot(
    town: Town, django_capture_on_commit_callbacks
) -> None:
    # Given the products' first snapshots
    record_product_snapshots(municipality=town.municipality)
    first = snapshots(town)
    assert len(first) == 2
    # When the eID's title changes
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        town.eid.title = {"nl": "Identiteitskaart", "en": "Identity card"}
        town.eid.save()
    # Then one new snapshot versions the same instance, with the new title
    after = snapshots(town)
    assert len(after) == 3
    newest = after[-1]
    assert newest.is_version_of == next(
        s.is_version_of for s in first if s.product_id == town.eid.pk
    )
    assert newest.payload["naam"]["nl-be-x-formal"] == "Identiteitskaart"
    assert newest.is_version_of.startswith(LBLOD_INSTANCE)


def test_saving_without_change_publishes_nothing(
    town: Town, django_capture_on_commit_callbacks
) -> None:
    record_product_snapshots(municipality=town.municipality)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        town.eid.save()
        town.passport.save()
    assert len(snapshots(town)) == 2


def test_a_change_at_the_counter_reaches_the_snapshot(
    town: Town, django_capture_on_commit_callbacks
) -> None:
    # Given published snapshots
    record_product_snapshots(municipality=town.municipality)
    # When the town hall changes its phone number (part of the products' contact points)
    with django_capture_on_commit_callbacks(execute=True), scopes_disabled():
        town.hall.phone = "+32 9 111 11 11"
        town.hall.save()
    # Then both products served there get a new snapshot
    newest = snapshots(town)[2:]
    assert len(newest) == 2
    assert all(
        s.payload["contactgegevens"][0]["telefoonnummer"] == "+32 9 111 11 11" for s in newest
    )


def test_deleting_a_product_publishes_it_archived(town: Town) -> None:
    record_product_snapshots(municipality=town.municipality)
    with scopes_disabled():
        Product.objects.get(pk=town.passport.pk).delete()
    last = snapshots(town)[-1]
    assert last.archived is True
    assert last.payload["gearchiveerd"] is True


def test_feed_members_conform_and_carry_only_ipdc_languages(town: Town) -> None:
    # Given published snapshots of a product with a French title
    record_product_snapshots(municipality=town.municipality)
    from balie.integrations.oslo.serializers import serialize_ldes_page

    page = serialize_ldes_page(
        collection_url="http://testserver/testdorp/ldes/products/",
        base="http://testserver",
        page=0,
        snapshots=snapshots(town),
        previous_last=None,
        next_first=None,
    )
    graph = to_graph(page)
    # Then the page is a valid versioned LDES whose members pass the shapes
    report = validate_instances(graph=graph, known=what_lpdc_knows(town))
    assert report.conforms, report.text
    assert "Passeport" not in json.dumps(page)
    stream = URIRef("http://testserver/testdorp/ldes/products/")
    assert (
        stream,
        URIRef("https://w3id.org/ldes#versionOfPath"),
        URIRef("http://purl.org/dc/terms/isVersionOf"),
    ) in graph
    assert (
        stream,
        URIRef("https://w3id.org/ldes#timestampPath"),
        URIRef("http://www.w3.org/ns/prov#generatedAtTime"),
    ) in graph


@pytest.mark.urls(URLS)
def test_feed_pages_link_to_each_other(client, town: Town, monkeypatch) -> None:
    # Given five snapshots and pages of two
    monkeypatch.setattr(views, "LDES_PAGE_SIZE", 2)
    record_product_snapshots(municipality=town.municipality)
    for title in ("Een", "Twee", "Drie"):
        with scopes_disabled():
            town.eid.title = {"nl": title}
            town.eid.save()
        record_product_snapshots(municipality=town.municipality, product_ids=[town.eid.pk])
    # When a reader walks the feed from page 0
    seen, page, headers = [], 0, []
    while True:
        response = client.get(f"/testdorp/ldes/products/?pageNumber={page}")
        assert response.status_code == 200
        body = json.loads(response.content)
        seen += [member["@id"] for member in body["member"]]
        headers.append(response["Cache-Control"])
        following = [r for r in body["view"]["relation"] if r["@type"].startswith("Greater")]
        if not following:
            break
        page += 1
    # Then it reads every snapshot once, full pages are immutable and the last is not
    assert len(seen) == len(set(seen)) == 5
    assert page == 2
    assert all("immutable" in header for header in headers[:-1])
    assert "immutable" not in headers[-1]
    assert client.get("/testdorp/ldes/products/?pageNumber=9").status_code == 404
    assert client.get("/testdorp/ldes/products/?pageNumber=x").status_code == 400


@pytest.mark.urls(URLS)
def test_feed_is_served_as_turtle(client, town: Town) -> None:
    record_product_snapshots(municipality=town.municipality)
    response = client.get("/testdorp/ldes/products/", HTTP_ACCEPT="text/turtle")
    assert response["Content-Type"].startswith("text/turtle")
    assert b"isVersionOf" in response.content
