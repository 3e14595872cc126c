# SPDX-License-Identifier: EUPL-1.2
"""The appointment as an iCalendar file: one event per leg, so each counter visit shows.

The file is an iTIP message (RFC 5546): METHOD:REQUEST on a confirmation and a move,
METHOD:CANCEL with STATUS:CANCELLED on a cancellation. Each event keeps its UID for the
appointment's whole life and its SEQUENCE grows with every move and the cancel, so the
citizen's calendar updates or removes the event it already has instead of adding another.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from balie.booking.models import Reservation, ReservationStatus
from balie.notifications.selectors import Itinerary, get_calendar_sequence

METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"


def calendar_method(reservation: Reservation) -> str:
    return METHOD_CANCEL if reservation.status == ReservationStatus.CANCELLED else METHOD_REQUEST


def render_appointment_calendar(
    *, reservation: Reservation, itinerary: Itinerary, now: datetime | None = None
) -> bytes:
    """An RFC 5545 file with times in UTC, which every calendar converts correctly."""
    stamp = (now or timezone.now()).astimezone(UTC)
    method = calendar_method(reservation)
    sequence = get_calendar_sequence(reservation=reservation)
    ics = Calendar()
    ics.add("prodid", "-//Balie//Appointments//EN")
    ics.add("version", "2.0")
    ics.add("method", method)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(itinerary.municipality)
    for leg in itinerary.legs:
        event = Event()
        # Stable per visit and position, so a re-imported file updates instead of duplicating.
        event.add("uid", f"{reservation.public_id}-{leg.position}@balie")
        event.add("sequence", sequence)
        event.add("status", "CANCELLED" if method == METHOD_CANCEL else "CONFIRMED")
        event.add("dtstamp", stamp)
        event.add("dtstart", leg.start.astimezone(UTC))
        event.add("dtend", leg.end.astimezone(UTC))
        # iTIP needs an organizer, and mail clients only apply REQUEST/CANCEL for an attendee.
        event.add("organizer", organizer)
        if reservation.email:
            attendee = vCalAddress(f"mailto:{reservation.email}")
            attendee.params["rsvp"] = vText("FALSE")
            event.add("attendee", attendee)
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
