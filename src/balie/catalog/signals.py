# SPDX-License-Identifier: EUPL-1.2
"""Cache invalidation: any change to the catalog or its calendar bumps the version.

Signals are used only for this decoupled side effect; bulk writes (``bulk_create``,
``QuerySet.update``) bypass them and must call ``bump_catalog_version`` themselves.
"""

from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.tenants.models import Municipality
from balie.tenants.selectors import note_municipality_change

CATALOG_MODELS = (Location, Counter, Product, CounterService, OpeningHours, ClosingDay)


def bump_catalog_version(*, municipality_id: int) -> None:
    Municipality.objects.filter(pk=municipality_id).update(
        catalog_version=F("catalog_version") + 1
    )
    # An update sends no signal: processes that keep the municipality's row must hear it.
    slug = Municipality.objects.filter(pk=municipality_id).values_list("slug", flat=True).first()
    if slug is not None:
        note_municipality_change(slug=slug)


def _on_catalog_change(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures load rows as they are
    bump_catalog_version(municipality_id=instance.municipality_id)


def connect() -> None:
    for model in CATALOG_MODELS:
        post_save.connect(_on_catalog_change, sender=model, dispatch_uid=f"catalog-{model}")
        post_delete.connect(_on_catalog_change, sender=model, dispatch_uid=f"catalog-del-{model}")
