# SPDX-License-Identifier: EUPL-1.2
"""Versioned event payloads; docs/webhooks.md describes them field by field.

Only what the subscription's scope allows leaves Balie; the national register number never
does, whatever the scope.
"""

from typing import Any

from django.utils import timezone

from balie.booking.models import Reservation
from balie.booking.selectors import get_visit_products
from balie.webhooks.models import PayloadScope

PAYLOAD_VERSION = 1


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _visit_products(reservation: Reservation) -> list[dict[str, Any]]:
    """The visit's products and quantities, read through booking's one selector."""
    return [
        {"id": item.product_id, "name": item.product.title, "quantity": item.quantity}
        for item in get_visit_products(of=reservation)
    ]


def build_appointment_data(*, reservation: Reservation, scope: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "municipality": reservation.municipality.slug,
        "id": str(reservation.public_id),
        "reference": reservation.reference,
        "status": reservation.status,
        "channel": reservation.channel,
        "location": {"id": reservation.location_id, "name": reservation.location.name},
        "start": _iso(reservation.start),
        "end": _iso(reservation.end),
        "products": _visit_products(reservation),
        "legs": [
            {
                "position": leg.position,
                "counter": {"id": leg.counter_id, "name": leg.counter.name},
                "start": _iso(leg.start),
                "end": _iso(leg.end),
            }
            for leg in reservation.legs.select_related("counter").order_by("position")
        ],
        "language": reservation.language,
    }
    if reservation.rescheduled_to is not None:
        data["moved_to"] = str(reservation.rescheduled_to.public_id)
    if scope == PayloadScope.CONTACT:
        data["citizen"] = {
            "given_name": reservation.given_name,
            "family_name": reservation.family_name,
            "email": reservation.email,
            "phone": reservation.phone,
        }
    return data


def build_envelope(*, event_type: str, data: dict[str, Any], occurred_at: Any) -> dict[str, Any]:
    return {
        "type": event_type,
        "timestamp": _iso(occurred_at),
        "version": PAYLOAD_VERSION,
        "data": data,
    }
