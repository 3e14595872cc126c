# SPDX-License-Identifier: EUPL-1.2
"""SHACL validation against IPDC-LPDC's official instance shape and code lists.

The shape targets ``ipdc:InstancePublicServiceSnapshot`` (the LDES members); for Balie's
catalog dump, whose products are ``ipdc:InstancePublicService``, the same node shape is
also targeted at that class. The code lists go into the data graph, since the shape checks
``sh:class skos:Concept`` on every coded value.
"""

from dataclasses import dataclass
from functools import lru_cache

from pyshacl import validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from balie.integrations.oslo.codelists import OFFICIAL_DIR, code_lists
from balie.integrations.oslo.vocabulary import IPDC, LANGUAGE_AUTHORITY, LANGUAGE_CODES

SHAPES_PATH = OFFICIAL_DIR / "shapes" / "instantie-shape.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
OSS = Namespace(
    "https://data.vlaanderen.be/doc/implementatiemodel/ipdc-lpdc/ontwerpstandaard/2024-01-11#"
)


@dataclass(frozen=True)
class ShaclReport:
    conforms: bool
    violations: int
    text: str
    # The property paths of the violations, as full IRIs.
    paths: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    graph = Graph().parse(SHAPES_PATH, format="turtle")
    graph.add((OSS.InstancePublicServiceShape, SH.targetClass, IPDC.InstancePublicService))
    return graph


def validate_instances(*, graph: Graph, known: Graph | None = None) -> ShaclReport:
    """Check every instance and snapshot in ``graph`` with the official shape.

    ``known`` holds what LPDC's own store knows and the feed does not repeat: the
    organisations (typed ``m8g:PublicOrganisation``) and IPDC's concepts.
    """
    data = Graph()
    data += graph
    data += code_lists()
    data += _eu_languages()
    if known is not None:
        data += known
    conforms, report_graph, text = validate(
        data, shacl_graph=_shapes(), inference="none", allow_warnings=False
    )
    results = set(report_graph.subjects(RDF.type, SH.ValidationResult))
    paths = frozenset(
        str(path) for result in results for path in report_graph.objects(result, SH.resultPath)
    )
    return ShaclReport(
        conforms=bool(conforms), violations=len(results), text=str(text), paths=paths
    )


def _eu_languages() -> Graph:
    """The four languages of the EU language authority table IPDC uses for ``dct:language``
    (publications.europa.eu/resource/authority/language), as SKOS concepts: that table is
    not among IPDC's code lists but LPDC's store holds it."""
    graph = Graph()
    for code in LANGUAGE_CODES.values():
        graph.add((URIRef(f"{LANGUAGE_AUTHORITY}{code}"), RDF.type, SKOS.Concept))
    return graph


def known_organisations(*iris: str) -> Graph:
    """Organisations as LBLOD's or the OVO register's data types them."""
    graph = Graph()
    for iri in iris:
        graph.add((URIRef(iri), RDF.type, URIRef("http://data.europa.eu/m8g/PublicOrganisation")))
    return graph
