# SPDX-License-Identifier: EUPL-1.2
"""Writes: product snapshots for the LDES feed, and the IPDC import."""

import functools
import hashlib
import html
import json
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope
from pyld.jsonld import JsonLdError
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from balie.catalog.models import Product, ProductType, Theme
from balie.integrations.oslo.linked_data import RemoteContextRefused, to_graph
from balie.integrations.oslo.models import (
    FeedClock,
    ProductIpdcRecord,
    ProductSnapshot,
    SourceKind,
)
from balie.integrations.oslo.selectors import (
    Catalog,
    get_catalog,
    get_latest_snapshot,
    get_organisation_identifiers,
    registered_organisation_iri,
)
from balie.integrations.oslo.serializers import iso, serialize_product_instance
from balie.integrations.oslo.vocabulary import (
    AUTHORITY_LEVELS,
    CPSV,
    DCAT,
    DCT,
    EXECUTING_LEVELS,
    IPDC,
    M8G,
    PAV,
    PROV,
    PS,
    SCHEMA,
    TARGET_AUDIENCES,
    TREE,
    code_value,
    default_instance_uuid,
    instance_iri,
)
from balie.tenants.models import Municipality

SH_ORDER = URIRef("http://www.w3.org/ns/shacl#order")

# --- snapshots -----------------------------------------------------------------------------

# Left out of the content hash: a save that changes nothing must not publish a new version.
VOLATILE_KEYS = ("laatstGewijzigd",)
SNAPSHOT_TYPE = "InstantieSnapshot"


def _content_hash(payload: Mapping[str, Any]) -> str:
    stable = {key: value for key, value in payload.items() if key not in VOLATILE_KEYS}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def _ensure_record(*, municipality: Municipality, product: Product) -> ProductIpdcRecord:
    record, _created = ProductIpdcRecord.objects.get_or_create(
        product=product,
        defaults={
            "municipality": municipality,
            "instance_uuid": default_instance_uuid(
                nis_code=municipality.nis_code, product_id=product.pk
            ),
        },
    )
    return record


class PublishingRefused(Exception):
    """The municipality cannot publish to LPDC yet; the message says what to set."""


def publishing_problems(*, catalog: Catalog) -> list[str]:
    """Why LPDC would refuse the municipality's snapshots; empty when it may publish."""
    problems = []
    if catalog.registered_iri is None:
        problems.append(
            _(
                "Set the municipality's LBLOD identifier (or its OVO code) under "
                "Organisation identifiers: LPDC only accepts products whose creator and "
                "authorities are named by it. Nothing is published until then."
            )
        )
    if not catalog.area_iris:
        problems.append(
            _(
                "The municipality's NIS code %(nis)s is not an area in force in IPDC's "
                "NUTS/LAU code list; set the area under Organisation identifiers."
            )
            % {"nis": catalog.municipality.nis_code}
        )
    return problems


class _FeedClock:
    """Timestamps for new snapshots, taken under the municipality's feed lock.

    The lock is held until the writer commits, so a later commit always gets a later
    timestamp: a reader who has seen a full page never misses a member written before it.
    """

    def __init__(self, *, municipality: Municipality, now: datetime) -> None:
        FeedClock.objects.bulk_create(
            [FeedClock(municipality=municipality)], ignore_conflicts=True
        )
        self._clock = FeedClock.objects.select_for_update().get(municipality=municipality)
        self._now = now

    def tick(self) -> datetime:
        last = self._clock.last_generated_at
        moment = self._now if last is None or self._now > last else last + STEP
        self._clock.last_generated_at = moment
        self._clock.save(update_fields=["last_generated_at"])
        return moment


STEP = timedelta(microseconds=1)


