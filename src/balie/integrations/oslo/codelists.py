# SPDX-License-Identifier: EUPL-1.2
"""IPDC-LPDC's official code lists, read from the vendored copies in ``official/``.

Areas are looked up, never computed: a LAU code is not always NUTS 3 + NIS code (merged
municipalities moved arrondissement), and LPDC refuses codes that have expired.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS, TIME

OFFICIAL_DIR = Path(__file__).resolve().parent / "official"
CODE_LIST_DIR = OFFICIAL_DIR / "codelijsten"
AREA_LIST = CODE_LIST_DIR / "geografisch-toepassingsgebied.ttl"


@dataclass(frozen=True)
class Area:
    iri: str
    notation: str
    label: str
    begins: date | None
    ends: date | None

    def active_on(self, day: date) -> bool:
        return (self.begins is None or self.begins <= day) and (
            self.ends is None or day <= self.ends
        )


@lru_cache(maxsize=1)
def code_lists() -> Graph:
    """Every official code list in one graph (also the data the SHACL shape checks against)."""
    graph = Graph()
    for path in sorted(CODE_LIST_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _date(value: object) -> date | None:
    if isinstance(value, Literal) and isinstance(value.toPython(), date):
        return value.toPython()  # type: ignore[no-any-return]
    return None


@lru_cache(maxsize=1)
def areas() -> dict[str, Area]:
    """IRI → area, for every concept of the NUTS/LAU list."""
    graph = Graph().parse(AREA_LIST, format="turtle")
    result = {}
    for subject in graph.subjects(RDF.type, SKOS.Concept):
        notation = graph.value(subject, SKOS.notation)
        label = graph.value(subject, SKOS.prefLabel)
        result[str(subject)] = Area(
            iri=str(subject),
            notation=str(notation or ""),
            label=str(label or ""),
            begins=_date(graph.value(subject, TIME.hasBeginning)),
            ends=_date(graph.value(subject, TIME.hasEnd)),
        )
    return result


def area(iri: str) -> Area | None:
    return areas().get(iri)


def area_for_nis_code(*, nis_code: str, on: date) -> Area | None:
    """The municipality's LAU area in force on ``on``, looked up by its NIS code."""
    matches = [row for row in areas().values() if row.notation == nis_code and row.active_on(on)]
    return matches[0] if len(matches) == 1 else None


def in_code_list(iri: str) -> bool:
    return (URIRef(iri), RDF.type, SKOS.Concept) in code_lists()
