# SPDX-License-Identifier: EUPL-1.2
"""Read IPDC concept documents into the shared concept library.

The only place the back office touches the OSLO integration: it reuses the import's public
record splitting and mapping, so a concept reads the same here as in ``import_ipdc``.
"""

from collections.abc import Sequence
from typing import Any

from balie.catalog.services import ConceptRecord
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.services import RecordRejected, map_ipdc_record, split_records


def read_concept_document(*, document: Any) -> tuple[list[ConceptRecord], list[str]]:
    """The concepts a JSON-LD document holds, and one reason per record that was refused."""
    records: list[ConceptRecord] = []
    refused: list[str] = []
    for position, record in enumerate(split_records(document), start=1):
        try:
            graph = to_graph(record)
            formal = map_ipdc_record(graph=graph, formal=True)
            informal = map_ipdc_record(graph=graph, formal=False)
        except (RecordRejected, ValueError) as error:
            refused.append(f"{position}: {error}")
            continue
        if formal.archived:
            continue
        records.append(
            ConceptRecord(
                iri=formal.key,
                product_number=formal.product_values.get("ipdc_product_number", ""),
                values_formal=_plain_values(formal.product_values),
                values_informal=_plain_values(informal.product_values),
            )
        )
    return records, refused


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    keep: Sequence[str] = (
        "title",
        "description",
        "what_to_bring",
        "cost",
        "keywords",
        "product_type",
        "theme",
    )
    return {name: values[name] for name in keep if name in values}
