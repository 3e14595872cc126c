# SPDX-License-Identifier: EUPL-1.2
"""Keep the LDES feed current: a change to what a product's record shows marks the product,
and its snapshot is recomputed once, after the transaction commits.

Batching per transaction matters: the demo loader saves hundreds of rows in one
transaction, and each product should be serialized once, not once per row.
"""

import threading
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django_scopes import scopes_disabled

from balie.catalog.models import CounterService, Location, OpeningHours, Product
from balie.integrations.oslo.models import OrganisationIdentifiers, ProductIpdcRecord
from balie.integrations.oslo.services import (
    PublishingRefused,
    archive_product_snapshot,
    record_product_snapshots,
)
from balie.tenants.models import Municipality

_pending = threading.local()


def _flush() -> None:
    marked: dict[int, set[int]] = getattr(_pending, "products", {})
    _pending.products = {}
    with scopes_disabled():
        municipalities = Municipality.objects.in_bulk(list(marked))
        for municipality_id, product_ids in sorted(marked.items()):
            municipality = municipalities.get(municipality_id)
            if municipality is None:
                continue
            try:
                record_product_snapshots(municipality=municipality, product_ids=product_ids)
            except PublishingRefused:
                # Not yet publishable (no LBLOD/OVO id); setting it re-snapshots every product.
                continue


def mark_products_changed(*, municipality_id: int, product_ids: Iterable[int]) -> None:
    ids = set(product_ids)
    if not ids:
        return
    if not hasattr(_pending, "products"):
        _pending.products = {}
    _pending.products.setdefault(municipality_id, set()).update(ids)
    # Outside a transaction on_commit runs at once; inside, after the outermost commit.
    # A rolled-back transaction drops the callback but leaves the marks, which the next
    # flush recomputes harmlessly: unchanged records produce no snapshot.
    transaction.on_commit(_flush)


def _product_ids_at_counters(counter_ids: Iterable[int]) -> set[int]:
    with scopes_disabled():
        return set(
            CounterService.objects.filter(counter_id__in=list(counter_ids)).values_list(
                "product_id", flat=True
            )
        )


@receiver(post_save, sender=Product, dispatch_uid="oslo_product_saved")
def product_saved(sender: type, instance: Product, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_products_changed(municipality_id=instance.municipality_id, product_ids=[instance.pk])


@receiver(pre_delete, sender=Product, dispatch_uid="oslo_product_deleted")
def product_deleted(sender: type, instance: Product, **kwargs: Any) -> None:
    origin = kwargs.get("origin")
    origin_model = getattr(origin, "model", type(origin))
    # When the whole municipality goes, its feed goes with it; a snapshot written now
    # would point at a municipality that is being deleted.
    if origin_model is Municipality:
        return
    # Before the delete, while the product's record still tells its instance IRI.
    archive_product_snapshot(product=instance)


@receiver(post_save, sender=ProductIpdcRecord, dispatch_uid="oslo_record_saved")
def record_saved(
    sender: type, instance: ProductIpdcRecord, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        mark_products_changed(
            municipality_id=instance.municipality_id, product_ids=[instance.product_id]
        )


@receiver(post_save, sender=CounterService, dispatch_uid="oslo_service_saved")
@receiver(post_delete, sender=CounterService, dispatch_uid="oslo_service_deleted")
def service_changed(
    sender: type, instance: CounterService, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        mark_products_changed(
            municipality_id=instance.municipality_id, product_ids=[instance.product_id]
        )


@receiver(post_save, sender=OpeningHours, dispatch_uid="oslo_hours_saved")
@receiver(post_delete, sender=OpeningHours, dispatch_uid="oslo_hours_deleted")
def hours_changed(sender: type, instance: OpeningHours, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_products_changed(
            municipality_id=instance.municipality_id,
            product_ids=_product_ids_at_counters([instance.counter_id]),
        )


@receiver(post_save, sender=Location, dispatch_uid="oslo_location_saved")
def location_saved(sender: type, instance: Location, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        with scopes_disabled():
            counter_ids = list(instance.counters.values_list("pk", flat=True))
        mark_products_changed(
            municipality_id=instance.municipality_id,
            product_ids=_product_ids_at_counters(counter_ids),
        )


@receiver(post_save, sender=OrganisationIdentifiers, dispatch_uid="oslo_identifiers_saved")
def identifiers_saved(
    sender: type, instance: OrganisationIdentifiers, raw: bool = False, **kwargs: Any
) -> None:
    # Every snapshot names the municipality: new identifiers mean a new version of each.
    if not raw:
        with scopes_disabled():
            product_ids = list(
                Product.objects.filter(municipality_id=instance.municipality_id).values_list(
                    "pk", flat=True
                )
            )
        mark_products_changed(municipality_id=instance.municipality_id, product_ids=product_ids)