def record_product_snapshots(
    *,
    municipality: Municipality,
    product_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> list[ProductSnapshot]:
    """Publish a snapshot of each product whose published content changed.

    The feed carries full records, so a snapshot is only written when the record differs
    from the latest one: re-saving a product unchanged (the demo loader does) adds nothing.
    Raises PublishingRefused while the municipality lacks what LPDC requires.
    """
    now = now or timezone.now()
    ids = None if product_ids is None else sorted(set(product_ids))
    created: list[ProductSnapshot] = []
    with transaction.atomic(), scope(municipality=municipality.pk):
        catalog = get_catalog(
            municipality=municipality, today=timezone.localdate(now), product_ids=ids
        )
        problems = publishing_problems(catalog=catalog)
        if problems:
            raise PublishingRefused(" ".join(problems))
        clock = _FeedClock(municipality=municipality, now=now)
        for product in catalog.products:
            if product.pk not in catalog.records_by_product:
                catalog.records_by_product[product.pk] = _ensure_record(
                    municipality=municipality, product=product
                )
            payload = serialize_product_instance(product=product, catalog=catalog)
            version_of = payload.pop("@id")
            # LPDC processes members of this type only and skips any other silently.
            payload["@type"] = [SNAPSHOT_TYPE]
            digest = _content_hash(payload)
            latest = get_latest_snapshot(municipality=municipality, is_version_of=version_of)
            if latest is not None and latest.content_hash == digest and not latest.archived:
                continue
            created.append(
                ProductSnapshot.objects.create(
                    municipality=municipality,
                    product=product,
                    is_version_of=version_of,
                    generated_at=clock.tick(),
                    content_hash=digest,
                    payload=payload,
                )
            )
    return created


def archive_product_snapshot(
    *, product: Product, now: datetime | None = None
) -> ProductSnapshot | None:
    """Tell LPDC a product is gone: a last snapshot marked archived (IPDC's isArchived)."""
    now = now or timezone.now()
    municipality = product.municipality
    with transaction.atomic(), scope(municipality=municipality.pk):
        record = ProductIpdcRecord.objects.filter(product=product).first()
        instance_uuid = (
            record.instance_uuid
            if record is not None
            else default_instance_uuid(nis_code=municipality.nis_code, product_id=product.pk)
        )
        version_of = instance_iri(instance_uuid)
        latest = get_latest_snapshot(municipality=municipality, is_version_of=version_of)
        if latest is None or latest.archived:
            return None
        payload = {**latest.payload, "gearchiveerd": True, "laatstGewijzigd": iso(now)}
        return ProductSnapshot.objects.create(
            municipality=municipality,
            is_version_of=version_of,
            generated_at=_FeedClock(municipality=municipality, now=now).tick(),
            content_hash=_content_hash(payload),
            payload=payload,
            archived=True,
        )


# --- IPDC import ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordError:
    position: int
    iri: str
    reason: str
    source: str = ""


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RecordRejected(Exception):
    """One record cannot be imported; the message says why, for the person importing."""


# Snapshots first: a snapshot's subject is the record, whatever else the page types.
PRODUCT_CLASSES = (
    IPDC.InstancePublicServiceSnapshot,
    IPDC.ConceptualPublicServiceSnapshot,
    IPDC.InstancePublicService,
    IPDC.ConceptualPublicService,
    CPSV.PublicService,
)
CONCEPT_CLASSES = (IPDC.ConceptualPublicService, IPDC.ConceptualPublicServiceSnapshot)


def split_records(document: Any) -> list[dict[str, Any]]:
    """The product records in a file: one record, a list, an ``@graph`` or an LDES page.

    Each record keeps the document's ``@context`` so it can be processed on its own.
    """
    if isinstance(document, list):
        return [item for item in document if isinstance(item, dict)] or [{}]
    if not isinstance(document, dict):
        return [{}]
    context = document.get("@context")
    for key in ("member", "@graph"):
        if isinstance(document.get(key), list):
            return [
                {"@context": context, **item} if context and "@context" not in item else item
                for item in document[key]
                if isinstance(item, dict)
            ]
    return [document]


def _lang_texts(graph: Graph, subject: Node, predicate: URIRef, *, formal: bool) -> dict[str, Any]:
    """Language → text, Dutch picked in the municipality's form of address if both exist."""
    # IPDC's concepts carry machine-made variants (nl-be-x-generated-…); a municipality's
    # own wording comes first, then the variant in its form of address, then plain nl.
    address = "formal" if formal else "informal"
    preferred = (f"nl-be-x-{address}", f"nl-be-x-generated-{address}", "nl")
    texts: dict[str, str] = {}
    dutch: dict[str, str] = {}
    for value in graph.objects(subject, predicate):
        if not isinstance(value, Literal):
            continue
        tag = (value.language or "nl").lower()
        if tag.startswith("nl"):
            dutch[tag] = str(value)
        elif tag in ("en", "fr", "de"):
            texts[tag] = str(value)
    for tag in (*preferred, *sorted(dutch)):
        if tag in dutch:
            texts["nl"] = dutch[tag]
            break
    return texts


def _plain(texts: Mapping[str, str]) -> dict[str, str]:
    """IPDC texts may hold HTML; the catalog shows plain text."""
    result = {}
    for code, text in texts.items():
        lines = re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", text)
        cleaned = html.unescape(strip_tags(lines))
        result[code] = "\n".join(line.strip() for line in cleaned.splitlines() if line.strip())
    return {code: text for code, text in result.items() if text}


def _ordered(graph: Graph, subject: Node, predicate: URIRef) -> list[Node]:
    def order(node: Node) -> tuple[int, str]:
        value = graph.value(node, SH_ORDER)
        try:
            return (int(str(value)), str(node)) if value is not None else (0, str(node))
        except (TypeError, ValueError):
            return (0, str(node))

    return sorted(graph.objects(subject, predicate), key=order)


def _joined(parts: Iterable[Mapping[str, str]]) -> dict[str, str]:
    joined: dict[str, list[str]] = {}
    for part in parts:
        for code, text in part.items():
            joined.setdefault(code, []).append(text)
    return {code: "\n\n".join(texts) for code, texts in joined.items()}


def _codes(
    graph: Graph, subject: Node, predicate: URIRef, scheme: str, allowed: Collection[str]
) -> list[str]:
    values = []
    for node in graph.objects(subject, predicate):
        value = code_value(str(node), scheme)
        if value is None or value not in allowed:
            raise RecordRejected(
                _("%(value)s is not a value of IPDC's %(scheme)s code list.")
                % {"value": node, "scheme": scheme}
            )
        values.append(value)
    return sorted(set(values), key=list(allowed).index)


def _main_subject(graph: Graph) -> tuple[Node, URIRef]:
    for product_class in PRODUCT_CLASSES:
        subjects = sorted(graph.subjects(RDF.type, product_class), key=str)
        # A snapshot's subject versions another resource; nested nodes never do.
        if subjects:
            return subjects[0], product_class
    raise RecordRejected(
        _("No IPDC product in this record (InstancePublicService, ConceptualPublicService).")
    )


def _authorities(
    graph: Graph, subject: Node, predicate: URIRef, *, importer: str | None
) -> list[str]:
    """The record's authorities, its creator read as the importing municipality (the one
    that will publish it); only the municipality itself is stored as an empty list."""
    creator = graph.value(subject, PAV.createdBy)
    found = set()
    for node in graph.objects(subject, predicate):
        if not isinstance(node, URIRef):
            continue
        if node == creator:
            if importer:
                found.add(importer)
            continue
        found.add(str(node))
    return [] if found <= {importer} else sorted(found)


@dataclass
class MappedRecord:
    key: str
    kind: str
    archived: bool
    product_values: dict[str, Any]
    record_values: dict[str, Any]


def map_ipdc_record(*, graph: Graph, formal: bool, importer: str | None = None) -> MappedRecord:
    """IPDC terms → catalog fields; raises RecordRejected on anything it cannot map."""
    subject, product_class = _main_subject(graph)
    version_of = graph.value(subject, DCT.isVersionOf)
    key_node = version_of if version_of is not None else subject
    if isinstance(key_node, BNode):
        raise RecordRejected(_("The record has no IRI to recognise it by on a re-import."))
    key = str(key_node)
    kind = SourceKind.CONCEPT if product_class in CONCEPT_CLASSES else SourceKind.INSTANCE
    concept = key if kind == SourceKind.CONCEPT else str(graph.value(subject, DCT.source) or "")

    title = _plain(_lang_texts(graph, subject, DCT.title, formal=formal))
    if not title.get("nl"):
        raise RecordRejected(_("The record has no Dutch title (dct:title)."))
    evidence = []
    for requirement in _ordered(graph, subject, PS.hasRequirement):
        for proof in graph.objects(requirement, M8G.hasSupportingEvidence):
            evidence.append(_plain(_lang_texts(graph, proof, DCT.description, formal=formal)))
    costs = [
        _plain(_lang_texts(graph, cost, DCT.description, formal=formal))
        for cost in _ordered(graph, subject, M8G.hasCost)
    ]
    types = _codes(graph, subject, DCT.type, "Type", ProductType.values)
    if len(types) > 1:
        raise RecordRejected(_("A product has one type; the record gives several."))
    # Optional in IPDC-LPDC; Balie takes the first theme as the product's.
    themes = _codes(graph, subject, M8G.thematicArea, "Thema", Theme.values)
    keywords = sorted(
        {
            str(word)
            for word in graph.objects(subject, DCAT.keyword)
            if isinstance(word, Literal) and (word.language or "nl").lower().startswith("nl")
        }
    )
    number = graph.value(subject, SCHEMA.productID)
    modified = graph.value(subject, PROV.generatedAtTime) or graph.value(
        subject, SCHEMA.dateModified
    )
    archived = graph.value(subject, IPDC.isArchived)
    return MappedRecord(
        key=key,
        kind=kind,
        archived=bool(archived is not None and archived.toPython() is True),  # type: ignore[attr-defined]
        product_values={
            "title": title,
            "description": _plain(_lang_texts(graph, subject, DCT.description, formal=formal)),
            "what_to_bring": _joined(evidence),
            "cost": _joined(costs),
            "keywords": keywords,
            "ipdc_product_number": str(number) if number is not None else "",
            "ipdc_concept": concept,
            "product_type": types[0] if types else "",
            "theme": themes[0] if themes else "",
        },
        record_values={
            "source_iri": key,
            "source_kind": kind,
            "source_modified": modified.toPython() if isinstance(modified, Literal) else None,
            "target_audiences": _codes(
                graph, subject, IPDC.targetAudience, "Doelgroep", TARGET_AUDIENCES
            ),
            "competent_authority_levels": _codes(
                graph,
                subject,
                IPDC.competentAuthorityLevel,
                "BevoegdBestuursniveau",
                AUTHORITY_LEVELS,
            ),
            "executing_authority_levels": _codes(
                graph,
                subject,
                IPDC.executingAuthorityLevel,
                "UitvoerendBestuursniveau",
                EXECUTING_LEVELS,
            ),
            "competent_authorities": _authorities(
                graph, subject, M8G.hasCompetentAuthority, importer=importer
            ),
            "executing_authorities": _authorities(
                graph, subject, IPDC.hasExecutingAuthority, importer=importer
            ),
            "additional_description": _lang_texts(
                graph, subject, IPDC.additionalDescription, formal=formal
            ),
            "exception": _lang_texts(graph, subject, IPDC.exception, formal=formal),
            "regulation": _lang_texts(graph, subject, IPDC.regulation, formal=formal),
        },
    )


def _unique_slug(*, municipality: Municipality, title: str, number: str) -> str:
    stem = slugify(title)[:60].strip("-") or "product"
    if number:
        stem = f"{stem}-{number}"
    slug, suffix = stem, 2
    while Product.objects.filter(municipality=municipality, slug=slug).exists():
        slug, suffix = f"{stem}-{suffix}", suffix + 1
    return slug


def _describe(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(message for item in errors for message in item.messages)}"
            for name, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


def _find_product(*, municipality: Municipality, mapped: MappedRecord) -> Product | None:
    record = (
        ProductIpdcRecord.objects.filter(municipality=municipality, source_iri=mapped.key)
        .select_related("product")
        .first()
    )
    if record is not None:
        return record.product
    concept = mapped.product_values["ipdc_concept"]
    if concept:
        # A product made by hand for the same IPDC concept is the same product.
        return (
            Product.objects.filter(municipality=municipality, ipdc_concept=concept)
            .exclude(ipdc_record__source_iri__gt="")
            .order_by("pk")
            .first()
        )
    return None


def _import_one(*, municipality: Municipality, mapped: MappedRecord) -> str:
    """Create or update one product from one record; returns created/updated/unchanged."""
    product = _find_product(municipality=municipality, mapped=mapped)
    created = product is None
    if product is None:
        product = Product(
            municipality=municipality,
            slug=_unique_slug(
                municipality=municipality,
                title=mapped.product_values["title"]["nl"],
                number=mapped.product_values["ipdc_product_number"],
            ),
        )
    record = None if created else ProductIpdcRecord.objects.filter(product=product).first()
    incoming = mapped.record_values.get("source_modified")
    if (
        record is not None
        and record.source_modified is not None
        and isinstance(incoming, datetime)
        and incoming < record.source_modified
    ):
        # An older version than the one imported already (an LDES holds every version).
        return "unchanged"
    values = dict(mapped.product_values)
    record_values = dict(mapped.record_values)
    if not created and (record is None or record.source_kind == SourceKind.LOCAL):
        # A product made in Balie and linked to its IPDC record keeps its own texts, on
        # every import: IPDC only fills in what is missing. Products created by an import
        # follow their source.
        values = {name: value for name, value in values.items() if not getattr(product, name)}
        record_values["source_kind"] = SourceKind.LOCAL
    unchanged = not created and all(
        getattr(product, name) == value for name, value in values.items()
    )
    if record is not None:
        unchanged = unchanged and all(
            getattr(record, name) == value for name, value in record_values.items()
        )
    else:
        unchanged = False
    if unchanged:
        return "unchanged"
    for name, value in values.items():
        setattr(product, name, value)
    try:
        product.full_clean()
    except ValidationError as error:
        raise RecordRejected(_describe(error)) from error
    product.save()
    if record is None:
        record = ProductIpdcRecord(
            municipality=municipality,
            product=product,
            instance_uuid=default_instance_uuid(
                nis_code=municipality.nis_code, product_id=product.pk
            ),
        )
    for name, value in record_values.items():
        setattr(record, name, value)
    try:
        record.full_clean(exclude=["product", "municipality"])
    except ValidationError as error:
        raise RecordRejected(_describe(error)) from error
    record.save()
    return "created" if created else "updated"


def _jsonld_reason(error: JsonLdError) -> str:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, RemoteContextRefused):
            return _(
                "The record names the context %(url)s, which is neither one of IPDC-LPDC's "
                "official contexts nor Balie's; contexts are never fetched."
            ) % {"url": cause}
        # pyld chains its errors both ways: as details["cause"] and as __cause__.
        details = getattr(cause, "details", None)
        nested = details.get("cause") if isinstance(details, dict) else None
        cause = nested if isinstance(nested, BaseException) else cause.__cause__
    return _("Not valid JSON-LD: %(reason)s") % {"reason": getattr(error, "message", error)}


