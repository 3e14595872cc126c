# SPDX-License-Identifier: EUPL-1.2
"""Move a visit's products from the JSON lists into VisitItem rows, and back on reverse.

The JSON held [{"product": id, "quantity": n}, ...] on the reservation (the citizen's order)
and the same shape on each leg (the products that leg serves). An id whose product was
already deleted (the old cascade) cannot become a protected row and is left out; so are
entries that are not an id with a positive quantity, and a second entry for one product.
"""

from django.db import migrations

_CHUNK = 2000
_MAX_QUANTITY = 32767  # PositiveSmallIntegerField


def _pairs(items):  # noqa: ANN001, ANN202
    seen = set()
    for item in items if isinstance(items, list) else ():
        try:
            product_id = int(item["product"])
            quantity = int(item.get("quantity", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if quantity < 1 or product_id in seen:
            continue
        seen.add(product_id)
        yield product_id, min(quantity, _MAX_QUANTITY)


def fill(apps, schema_editor):  # noqa: ANN001
    Reservation = apps.get_model("booking", "Reservation")
    Leg = apps.get_model("booking", "Leg")
    VisitItem = apps.get_model("booking", "VisitItem")
    Product = apps.get_model("catalog", "Product")
    known = set(Product.objects.values_list("pk", flat=True))
    ids = list(Reservation.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        leg_of = {}
        for leg_id, reservation_id, items in Leg.objects.filter(
            reservation_id__in=chunk
        ).values_list("pk", "reservation_id", "items"):
            for product_id, _quantity in _pairs(items):
                leg_of[(reservation_id, product_id)] = leg_id
        rows = []
        for pk, municipality_id, items in Reservation.objects.filter(pk__in=chunk).values_list(
            "pk", "municipality_id", "items"
        ):
            for position, (product_id, quantity) in enumerate(_pairs(items)):
                if product_id not in known:
                    continue
                rows.append(
                    VisitItem(
                        municipality_id=municipality_id,
                        reservation_id=pk,
                        leg_id=leg_of.get((pk, product_id)),
                        product_id=product_id,
                        quantity=quantity,
                        position=position,
                    )
                )
        VisitItem.objects.bulk_create(rows)


def empty(apps, schema_editor):  # noqa: ANN001
    Reservation = apps.get_model("booking", "Reservation")
    Leg = apps.get_model("booking", "Leg")
    VisitItem = apps.get_model("booking", "VisitItem")
    ids = list(Reservation.objects.order_by("pk").values_list("pk", flat=True))
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        by_reservation, by_leg = {}, {}
        for reservation_id, leg_id, product_id, quantity in (
            VisitItem.objects.filter(reservation_id__in=chunk)
            .order_by("reservation_id", "position", "pk")
            .values_list("reservation_id", "leg_id", "product_id", "quantity")
        ):
            item = {"product": product_id, "quantity": quantity}
            by_reservation.setdefault(reservation_id, []).append(item)
            if leg_id is not None:
                by_leg.setdefault(leg_id, []).append(item)
        reservations = list(Reservation.objects.filter(pk__in=chunk).only("pk"))
        for reservation in reservations:
            reservation.items = by_reservation.get(reservation.pk, [])
        Reservation.objects.bulk_update(reservations, ["items"])
        legs = list(Leg.objects.filter(reservation_id__in=chunk).only("pk"))
        for leg in legs:
            leg.items = by_leg.get(leg.pk, [])
        Leg.objects.bulk_update(legs, ["items"])
        # The rows go with the forward step, so that migrating forward again starts clean.
        VisitItem.objects.filter(reservation_id__in=chunk).delete()


class Migration(migrations.Migration):
    dependencies = [("booking", "0006_visit_items")]

    operations = [migrations.RunPython(fill, empty)]
