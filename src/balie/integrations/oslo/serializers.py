# SPDX-License-Identifier: EUPL-1.2
"""Catalog rows → JSON-LD documents (plain dicts), in IPDC-LPDC and OSLO terms.

Products use the Dutch keys of the IPDC-LPDC exchange context, so the same member shape
serves the catalog export and the LDES feed LPDC reads. Everything else uses Balie's
platform context. Nothing here reads the database: selectors load, serializers shape.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.utils.text import slugify

from balie.booking.models import Leg, Reservation
from balie.catalog.models import Counter, CounterService, Location, OpeningHours, Product
from balie.integrations.oslo.linked_data import (
    OFFICIAL_CONTEXTS,
    context_url,
    official_context_url,
)
from balie.integrations.oslo.models import ProductSnapshot
from balie.integrations.oslo.selectors import Catalog
from balie.integrations.oslo.vocabulary import (
    AK,
    GEMEENTE_CLASSIFICATION,
    LANGUAGE_CODES,
    OVO_ORGANISATION,
    WEEKDAYS,
    code_iri,
    snapshot_iri,
)

# IPDC-LPDC carries one Dutch variant and English; products leave the rest out everywhere.
IPDC_LANGUAGES = ("nl", "en")
DAY_ABBREVIATIONS = ("ma", "di", "wo", "do", "vr", "za", "zo")

# Fixed texts that label the catalog's free text in IPDC's structure.
REQUIREMENT_TITLE = {
    "nl": "Mee te brengen",
    "en": "What to bring",
    "fr": "À apporter",
    "de": "Mitzubringen",
}
EVIDENCE_TITLE = {
    "nl": "Mee te brengen documenten",
    "en": "Documents to bring",
    "fr": "Documents à apporter",
    "de": "Mitzubringende Unterlagen",
}
COST_TITLE = {"nl": "Kostprijs", "en": "Cost", "fr": "Coût", "de": "Kosten"}
COUNTRY = {"nl": "België"}

STATUS_CODES = {
    "held": "aangevraagd",
    "confirmed": "bevestigd",
    "cancelled": "geannuleerd",
    "expired": "vervallen",
}
CHANNEL_CODES = {"online": "online", "api": "online", "phone": "telefoon", "desk": "loket"}


def dutch_tag(*, formal: bool) -> str:
    """IPDC tags Dutch text by the form of address the municipality chose."""
    return "nl-be-x-formal" if formal else "nl-be-x-informal"


def language_map(
    value: Mapping[str, str] | None, *, formal: bool, languages: Sequence[str]
) -> dict[str, str]:
    if not value:
        return {}
    return {
        (dutch_tag(formal=formal) if code == "nl" else code): text
        for code, text in sorted(value.items())
        if code in languages and text
    }


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def product_url(*, base: str, municipality_slug: str, product: Product) -> str:
    return f"{base}/{municipality_slug}/catalog/products/{product.slug}/"


def location_url(*, base: str, municipality_slug: str, location: Location) -> str:
    return f"{base}/{municipality_slug}/catalog/locations/{location.slug}/"


def counter_anchor(counter: Counter) -> str:
    # Counter names are unique per location, and unlike row ids they survive a reload.
    slug = slugify(counter.name)
    return slug if slug.startswith("loket") else f"loket-{slug}"


def counter_iri(*, base: str, municipality_slug: str, counter: Counter) -> str:
    site = location_url(base=base, municipality_slug=municipality_slug, location=counter.location)
    return f"{site}#{counter_anchor(counter)}"


def channel_type_iri(code: str) -> str:
    return f"{AK}kanaaltype/{code}"


def _hours_text(rows: Iterable[OpeningHours]) -> str:
    """Standing weekly hours as the short Dutch text IPDC's contact points carry."""
    by_day: dict[int, list[str]] = defaultdict(list)
    for row in sorted(rows, key=lambda row: (row.weekday, row.start)):
        if row.staff_only or row.valid_from or row.valid_until:
            continue
        span = f"{row.start:%H:%M}-{row.end:%H:%M}"
        if span not in by_day[row.weekday]:
            by_day[row.weekday].append(span)
    return "; ".join(
        f"{DAY_ABBREVIATIONS[day]} {', '.join(spans)}" for day, spans in sorted(by_day.items())
    )


