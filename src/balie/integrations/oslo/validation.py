# SPDX-License-Identifier: EUPL-1.2
"""SHACL validation of exported products against Balie's IPDC-LPDC instance shapes."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph

SHAPES_PATH = Path(__file__).resolve().parent / "shapes" / "instance-shape-v1.ttl"


@dataclass(frozen=True)
class ShaclReport:
    conforms: bool
    text: str


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def validate_instances(*, graph: Graph) -> ShaclReport:
    """Check every cpsv:PublicService (and every snapshot) in ``graph``."""
    conforms, _report_graph, text = validate(
        graph, shacl_graph=_shapes(), inference="none", allow_warnings=False
    )
    return ShaclReport(conforms=bool(conforms), text=str(text))
