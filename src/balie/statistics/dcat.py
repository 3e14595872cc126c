# SPDX-License-Identifier: EUPL-1.2
"""DCAT-AP descriptions of the open data, and the daily figures as RDF Data Cube.

One ``dcat:Dataset`` per municipality with three distributions (CSV, Turtle, the API),
gathered in one ``dcat:Catalog`` for Flanders. Code lists are the EU Publications Office
authority tables DCAT-AP asks for; the licence is the Flemish free-reuse model licence.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from balie.statistics.selectors import OpenDataRow, Period
from balie.tenants.models import Municipality

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
# Balie's own statistics terms, next to its appointment vocabulary on w3id.org.
STAT = Namespace("https://w3id.org/balie/ns/statistiek#")
AUTHORITY = "http://publications.europa.eu/resource/authority/"
LICENCE = URIRef("https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0")
DAILY = URIRef(AUTHORITY + "frequency/DAILY")
THEME = URIRef(AUTHORITY + "data-theme/GOVE")
DUTCH = URIRef(AUTHORITY + "language/NLD")
REFNIS = "http://vocab.belgif.be/auth/refnis2019/"

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "vcard": VCARD,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "stat": STAT,
    "xsd": XSD,
}

TITLES = {
    "nl": "Afspraken aan de loketten van %(name)s, per dag",
    "fr": "Rendez-vous aux guichets de %(name)s, par jour",
    "en": "Appointments at the counters of %(name)s, per day",
    "de": "Termine an den Schaltern von %(name)s, pro Tag",
}
DESCRIPTIONS = {
    "nl": "Per dag, locatie en product: afspraken, annuleringen, klanten zonder afspraak, "
    "het aandeel niet opgedaagd en de tijd tot de eerste vrije afspraak. Aantallen van 1 tot "
    "%(min)s worden weggelaten zodat niemand herkenbaar is. Geen persoonsgegevens.",
    "fr": "Par jour, site et produit : rendez-vous, annulations, visiteurs sans rendez-vous, "
    "taux d'absence et délai jusqu'au premier rendez-vous libre. Les nombres de 1 à %(min)s "
    "sont omis pour que personne ne soit reconnaissable. Aucune donnée personnelle.",
    "en": "Per day, location and product: appointments, cancellations, walk-ins, the "
    "no-show rate and the time to the first free appointment. Counts from 1 to %(min)s are "
    "left out so that nobody can be singled out. No personal data.",
    "de": "Pro Tag, Standort und Produkt: Termine, Absagen, Besucher ohne Termin, "
    "Nichterscheinungsquote und Zeit bis zum ersten freien Termin. Zahlen von 1 bis %(min)s "
    "werden weggelassen, damit niemand erkennbar ist. Keine personenbezogenen Daten.",
}
CATALOG_TITLES = {
    "nl": "Open data van Balie, het afsprakenplatform van de Vlaamse gemeenten",
    "en": "Open data of Balie, the appointment platform of Flemish municipalities",
}


@dataclass(frozen=True)
class DistributionSpec:
    key: str
    extension: str
    media_type: str
    file_type: str
    titles: dict[str, str]


DISTRIBUTIONS = (
    DistributionSpec("csv", "csv", "text/csv", "CSV", {"nl": "CSV-bestand", "en": "CSV file"}),
    DistributionSpec(
        "turtle",
        "ttl",
        "text/turtle",
        "RDF_TURTLE",
        {"nl": "Linked data (RDF Data Cube, Turtle)", "en": "Linked data (RDF Data Cube, Turtle)"},
    ),
)
API_TITLES = {"nl": "REST-API (JSON)", "en": "REST API (JSON)"}


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def dataset_page(*, base: str, municipality: Municipality) -> str:
    return base + reverse("statistics:dataset", kwargs={"municipality_slug": municipality.slug})


def dataset_iri(*, base: str, municipality: Municipality) -> URIRef:
    return URIRef(dataset_page(base=base, municipality=municipality) + "#dataset")


def daily_url(*, base: str, municipality: Municipality, extension: str) -> str:
    return base + reverse(
        "statistics:daily",
        kwargs={"municipality_slug": municipality.slug, "extension": extension},
    )


def api_url(*, base: str, municipality: Municipality) -> str:
    return base + reverse(
        "api:statistics-open-data", kwargs={"municipality_slug": municipality.slug}
    )


def _texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    for language, text in texts.items():
        graph.add((subject, predicate, Literal(text, lang=language)))


def _describe_dataset(
    graph: Graph,
    *,
    base: str,
    municipality: Municipality,
    span: Period | None,
    min_count: int,
) -> URIRef:
    page = dataset_page(base=base, municipality=municipality)
    dataset = dataset_iri(base=base, municipality=municipality)
    publisher = URIRef(page + "#publisher")
    contact = URIRef(page + "#contact")
    name = {"name": municipality.name}
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, RDF.type, QB.DataSet))
    _texts(graph, dataset, DCTERMS.title, {k: v % name for k, v in TITLES.items()})
    _texts(
        graph,
        dataset,
        DCTERMS.description,
        {k: v % {"min": min_count - 1} for k, v in DESCRIPTIONS.items()},
    )
    graph.add((dataset, DCTERMS.identifier, Literal(f"balie-statistics-{municipality.nis_code}")))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.license, LICENCE))
    graph.add((dataset, DCTERMS.accrualPeriodicity, DAILY))
    graph.add((dataset, DCAT.theme, THEME))
    graph.add((dataset, DCTERMS.language, DUTCH))
    graph.add((dataset, DCTERMS.spatial, URIRef(REFNIS + municipality.nis_code)))
    graph.add((dataset, DCAT.landingPage, URIRef(page)))
    graph.add((dataset, DCAT.contactPoint, contact))
    for keyword in ("afspraken", "loket", "wachttijd", "dienstverlening"):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="nl")))
    graph.add((dataset, DCTERMS.modified, Literal(timezone.now().date(), datatype=XSD.date)))
    if span is not None:
        period = BNode()
        graph.add((dataset, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(span.first_day, datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(span.last_day, datatype=XSD.date)))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(municipality.name, lang="nl")))
    graph.add((publisher, DCTERMS.spatial, URIRef(REFNIS + municipality.nis_code)))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(municipality.name)))
    graph.add((contact, VCARD.hasURL, URIRef(municipality.website or page)))
    for spec in DISTRIBUTIONS:
        distribution = URIRef(f"{page}#{spec.key}")
        url = URIRef(daily_url(base=base, municipality=municipality, extension=spec.extension))
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        _texts(graph, distribution, DCTERMS.title, spec.titles)
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add(
            (
                distribution,
                DCAT.mediaType,
                URIRef(f"http://www.iana.org/assignments/media-types/{spec.media_type}"),
            )
        )
        graph.add(
            (distribution, DCTERMS["format"], URIRef(AUTHORITY + "file-type/" + spec.file_type))
        )
        graph.add((distribution, DCTERMS.license, LICENCE))
    distribution = URIRef(page + "#api")
    service = URIRef(page + "#api-service")
    endpoint = URIRef(api_url(base=base, municipality=municipality))
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    _texts(graph, distribution, DCTERMS.title, API_TITLES)
    graph.add((distribution, DCAT.accessURL, endpoint))
    graph.add((distribution, DCAT.accessService, service))
    graph.add(
        (
            distribution,
            DCAT.mediaType,
            URIRef("http://www.iana.org/assignments/media-types/application/json"),
        )
    )
    graph.add((distribution, DCTERMS["format"], URIRef(AUTHORITY + "file-type/JSON")))
    graph.add((distribution, DCTERMS.license, LICENCE))
    graph.add((service, RDF.type, DCAT.DataService))
    _texts(graph, service, DCTERMS.title, API_TITLES)
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.endpointDescription, URIRef(base + reverse("api:schema"))))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.license, LICENCE))
    return dataset


def build_dataset_graph(
    *, base: str, municipality: Municipality, span: Period | None, min_count: int
) -> Graph:
    graph = _graph()
    _describe_dataset(graph, base=base, municipality=municipality, span=span, min_count=min_count)
    return graph


def build_catalog_graph(
    *,
    base: str,
    datasets: Iterable[tuple[Municipality, Period | None]],
    min_count: int,
) -> Graph:
    graph = _graph()
    catalog = URIRef(base + reverse("statistics:catalog") + "#catalog")
    publisher = URIRef(base + reverse("statistics:catalog") + "#publisher")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    _texts(graph, catalog, DCTERMS.title, CATALOG_TITLES)
    _texts(
        graph,
        catalog,
        DCTERMS.description,
        {
            "nl": "Dagelijkse cijfers van elke gemeente die Balie gebruikt.",
            "en": "Daily figures of every municipality that uses Balie.",
        },
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, LICENCE))
    graph.add((catalog, DCTERMS.language, DUTCH))
    graph.add((catalog, FOAF.homepage, URIRef(base + reverse("statistics:catalog"))))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal("Balie", lang="nl")))
    for municipality, span in datasets:
        dataset = _describe_dataset(
            graph, base=base, municipality=municipality, span=span, min_count=min_count
        )
        graph.add((catalog, DCAT.dataset, dataset))
    return graph


# --- the figures themselves as Turtle, streamed -------------------------------------------

_MEASURES = (
    ("appointments", STAT.appointments, XSD.integer),
    ("cancellations", STAT.cancellations, XSD.integer),
    ("walk_ins", STAT.walkIns, XSD.integer),
    ("no_show_rate", STAT.noShowRate, XSD.decimal),
    ("first_free_minutes", STAT.firstFreeMinutes, XSD.integer),
)


def iter_turtle(
    rows: Iterable[OpenDataRow], *, base: str, municipality: Municipality
) -> Iterator[str]:
    """One ``qb:Observation`` per row; a suppressed figure is simply absent."""
    for prefix, namespace in PREFIXES.items():
        yield f"@prefix {prefix}: <{namespace}> .\n"
    dataset = dataset_iri(base=base, municipality=municipality).n3()
    page = dataset_page(base=base, municipality=municipality)
    catalog_base = f"{base}/{municipality.slug}/catalog"
    for row in rows:
        subject = URIRef(f"{page}#obs-{row.day}-{row.location_slug}-{row.product_slug}")
        lines = [
            f"\n{subject.n3()} a qb:Observation ;",
            f"  qb:dataSet {dataset} ;",
            f"  sdmx-dimension:refPeriod {_date(row.day)} ;",
            f"  stat:location <{catalog_base}/locations/{row.location_slug}/> ;",
            f"  stat:product <{catalog_base}/products/{row.product_slug}/>",
        ]
        for attribute, predicate, datatype in _MEASURES:
            value = getattr(row, attribute)
            if value is not None:
                lines[-1] += " ;"
                lines.append(
                    f"  stat:{predicate.removeprefix(str(STAT))} "
                    f"{Literal(value, datatype=datatype).n3()}"
                )
        yield "\n".join(lines) + " .\n"


def _date(day: date) -> str:
    return Literal(day, datatype=XSD.date).n3()