def _address(location: Location) -> dict[str, Any]:
    """A site's address in the IPDC-LPDC terms (adres:*), for contact points and sites alike."""
    address: dict[str, Any] = {
        "@type": "Adres",
        "straatnaam": {"nl": location.street},
        "huisnummer": location.house_number,
        "postcode": location.postcode,
        "gemeentenaam": {"nl": location.municipality_name},
        "land": COUNTRY,
    }
    if location.box:
        address["busnummer"] = location.box
    return address


def _contact_points(
    *, catalog: Catalog, services: Sequence[CounterService]
) -> list[dict[str, Any]]:
    by_location: dict[int, list[Counter]] = defaultdict(list)
    for service in services:
        by_location[service.counter.location_id].append(service.counter)
    points: list[dict[str, Any]] = []
    for location_id in sorted(by_location):
        location = catalog.location(location_id)
        if location is None:
            continue
        hours = [
            row
            for counter in by_location[location_id]
            for row in catalog.hours_by_counter.get(counter.pk, [])
        ]
        point: dict[str, Any] = {
            "@type": "Contactgegevens",
            "adres": _address(location),
            "order": len(points),
        }
        if location.email:
            point["email"] = location.email
        if location.phone:
            point["telefoonnummer"] = location.phone
        text = _hours_text(hours)
        if text:
            point["openingsuren"] = text
        points.append(point)
    return points


def authorities(*, catalog: Catalog, product: Product) -> dict[str, list[str]]:
    """Who is competent for and who executes the product, with their levels.

    Taken from the product's IPDC record (the concept's values for products derived from
    one, or what staff set); otherwise the municipality, at the local level.
    """
    record = catalog.records_by_product.get(product.pk)
    organisation = catalog.organisation_iri
    return {
        "bevoegdeOverheden": (record.competent_authorities if record else None) or [organisation],
        "uitvoerendeOverheden": (record.executing_authorities if record else None)
        or [organisation],
        "bevoegdBestuursniveaus": (record.competent_authority_levels if record else None)
        or ["Lokaal"],
        "uitvoerendBestuursniveaus": (record.executing_authority_levels if record else None)
        or ["Lokaal"],
    }