def _record_time(mapped: MappedRecord) -> datetime:
    moment = mapped.record_values.get("source_modified")
    return moment if isinstance(moment, datetime) else datetime.min.replace(tzinfo=UTC)


@dataclass
class _Candidate:
    position: int
    iri: str
    graph: Callable[[], Graph]


def _import_candidates(
    *, municipality: Municipality, candidates: Iterable[_Candidate], source: str = ""
) -> ImportReport:
    """Map every record, then import them oldest first, each in its own transaction."""
    report = ImportReport()
    importer = registered_organisation_iri(
        identifiers=get_organisation_identifiers(municipality=municipality)
    )
    mapped_records: list[tuple[int, MappedRecord]] = []
    for candidate in candidates:
        try:
            try:
                graph = candidate.graph()
            except JsonLdError as error:
                raise RecordRejected(_jsonld_reason(error)) from error
            mapped = map_ipdc_record(
                graph=graph, formal=municipality.formal_address, importer=importer
            )
        except RecordRejected as error:
            report.errors.append(
                RecordError(
                    position=candidate.position,
                    iri=candidate.iri,
                    reason=str(error),
                    source=source,
                )
            )
            continue
        mapped_records.append((candidate.position, mapped))
    # A page may hold several versions of one record: the newest must win.
    for position, mapped in sorted(mapped_records, key=lambda item: _record_time(item[1])):
        if mapped.archived:
            report.skipped.append(mapped.key)
            continue
        try:
            with transaction.atomic(), scope(municipality=municipality.pk):
                outcome = _import_one(municipality=municipality, mapped=mapped)
        except RecordRejected as error:
            report.errors.append(
                RecordError(position=position, iri=mapped.key, reason=str(error), source=source)
            )
            continue
        getattr(report, outcome).append(mapped.key)
    return report


