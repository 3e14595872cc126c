# SPDX-License-Identifier: EUPL-1.2
"""Why a product cannot be deleted: the appointments that name it.

Appointments live in booking, a layer above the catalog, so booking registers the count
here when it starts (``register_product_use``) and the catalog's admin asks without
importing booking.
"""

from collections.abc import Callable
from dataclasses import dataclass

from balie.catalog.models import Product


@dataclass(frozen=True)
class ProductUse:
    """How many appointments (held or confirmed) name a product, from now on and before."""

    future: int = 0
    past: int = 0

    @property
    def any(self) -> bool:
        return bool(self.future or self.past)


_counters: list[Callable[[Product], ProductUse]] = []


def register_product_use(counter: Callable[[Product], ProductUse]) -> None:
    if counter not in _counters:
        _counters.append(counter)


def count_product_use(*, product: Product) -> ProductUse:
    future = past = 0
    for counter in _counters:
        use = counter(product)
        future, past = future + use.future, past + use.past
    return ProductUse(future=future, past=past)


def stop_online_booking(*, product: Product) -> None:
    """What to do instead of deleting a product with appointments: citizens no longer see
    it, staff can still book it, and every appointment keeps showing its name."""
    product.online_bookable = False
    product.save(update_fields=["online_bookable", "updated_at"])