def serialize_product_instance(*, product: Product, catalog: Catalog) -> dict[str, Any]:
    """The product as an IPDC-LPDC instance, in the official context's terms, without
    Balie's booking extension.

    Only catalog content and the municipality's identity go in, never data about
    citizens: this is what the LDES snapshots store.
    """
    municipality = catalog.municipality
    formal = municipality.formal_address
    record = catalog.records_by_product.get(product.pk)

    def text(value: Mapping[str, str] | None) -> dict[str, str]:
        return language_map(value, formal=formal, languages=IPDC_LANGUAGES)

    def label(fixed: Mapping[str, str], labelled: Mapping[str, str]) -> dict[str, str]:
        """A fixed label in exactly the languages of the text it labels."""
        return {tag: value for tag, value in text(fixed).items() if tag in labelled}

    instance: dict[str, Any] = {
        "@id": catalog.instance_iri(product),
        "@type": ["Instantie"],
        "aangemaaktDoor": catalog.organisation_iri,
        "creatie": iso(product.created_at),
        "laatstGewijzigd": iso(product.updated_at),
        "naam": text(product.title),
        "beschrijving": text(product.description),
    }
    if product.ipdc_concept:
        instance["linkedConcept"] = product.ipdc_concept
    if product.ipdc_product_number:
        instance["productnummer"] = product.ipdc_product_number
    if record is not None:
        for key, value in (
            ("verdereBeschrijving", record.additional_description),
            ("uitzonderingen", record.exception),
            ("regelgevingTekst", record.regulation),
        ):
            if text(value):
                instance[key] = text(value)
    if product.product_type:
        instance["type"] = code_iri("Type", product.product_type)
    # Balie's catalog addresses citizens; imported records say otherwise when they know.
    audiences = (record.target_audiences if record else None) or ["Burger"]
    instance["doelgroepen"] = [code_iri("Doelgroep", value) for value in audiences]
    if product.theme:
        instance["themas"] = [code_iri("Thema", product.theme)]
    who = authorities(catalog=catalog, product=product)
    instance["bevoegdBestuursniveaus"] = [
        code_iri("BevoegdBestuursniveau", value) for value in who["bevoegdBestuursniveaus"]
    ]
    instance["uitvoerendBestuursniveaus"] = [
        code_iri("UitvoerendBestuursniveau", value) for value in who["uitvoerendBestuursniveaus"]
    ]
    instance["bevoegdeOverheden"] = who["bevoegdeOverheden"]
    instance["uitvoerendeOverheden"] = who["uitvoerendeOverheden"]
    instance["geografischToepassingsgebieden"] = catalog.area_iris
    instance["talen"] = [
        f"http://publications.europa.eu/resource/authority/language/{LANGUAGE_CODES[code]}"
        for code in IPDC_LANGUAGES
        if product.title.get(code)
    ]
    if product.keywords:
        # LPDC reads Dutch keywords only (@nl), whatever the form of address.
        instance["zoektermen"] = {"nl": sorted(str(word) for word in product.keywords)}
    bring = text(product.what_to_bring)
    if bring:
        instance["voorwaarden"] = [
            {
                "@type": "Voorwaarde",
                "naam": label(REQUIREMENT_TITLE, bring),
                "beschrijving": bring,
                "order": 0,
                "bewijs": {
                    "@type": "Bewijs",
                    "naam": label(EVIDENCE_TITLE, bring),
                    "beschrijving": bring,
                },
            }
        ]
    cost = text(product.cost)
    if cost:
        instance["kosten"] = [
            {"@type": "Kost", "naam": label(COST_TITLE, cost), "beschrijving": cost, "order": 0}
        ]
    points = _contact_points(
        catalog=catalog, services=catalog.services_by_product.get(product.pk, [])
    )
    if points:
        instance["contactgegevens"] = points
    instance["gearchiveerd"] = False
    return instance


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"PT{hours}H{rest}M" if hours and rest else f"PT{hours}H" if hours else f"PT{rest}M"


def serialize_product(*, product: Product, catalog: Catalog, base: str) -> dict[str, Any]:
    """The instance plus how to book it in Balie: counters, slot length, bookability."""
    slug = catalog.municipality.slug
    node = serialize_product_instance(product=product, catalog=catalog)
    services = catalog.services_by_product.get(product.pk, [])
    node["pagina"] = product_url(base=base, municipality_slug=slug, product=product)
    node["kanalen"] = [
        counter_iri(base=base, municipality_slug=slug, counter=service.counter)
        for service in services
    ]
    if services:
        node["slotDuur"] = _duration(min(service.duration_minutes for service in services))
    node["boekbaar"] = bool(product.online_bookable and services)
    return node


def _opening_hours(
    *, rows: Iterable[OpeningHours], closed: Iterable[date]
) -> list[dict[str, Any]]:
    specifications: list[dict[str, Any]] = []
    for row in sorted(rows, key=lambda row: (row.weekday, row.start, row.valid_from or date.min)):
        spec: dict[str, Any] = {
            "@type": "Openingsurenspecificatie",
            "dag": f"schema:{WEEKDAYS[row.weekday]}",
            "opent": f"{row.start:%H:%M:%S}",
            "sluit": f"{row.end:%H:%M:%S}",
        }
        if row.valid_from:
            spec["geldigVan"] = row.valid_from.isoformat()
        if row.valid_until:
            spec["geldigTotEnMet"] = row.valid_until.isoformat()
        if row.staff_only:
            spec["alleenPersoneel"] = True
        specifications.append(spec)
    # schema.org's convention for a closed day: opens = closes = midnight on that date.
    for day in sorted(closed):
        specifications.append(
            {
                "@type": "Openingsurenspecificatie",
                "opent": "00:00:00",
                "sluit": "00:00:00",
                "geldigVan": day.isoformat(),
                "geldigTotEnMet": day.isoformat(),
            }
        )
    return specifications


