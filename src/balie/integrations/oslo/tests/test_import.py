# SPDX-License-Identifier: EUPL-1.2
"""IPDC import: sample records, re-import, malformed records, the management command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from balie.catalog.models import Product
from balie.catalog.selectors import list_bookable_products
from balie.catalog.tests.factories import CounterServiceFactory
from balie.integrations.oslo.models import ProductIpdcRecord, SourceKind
from balie.integrations.oslo.services import import_ipdc_records
from balie.integrations.oslo.tests.conftest import Town, make_town

DATA = Path(__file__).resolve().parent / "data"
EID_CONCEPT = "https://ipdc.vlaanderen.be/id/concept/0fec6309-d676-4c3b-b6ca-3f0ca5e56077"
MARRIAGE_CONCEPT = "https://ipdc.vlaanderen.be/id/concept/1254033b-610a-40f2-8baa-b00c3349c856"
ADDRESS_INSTANCE = "http://data.lblod.info/id/public-service/7c1e6f0a-3b0e-4a8e-9c41-5e2d7b9a4f10"


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def products_of(town: Town) -> dict[str, Product]:
    with scopes_disabled():
        return {
            product.ipdc_product_number: product
            for product in Product.objects.filter(municipality=town.municipality)
        }


@pytest.fixture
def empty_town(db) -> Town:
    town = make_town(slug="leegdorp", nis_code="44998")
    with scopes_disabled():
        Product.objects.filter(municipality=town.municipality).delete()
    return town


def test_sample_concepts_become_products_bookable_once_served(empty_town: Town) -> None:
    # When the sample concepts are imported into a municipality without products
    report = import_ipdc_records(
        municipality=empty_town.municipality, document=load("ipdc-concepts.jsonld")
    )
    # Then each becomes a product with IPDC's fields mapped
    assert report.ok and len(report.created) == 3
    products = products_of(empty_town)
    eid = products["148"]
    assert eid.ipdc_concept == EID_CONCEPT
    assert eid.title == {
        "nl": "Elektronische identiteitskaart (eID)",
        "en": "Electronic identity card (eID)",
    }
    assert eid.product_type == "Bewijs" and eid.theme == "BurgerOverheid"
    assert (
        "je oproepingsbrief" in eid.what_to_bring["nl"] and "<li>" not in eid.what_to_bring["nl"]
    )
    assert eid.keywords == ["eID", "identiteitskaart"]
    assert products["139"].product_type == "Toelating"
    with scopes_disabled():
        record = ProductIpdcRecord.objects.get(product=eid)
    assert record.source_kind == SourceKind.CONCEPT
    assert record.competent_authority_levels == ["Federaal"]
    # And they become bookable as soon as a counter serves them
    assert list_bookable_products(municipality=empty_town.municipality) == []
    with scopes_disabled():
        CounterServiceFactory(counter=empty_town.counter_a, product=eid, duration_minutes=10)
    assert list_bookable_products(municipality=empty_town.municipality) == [eid]


def test_reimport_updates_and_never_duplicates(empty_town: Town) -> None:
    document = load("ipdc-concepts.jsonld")
    import_ipdc_records(municipality=empty_town.municipality, document=document)
    # When the same records come again, unchanged
    again = import_ipdc_records(municipality=empty_town.municipality, document=document)
    # Then nothing is created or changed
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 3)
    # When the marriage concept changes its title
    document["@graph"][2]["titel"]["nl"] = "Burgerlijk huwelijk"
    changed = import_ipdc_records(municipality=empty_town.municipality, document=document)
    # Then that one product is updated in place
    assert changed.updated == [MARRIAGE_CONCEPT]
    products = products_of(empty_town)
    assert len(products) == 3
    assert products["139"].title["nl"] == "Burgerlijk huwelijk"


def test_import_updates_the_hand_made_product_of_the_same_concept(town: Town) -> None:
    # Given a municipality whose eID product was made by hand for IPDC concept 148
    before = products_of(town)["148"]
    # When the IPDC concepts are imported
    report = import_ipdc_records(
        municipality=town.municipality, document=load("ipdc-concepts.jsonld")
    )
    # Then the eID is linked, keeping its slug and local texts, and not duplicated
    assert EID_CONCEPT in report.updated
    after = products_of(town)["148"]
    assert after.pk == before.pk and after.slug == "eid"
    assert after.cost == {"nl": "€ 25"} and after.title == before.title
    with scopes_disabled():
        assert ProductIpdcRecord.objects.get(product=after).source_iri == EID_CONCEPT
    # And importing again still leaves the local texts alone
    again = import_ipdc_records(
        municipality=town.municipality, document=load("ipdc-concepts.jsonld")
    )
    assert EID_CONCEPT in again.unchanged
    assert products_of(town)["148"].cost == {"nl": "€ 25"}
    with scopes_disabled():
        assert (
            Product.objects.filter(
                municipality=town.municipality, ipdc_concept=EID_CONCEPT
            ).count()
            == 1
        )


def test_instance_snapshots_apply_in_order_to_one_product(empty_town: Town) -> None:
    # When an LDES page with two snapshots of one instance is imported
    report = import_ipdc_records(
        municipality=empty_town.municipality, document=load("ipdc-instance-snapshots.jsonld")
    )
    # Then the instance is created once and then updated to its latest version
    assert report.created == [ADDRESS_INSTANCE] and report.updated == [ADDRESS_INSTANCE]
    product = products_of(empty_town)["926"]
    assert product.title == {"nl": "Aangifte van adreswijziging", "en": "Change of address"}
    assert product.cost == {"nl": "Gratis"}
    # Two themes in IPDC, one in Balie: the first in IPDC's code list order
    assert product.theme == "BurgerOverheid"
    with scopes_disabled():
        record = ProductIpdcRecord.objects.get(product=product)
    assert record.source_iri == ADDRESS_INSTANCE and record.source_kind == SourceKind.INSTANCE


def test_malformed_records_are_reported_one_by_one(empty_town: Town) -> None:
    # When a file with one good and three bad records is imported
    report = import_ipdc_records(
        municipality=empty_town.municipality, document=load("ipdc-malformed.jsonld")
    )
    # Then the good one is imported and each bad one is reported with its reason
    assert len(report.created) == 1
    reasons = {error.position: error.reason for error in report.errors}
    assert set(reasons) == {2, 3, 4}
    assert "Dutch title" in reasons[2]
    assert "Thema/Toerisme" in reasons[3]
    assert "No IPDC product" in reasons[4]
    # And nothing of the bad records was saved
    assert set(products_of(empty_town)) == {"778"}


def test_a_record_failing_model_validation_leaves_nothing_behind(empty_town: Town) -> None:
    # Given a record whose product number is longer than the catalog allows
    document = load("ipdc-concepts.jsonld")
    record = document["@graph"][0]
    record["productnummer"] = "1" * 20
    report = import_ipdc_records(
        municipality=empty_town.municipality, document=record | {"@context": document["@context"]}
    )
    # Then the record is rejected with the model's reason and no product or record exists
    assert len(report.errors) == 1 and "ipdc_product_number" in report.errors[0].reason
    assert products_of(empty_town) == {}
    with scopes_disabled():
        assert not ProductIpdcRecord.objects.filter(municipality=empty_town.municipality).exists()


def test_records_naming_an_unknown_context_are_rejected(empty_town: Town) -> None:
    document = {"@context": "https://example.org/ctx.jsonld", "@id": "urn:x"}
    report = import_ipdc_records(municipality=empty_town.municipality, document=document)
    assert len(report.errors) == 1 and "https://example.org/ctx.jsonld" in report.errors[0].reason


def test_import_command_reads_turtle_and_directories(empty_town: Town, tmp_path) -> None:
    # Given a directory with LPDC's Turtle examples and one of its LDES pages
    samples = DATA / "official" / "samples"
    for name in ("lpdc-instancesnapshot-examples.ttl", "lpdc-instancesnapshot-ldes-page-2.json"):
        (tmp_path / name).write_text((samples / name).read_text(encoding="utf-8"))
    out, err = StringIO(), StringIO()
    # When the command imports the directory
    call_command("import_ipdc", "leegdorp", str(tmp_path), stdout=out, stderr=err)
    # Then both files are reported and nothing was rejected
    assert "lpdc-instancesnapshot-examples.ttl:" in out.getvalue()
    assert "0 rejected" in out.getvalue() and not err.getvalue()


def test_import_command_reports_per_record(empty_town: Town) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "import_ipdc", "leegdorp", str(DATA / "ipdc-concepts.jsonld"), stdout=out, stderr=err
    )
    assert "3 created" in out.getvalue()
    with pytest.raises(CommandError, match="3 record"):
        call_command(
            "import_ipdc", "leegdorp", str(DATA / "ipdc-malformed.jsonld"), stdout=out, stderr=err
        )
    assert "record 2" in err.getvalue()
    with pytest.raises(CommandError, match="Unknown municipality"):
        call_command("import_ipdc", "nergens", str(DATA))
