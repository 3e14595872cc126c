# SPDX-License-Identifier: EUPL-1.2
"""A small municipality with a town hall, two counters and two IPDC products.

Timestamps are pinned so exports are byte-for-byte reproducible for golden files.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest
from django_scopes import scopes_disabled
from rdflib import RDF, Graph, URIRef

from balie.catalog.models import ClosingDay, Counter, Location, Product
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.integrations.oslo.models import OrganisationIdentifiers
from balie.integrations.oslo.vocabulary import IPDC
from balie.tenants.models import Municipality
from balie.tenants.tests.factories import MunicipalityFactory

PINNED = datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
TODAY = date(2026, 5, 4)
BASE = "http://testserver"


@dataclass
class Town:
    municipality: Municipality
    hall: Location
    counter_a: Counter
    counter_b: Counter
    eid: Product
    passport: Product


def make_town(
    *, slug: str = "testdorp", nis_code: str = "44021", lblod_id: str = "", formal: bool = True
) -> Town:
    with scopes_disabled():
        municipality = MunicipalityFactory(
            slug=slug,
            name=slug.capitalize(),
            nis_code=nis_code,
            website=f"https://www.{slug}.example",
            formal_address=formal,
            observes_public_holidays=True,
        )
        if lblod_id:
            OrganisationIdentifiers.objects.create(
                municipality=municipality, lblod_id=lblod_id, ovo_code="OVO099999"
            )
        hall = LocationFactory(
            municipality=municipality,
            slug="gemeentehuis",
            name="Gemeentehuis",
            street="Markt",
            house_number="1",
            box="A",
            postcode="9999",
            municipality_name=municipality.name,
            phone="+32 9 000 00 00",
            email=f"burgerzaken@{slug}.example",
        )
        counter_a = CounterFactory(location=hall, name="Loket 1")
        counter_b = CounterFactory(location=hall, name="Loket 2")
        for weekday in range(5):
            OpeningHoursFactory(counter=counter_a, weekday=weekday, start=time(9), end=time(12))
        OpeningHoursFactory(counter=counter_a, weekday=3, start=time(16), end=time(19))
        OpeningHoursFactory(
            counter=counter_b,
            weekday=5,
            start=time(9),
            end=time(11, 30),
            staff_only=True,
            valid_from=date(2026, 1, 1),
            valid_until=date(2026, 12, 31),
        )
        ClosingDay.objects.create(
            municipality=municipality,
            date=date(2026, 7, 11),
            recurring_yearly=True,
            reason="Feest van de Vlaamse Gemeenschap",
        )
        eid = ProductFactory(
            municipality=municipality,
            slug="eid",
            title={"nl": "Elektronische identiteitskaart (eID)", "en": "Electronic identity card"},
            description={
                "nl": "Een nieuwe identiteitskaart aanvragen.",
                "en": "Apply for a card.",
            },
            what_to_bring={"nl": "Je oproepingsbrief en een recente pasfoto."},
            cost={"nl": "€ 25"},
            keywords=["identiteitskaart", "eID"],
            ipdc_product_number="148",
            ipdc_concept="https://ipdc.vlaanderen.be/id/concept/0fec6309-d676-4c3b-b6ca-3f0ca5e56077",
            product_type="Bewijs",
            theme="BurgerOverheid",
        )
        passport = ProductFactory(
            municipality=municipality,
            slug="reispas",
            title={"nl": "Belgisch paspoort", "fr": "Passeport belge"},
            description={"nl": "Een paspoort aanvragen."},
            ipdc_product_number="949",
            ipdc_concept="https://ipdc.vlaanderen.be/id/concept/b0afed3a-2148-4548-9ba5-a63e06cfb1ab",
            product_type="Bewijs",
            theme="BurgerOverheid",
        )
        CounterServiceFactory(counter=counter_a, product=eid, duration_minutes=10)
        CounterServiceFactory(counter=counter_b, product=passport, duration_minutes=20)
        Product.objects.filter(municipality=municipality).update(
            created_at=PINNED, updated_at=PINNED
        )
        eid.refresh_from_db()
        passport.refresh_from_db()
    return Town(municipality, hall, counter_a, counter_b, eid, passport)


def what_lpdc_knows(town: Town) -> Graph:
    """What LPDC's store holds and a feed does not repeat: the organisation and the
    IPDC concepts the products link to."""
    from balie.integrations.oslo.selectors import get_catalog
    from balie.integrations.oslo.validation import known_organisations

    catalog = get_catalog(municipality=town.municipality, today=TODAY)
    known = known_organisations(catalog.organisation_iri)
    for product in catalog.products:
        if product.ipdc_concept:
            known.add((URIRef(product.ipdc_concept), RDF.type, IPDC.ConceptualPublicService))
    return known


@pytest.fixture
def town(db) -> Town:
    return make_town(lblod_id="353234a365664e581db5c2f7cc07add2534b47b8e1ab87c821fc6e6365e6bef5")


@pytest.fixture(autouse=True)
def _forget_pending_snapshot_marks():
    """Test transactions roll back, so marks made in one test never flush; drop them."""
    from balie.integrations.oslo import signals

    signals._pending.products = {}
    yield
    signals._pending.products = {}