def serialize_counter(*, counter: Counter, catalog: Catalog, base: str) -> dict[str, Any]:
    slug = catalog.municipality.slug
    return {
        "@id": counter_iri(base=base, municipality_slug=slug, counter=counter),
        "@type": ["Loket", "Kanaal"],
        "kanaalnaam": counter.name,
        "kanaaltype": channel_type_iri("loket"),
        "eigenaar": catalog.organisation_iri,
        "opLocatie": location_url(base=base, municipality_slug=slug, location=counter.location),
        "beschikbaarheid": _opening_hours(
            rows=catalog.hours_by_counter.get(counter.pk, []),
            closed=catalog.closed_by_counter.get(counter.pk, set()),
        ),
    }


def serialize_location(*, location: Location, catalog: Catalog, base: str) -> dict[str, Any]:
    url = location_url(base=base, municipality_slug=catalog.municipality.slug, location=location)
    address = {**_address(location), "volledigAdres": location.address_line}
    site_address: dict[str, Any] = {"@type": "Contactgegevens", "adres": address, "order": 0}
    if location.phone:
        site_address["telefoonnummer"] = location.phone
    if location.email:
        site_address["email"] = location.email
    return {
        "@id": url,
        "@type": ["Vestiging", "Locatie"],
        "label": location.name,
        "vestigingsadres": site_address,
        "pagina": url,
    }


def serialize_organisation(*, catalog: Catalog, base: str) -> dict[str, Any]:
    municipality = catalog.municipality
    identifiers = catalog.identifiers
    node: dict[str, Any] = {
        "@id": catalog.organisation_iri,
        "@type": ["Bestuurseenheid", "PubliekeOrganisatie"],
        "voorkeursnaam": municipality.name,
        "classificatie": GEMEENTE_CLASSIFICATION,
        "werkingsgebied": catalog.area_iris,
        "vestigingen": [
            location_url(base=base, municipality_slug=municipality.slug, location=location)
            for location in catalog.locations
        ],
    }
    if identifiers is not None and identifiers.ovo_code:
        node["zelfdeAls"] = [f"{OVO_ORGANISATION}{identifiers.ovo_code}"]
    if identifiers is not None and identifiers.kbo_number:
        node["registratie"] = {
            "@type": "Identificator",
            "notatie": identifiers.kbo_number,
            "schemaAgentschap": "KBO",
        }
    if municipality.website:
        node["homepage"] = municipality.website
    return node


def official_contexts(*, base: str) -> list[str]:
    """IPDC-LPDC's own contexts, served by Balie unchanged (as LPDC's reference feed does)."""
    return [official_context_url(base=base, name=name) for name in OFFICIAL_CONTEXTS]


def contexts(*, base: str) -> list[str]:
    return [*official_contexts(base=base), context_url(base=base, name="balie")]


def serialize_catalog(*, catalog: Catalog, base: str) -> dict[str, Any]:
    """The whole catalog: organisation, sites, counters as channels, products."""
    return {
        "@context": contexts(base=base),
        "@graph": [
            serialize_organisation(catalog=catalog, base=base),
            *(
                serialize_location(location=row, catalog=catalog, base=base)
                for row in catalog.locations
            ),
            *(
                serialize_counter(counter=row, catalog=catalog, base=base)
                for row in catalog.counters
            ),
            *(
                serialize_product(product=row, catalog=catalog, base=base)
                for row in catalog.products
            ),
        ],
    }


def serialize_product_document(*, product: Product, catalog: Catalog, base: str) -> dict[str, Any]:
    services = catalog.services_by_product.get(product.pk, [])
    counters = {service.counter.pk: service.counter for service in services}
    return {
        "@context": contexts(base=base),
        "@graph": [
            serialize_product(product=product, catalog=catalog, base=base),
            *(
                serialize_counter(counter=counter, catalog=catalog, base=base)
                for _, counter in sorted(counters.items())
            ),
        ],
    }


def serialize_location_document(
    *, location: Location, catalog: Catalog, base: str
) -> dict[str, Any]:
    return {
        "@context": contexts(base=base),
        "@graph": [
            serialize_location(location=location, catalog=catalog, base=base),
            *(
                serialize_counter(counter=counter, catalog=catalog, base=base)
                for counter in catalog.counters
                if counter.location_id == location.pk
            ),
        ],
    }