def import_ipdc_records(
    *, municipality: Municipality, document: Any, source: str = ""
) -> ImportReport:
    """Load IPDC concept or instance records (JSON-LD) into the municipality's catalog.

    Each record is imported whole or not at all, in its own transaction; a bad record is
    reported with its reason and the others still go in. Records are recognised by their
    IPDC IRI (the versioned resource for snapshots), so importing again updates.
    """
    candidates = [
        _Candidate(
            position=position,
            iri=str(record.get("isVersionOf") or record.get("@id") or ""),
            graph=functools.partial(to_graph, record),
        )
        for position, record in enumerate(split_records(document), start=1)
    ]
    return _import_candidates(municipality=municipality, candidates=candidates, source=source)


def _record_graph(graph: Graph, subject: Node) -> Graph:
    """The subject and everything it reaches, except other product records."""
    products = {node for cls in PRODUCT_CLASSES for node in graph.subjects(RDF.type, cls)}
    record = Graph()
    todo, seen = [subject], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            record.add(triple)
            target = triple[2]
            if isinstance(target, BNode | URIRef) and target not in products:
                todo.append(target)
    return record


def import_ipdc_turtle(*, municipality: Municipality, text: str, source: str = "") -> ImportReport:
    """Load IPDC records written in Turtle: every product or snapshot subject is a record."""
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except Exception as error:  # noqa: BLE001 - rdflib raises many types for bad Turtle
        report = ImportReport()
        report.errors.append(
            RecordError(
                position=0,
                iri="",
                reason=_("Not valid Turtle: %(reason)s") % {"reason": error},
                source=source,
            )
        )
        return report
    subjects: list[Node] = []
    for product_class in PRODUCT_CLASSES:
        for subject in sorted(graph.subjects(RDF.type, product_class), key=str):
            if subject not in subjects:
                subjects.append(subject)
    candidates = [
        _Candidate(
            position=position,
            iri=str(graph.value(subject, DCT.isVersionOf) or subject),
            graph=functools.partial(_record_graph, graph, subject),
        )
        for position, subject in enumerate(subjects, start=1)
    ]
    return _import_candidates(municipality=municipality, candidates=candidates, source=source)


