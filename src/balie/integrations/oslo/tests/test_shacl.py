# SPDX-License-Identifier: EUPL-1.2
"""Exported products conform to IPDC-LPDC's official instance shape; gaps are caught."""

from django_scopes import scopes_disabled

from balie.catalog.models import Product
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.selectors import get_catalog
from balie.integrations.oslo.serializers import serialize_catalog
from balie.integrations.oslo.tests.conftest import BASE, TODAY, Town, what_lpdc_knows
from balie.integrations.oslo.validation import validate_instances


def export_graph(town: Town):
    catalog = get_catalog(municipality=town.municipality, today=TODAY)
    return to_graph(serialize_catalog(catalog=catalog, base=BASE))


def test_catalog_export_conforms_to_the_instance_shape(town: Town) -> None:
    report = validate_instances(graph=export_graph(town), known=what_lpdc_knows(town))
    assert report.conforms, report.text


def test_missing_description_fails_validation(town: Town) -> None:
    # Given a product without a description, which IPDC requires
    with scopes_disabled():
        Product.objects.filter(pk=town.passport.pk).update(description={})
    # When the catalog is validated
    report = validate_instances(graph=export_graph(town), known=what_lpdc_knows(town))
    # Then it does not conform, and the report names the missing field
    assert not report.conforms
    assert report.paths == {"http://purl.org/dc/terms/description"}


def test_wrong_code_list_value_fails_validation(town: Town) -> None:
    # Given a product type outside IPDC's code list (bypassing the model's choices)
    with scopes_disabled():
        Product.objects.filter(pk=town.eid.pk).update(product_type="Vergunning")
    report = validate_instances(graph=export_graph(town), known=what_lpdc_knows(town))
    assert not report.conforms
    assert "Type/Vergunning" in report.text