# --- LDES ----------------------------------------------------------------------------------


def serialize_snapshot(snapshot: ProductSnapshot) -> dict[str, Any]:
    return {
        **snapshot.payload,
        "@id": snapshot_iri(snapshot.public_id),
        "isVersionOf": snapshot.is_version_of,
        "generatedAtTime": iso(snapshot.generated_at),
    }


GENERATED_AT_TIME = "http://www.w3.org/ns/prov#generatedAtTime"
IS_VERSION_OF = "http://purl.org/dc/terms/isVersionOf"


def serialize_ldes_page(
    *,
    collection_url: str,
    base: str,
    page: int,
    snapshots: Sequence[ProductSnapshot],
    previous_last: ProductSnapshot | None,
    next_first: ProductSnapshot | None,
) -> dict[str, Any]:
    """One page of the versioned event stream, in the shape of LPDC's reference stub.

    Relations carry the boundary timestamps, so a reader can skip pages it has read.
    """
    page_url = f"{collection_url}?pageNumber={page}"
    relations = []
    if previous_last is not None:
        relations.append(
            {
                "@type": "LessThanOrEqualToRelation",
                "node": f"{collection_url}?pageNumber={page - 1}",
                "path": GENERATED_AT_TIME,
                "value": iso(previous_last.generated_at),
            }
        )
    if next_first is not None:
        relations.append(
            {
                "@type": "GreaterThanOrEqualToRelation",
                "node": f"{collection_url}?pageNumber={page + 1}",
                "path": GENERATED_AT_TIME,
                "value": iso(next_first.generated_at),
            }
        )
    return {
        "@context": official_contexts(base=base),
        "@id": collection_url,
        "@type": "EventStream",
        # Full IRIs: the official ldes context types these as @id, so a short name would
        # resolve against the page's address.
        "timestampPath": GENERATED_AT_TIME,
        "versionOfPath": IS_VERSION_OF,
        "view": {"@id": page_url, "@type": "Node", "relation": relations},
        "member": [serialize_snapshot(snapshot) for snapshot in snapshots],
    }


# --- appointments --------------------------------------------------------------------------


def serialize_appointment(
    *,
    reservation: Reservation,
    legs: Sequence[Leg],
    products: Sequence[Product],
    catalog: Catalog,
    base: str,
    url: str,
) -> dict[str, Any]:
    """The appointment for its owner. The national register number is never included:
    not even masked, since a partial number still narrows down a person."""
    slug = catalog.municipality.slug
    person: dict[str, Any] = {"@id": f"{url}#burger", "@type": "Persoon"}
    if reservation.given_name:
        person["voornaam"] = reservation.given_name
    if reservation.family_name:
        person["familienaam"] = reservation.family_name
    contact = {
        key: value
        for key, value in (("eMail", reservation.email), ("telefoonnummer", reservation.phone))
        if value
    }
    if contact:
        person["contactinfo"] = {"@type": "schema:ContactPoint", **contact}
    status = STATUS_CODES.get(reservation.status, reservation.status)
    node: dict[str, Any] = {
        "@context": contexts(base=base),
        "@id": url,
        "@type": ["Afspraak", "Reservatie", "Reservation"],
        "identificator": reservation.reference or "",
        "gereserveerdDoor": person,
        "periode": {
            "@type": "Periode",
            "start": iso(reservation.start),
            "einde": iso(reservation.end),
        },
        "status": f"{AK}status/{status}",
        "reservatieVoor": [catalog.instance_iri(product) for product in products],
        "opLocatie": location_url(
            base=base, municipality_slug=slug, location=reservation.location
        ),
        "loketten": sorted(
            {counter_iri(base=base, municipality_slug=slug, counter=leg.counter) for leg in legs}
        ),
        "kanaal": channel_type_iri(CHANNEL_CODES.get(reservation.channel, "online")),
        "aangemaakt": iso(reservation.created_at),
        "gewijzigd": iso(reservation.updated_at),
    }
    return node
