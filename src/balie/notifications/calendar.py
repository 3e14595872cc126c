# SPDX-License-Identifier: EUPL-1.2
"""The appointment as an iCalendar file: one event per leg, so each counter visit shows."""

from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from balie.booking.models import Reservation
from balie.notifications.selectors import Itinerary


def render_appointment_calendar(
    *, reservation: Reservation, itinerary: Itinerary, now: datetime | None = None
) -> bytes:
    """An RFC 5545 file with times in UTC, which every calendar converts correctly."""
    stamp = (now or timezone.now()).astimezone(UTC)
    ics = Calendar()
    ics.add("prodid", "-//Balie//Appointments//EN")
    ics.add("version", "2.0")
    ics.add("method", "PUBLISH")
    for leg in itinerary.legs:
        event = Event()
        # Stable per visit and position, so a re-imported file updates instead of duplicating.
        event.add("uid", f"{reservation.public_id}-{leg.position}@balie")
        event.add("dtstamp", stamp)
        event.add("dtstart", leg.start.astimezone(UTC))
        event.add("dtend", leg.end.astimezone(UTC))
        products = ", ".join(
            f"{product.quantity} × {product.title}" if product.quantity > 1 else product.title
            for product in leg.products
        )
        event.add(
            "summary",
            _("%(municipality)s, %(counter)s: %(products)s")
            % {
                "municipality": itinerary.municipality,
                "counter": leg.counter,
                "products": products,
            },
        )
        event.add("location", f"{itinerary.location}, {itinerary.address}")
        bring = [product.what_to_bring for product in leg.products if product.what_to_bring]
        lines = [
            _("Reference: %(reference)s") % {"reference": itinerary.reference},
            _("Step %(position)s of %(count)s")
            % {"position": leg.position, "count": len(itinerary.legs)},
        ]
        if leg.wait_note:
            lines.append(leg.wait_note)
        if bring:
            lines.append(_("What to bring: %(items)s") % {"items": " ".join(bring)})
        event.add("description", "\n".join(lines))
        ics.add_component(event)
    return bytes(ics.to_ical())