def merge_reports(into: ImportReport, other: ImportReport) -> None:
    for name in ("created", "updated", "unchanged", "skipped", "errors"):
        getattr(into, name).extend(getattr(other, name))


def linked_pages(document: Any) -> list[str]:
    """The pages an LDES page links to (``tree:relation`` / ``tree:node``)."""
    if not isinstance(document, dict):
        return []
    view_only = {key: value for key, value in document.items() if key != "member"}
    try:
        graph = to_graph(view_only)
    except JsonLdError:
        return []
    return sorted({str(node) for node in graph.objects(None, TREE.node)})


def import_ldes(
    *,
    municipality: Municipality,
    url: str,
    fetch: Callable[[str], Any],
    max_pages: int = 1000,
) -> ImportReport:
    """Import an LDES from one of its pages, following its relations to every other page.

    ``fetch`` returns a page's JSON document; every page is read once, and only pages on
    the starting page's host are followed.
    """
    origin = urlsplit(url)[:2]
    report = ImportReport()
    todo, seen = [url], set[str]()
    while todo and len(seen) < max_pages:
        page = todo.pop(0)
        if page in seen:
            continue
        seen.add(page)
        document = fetch(page)
        merge_reports(
            report, import_ipdc_records(municipality=municipality, document=document, source=page)
        )
        todo.extend(
            link
            for link in linked_pages(document)
            if link not in seen and urlsplit(link)[:2] == origin
        )
    return report
