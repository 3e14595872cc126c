# SPDX-License-Identifier: EUPL-1.2
"""Namespaces, code lists and identifier rules of the Flemish standards Balie speaks.

Sources: the IPDC-LPDC implementation model, LPDC's guide for integrating municipalities
(identifiers of instances and snapshots) and OSLO. Balie never mints data.vlaanderen.be or
ipdc.vlaanderen.be IRIs: its own terms live under :data:`BALIE_NS`.
"""

import uuid
from pathlib import Path

from rdflib import Namespace

IPDC = Namespace("https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
M8G = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
PAV = Namespace("http://purl.org/pav/")
PS = Namespace("http://vocab.belgif.be/ns/publicservice#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
ADRES = Namespace("https://data.vlaanderen.be/ns/adres#")
ORG = Namespace("http://www.w3.org/ns/org#")
BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PERSON = Namespace("http://www.w3.org/ns/person#")
CJ = Namespace("https://data.vlaanderen.be/ns/cultuur-en-jeugd/infrastructuur#")
LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")

# Balie's own vocabulary (appointments, counters as channels, booking extensions). No OSLO
# appointment standard exists, so these terms are ours; w3id.org gives a permanent IRI that
# does not change when a municipality hosts Balie on its own domain.
BALIE_NS_IRI = "https://w3id.org/balie/ns/afspraak#"
AK = Namespace(BALIE_NS_IRI)
BALIE_ID = "https://w3id.org/balie/id/"

CODE_LIST = "https://productencatalogus.data.vlaanderen.be/id/concept/"
GEMEENTE_CLASSIFICATION = (
    "http://data.vlaanderen.be/id/concept/BestuurseenheidClassificatieCode/"
    "5ab0e9b8a3b2ca7c5e000001"
)
LANGUAGE_AUTHORITY = "http://publications.europa.eu/resource/authority/language/"
NUTS = "http://data.europa.eu/nuts/code/"
LBLOD_ORGANISATION = "http://data.lblod.info/id/bestuurseenheden/"
LBLOD_INSTANCE = "http://data.lblod.info/id/public-service/"
LBLOD_SNAPSHOT = "http://data.lblod.info/id/public-service-snapshot/"
OVO_ORGANISATION = "https://data.vlaanderen.be/id/organisatie/"

TARGET_AUDIENCES = (
    "Burger",
    "Onderneming",
    "Organisatie",
    "VlaamseOverheid",
    "LokaalBestuur",
    "Vereniging",
)
AUTHORITY_LEVELS = ("Europees", "Federaal", "Vlaams", "Provinciaal", "Lokaal")
EXECUTING_LEVELS = (*AUTHORITY_LEVELS, "Derden")
# Balie's content language → EU language authority code.
LANGUAGE_CODES = {"nl": "NLD", "fr": "FRA", "en": "ENG", "de": "DEU"}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
# name → versions served under /ns/<name>/v<version>.jsonld; a version never changes once
# published, a change gets a new version.
CONTEXTS = {"ipdc-lpdc": (1,), "balie": (1,)}

# Products get a stable instance UUID derived from the municipality and the product row, so
# that an export before the first snapshot already carries the IRI the feed will use.
_INSTANCE_NAMESPACE = uuid.UUID("6f1d3c1e-2b7a-5a43-9b1e-6c0a8d3f4e21")


def code_iri(scheme: str, value: str) -> str:
    return f"{CODE_LIST}{scheme}/{value}"


def code_value(iri: str, scheme: str) -> str | None:
    """The value of ``iri`` in IPDC code list ``scheme``, or None if it is not one."""
    prefix = f"{CODE_LIST}{scheme}/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def default_instance_uuid(*, nis_code: str, product_id: int) -> uuid.UUID:
    return uuid.uuid5(_INSTANCE_NAMESPACE, f"{nis_code}:product:{product_id}")


def instance_iri(instance_uuid: uuid.UUID | str) -> str:
    return f"{LBLOD_INSTANCE}{instance_uuid}"


def snapshot_iri(snapshot_uuid: uuid.UUID | str) -> str:
    return f"{LBLOD_SNAPSHOT}{snapshot_uuid}"


def context_path(*, name: str, version: int) -> Path | None:
    if version not in CONTEXTS.get(name, ()):
        return None
    return CONTEXT_DIR / f"{name}-v{version}.jsonld"
