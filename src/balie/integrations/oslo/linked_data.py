# SPDX-License-Identifier: EUPL-1.2
"""JSON-LD processing without the network: contexts resolve to files shipped with Balie.

pyld fetches every remote ``@context`` through a document loader. The one here answers
only for Balie's versioned contexts (``…/ns/<name>/v<version>.jsonld`` on any host, since
the same file is served under each municipality's domain) and for IPDC-LPDC's official
contexts, recognised by their file name (``ipdc-lpdc-im.jsonld``, ``ldes.jsonld``) on any
host, because every IPDC and LPDC feed serves its own copy of them. It refuses everything
else, so a document naming an unknown context fails instead of reaching out at run time.
"""

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyld import jsonld
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from balie.integrations.oslo.vocabulary import (
    AK,
    CONTEXTS,
    context_path,
)

CONTEXT_URL_PATTERN = re.compile(r"/ns/(?P<name>[a-z0-9-]+)/v(?P<version>\d+)\.jsonld$")
OFFICIAL_CONTEXT_DIR = Path(__file__).resolve().parent / "official" / "contexts"
# The official contexts, in the order IPDC's and LPDC's feeds list them.
OFFICIAL_CONTEXTS = ("ipdc-lpdc-im.jsonld", "ldes.jsonld")

PREFIXES = {
    "ipdc": "https://productencatalogus.data.vlaanderen.be/ns/ipdc-lpdc#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "m8g": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "pav": "http://purl.org/pav/",
    "ps": "http://vocab.belgif.be/ns/publicservice#",
    "locn": "http://www.w3.org/ns/locn#",
    "adres": "https://data.vlaanderen.be/ns/adres#",
    "org": "http://www.w3.org/ns/org#",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "person": "http://www.w3.org/ns/person#",
    "cj": "https://data.vlaanderen.be/ns/cultuur-en-jeugd/infrastructuur#",
    "ldes": "https://w3id.org/ldes#",
    "tree": "https://w3id.org/tree#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "ak": str(AK),
}


class RemoteContextRefused(Exception):
    """A document names a context Balie does not ship; nothing is fetched."""


@lru_cache(maxsize=8)
def read_context(*, name: str, version: int) -> dict[str, Any] | None:
    path = context_path(name=name, version=version)
    if path is None:
        return None
    context: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return context


@lru_cache(maxsize=4)
def read_official_context(name: str) -> dict[str, Any] | None:
    if name not in OFFICIAL_CONTEXTS:
        return None
    context: dict[str, Any] = json.loads((OFFICIAL_CONTEXT_DIR / name).read_text(encoding="utf-8"))
    return context


def context_url(*, base: str, name: str, version: int = 1) -> str:
    return f"{base}/ns/{name}/v{version}.jsonld"


def official_context_url(*, base: str, name: str) -> str:
    return f"{base}/ns/{name}"


def load_document(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that serves known contexts from disk and refuses the rest."""
    path = url.split("?")[0].split("#")[0]
    match = CONTEXT_URL_PATTERN.search(path)
    document = None
    if match and int(match["version"]) in CONTEXTS.get(match["name"], ()):
        document = read_context(name=match["name"], version=int(match["version"]))
    elif path.startswith(("http://", "https://")):
        document = read_official_context(path.rsplit("/", 1)[-1])
    if document is not None:
        return {"contextUrl": None, "documentUrl": url, "document": document}
    raise jsonld.JsonLdError(
        f"Refusing to fetch {url}: only Balie's own and IPDC-LPDC's official contexts are "
        "resolved.",
        "jsonld.LoadDocumentError",
        {"url": url, "cause": RemoteContextRefused(url)},
        code="loading remote context failed",
    )


def expand(document: dict[str, Any] | list[Any]) -> list[dict[str, Any]]:
    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": load_document})
    return expanded


def to_graph(document: dict[str, Any] | list[Any]) -> Graph:
    """The RDF graph of a JSON-LD document (pyld for JSON-LD, rdflib for the rest)."""
    nquads = jsonld.to_rdf(
        document, {"format": "application/n-quads", "documentLoader": load_document}
    )
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    if nquads:
        # Balie's documents have only a default graph, so the N-Quads are N-Triples.
        graph.parse(data=nquads, format="nt")
    return graph


def to_turtle(document: dict[str, Any] | list[Any]) -> str:
    return to_graph(document).serialize(format="turtle")


def to_ntriples(document: dict[str, Any] | list[Any]) -> str:
    return to_graph(document).serialize(format="nt")


def canonical_ntriples(graph: Graph) -> str:
    """Sorted N-Triples with blank nodes relabelled canonically, for golden-file tests."""
    canonical = to_canonical_graph(graph)
    lines = canonical.serialize(format="nt").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"
