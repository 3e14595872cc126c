# SPDX-License-Identifier: EUPL-1.2
"""Reads that describe an appointment to its citizen: the itinerary of counters and times.

The confirmation page, the e-mail and the calendar file all show the same itinerary, so it
is built once here, in the active language.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django_scopes import scope

from balie.booking.consequences import ChangeKind
from balie.booking.models import Reservation, ReservationChange
from balie.booking.selectors import get_visit_products, list_leg_waits
from balie.catalog.models import Product
from balie.notifications.models import Message, MessageStatus, MessageTemplate
from balie.tenants.addressing import get_addressed_texts
from balie.tenants.models import Municipality


@dataclass(frozen=True)
class ItineraryProduct:
    title: str
    quantity: int
    what_to_bring: str
    cost: str


@dataclass(frozen=True)
class ItineraryLeg:
    position: int  # 1-based, as read aloud: "first", "second"
    counter: str
    start: datetime  # in the municipality's time zone
    end: datetime
    products: list[ItineraryProduct]
    # Minutes between the previous leg's end and this leg's start (walking and waiting);
    # 0 for the first leg. The note says it to the citizen, empty when there is no wait.
    wait_minutes: int = 0
    wait_note: str = ""


@dataclass(frozen=True)
class Itinerary:
    reference: str
    status: str
    municipality: str
    location: str
    address: str
    start: datetime
    end: datetime
    legs: list[ItineraryLeg]
    products: list[ItineraryProduct]


def _describe(product: Product, quantity: int) -> ItineraryProduct:
    return ItineraryProduct(
        title=product.display_title,
        quantity=quantity,
        what_to_bring=product.display_what_to_bring,
        cost=product.display_cost,
    )


def get_itinerary(*, reservation: Reservation) -> Itinerary:
    """The visit leg by leg, with product texts in the active language. Three queries."""
    municipality = reservation.municipality
    tz = ZoneInfo(municipality.timezone)
    with scope(municipality=municipality.pk):
        legs = list(reservation.legs.select_related("counter").order_by("position"))
        location = reservation.location
        items = get_visit_products(of=reservation)
    wait_before = get_addressed_texts(formal=municipality.formal_address)["wait_before"]
    waits = list_leg_waits(legs=legs)
    return Itinerary(
        reference=reservation.reference or "",
        status=reservation.status,
        municipality=municipality.name,
        location=location.name,
        address=location.address_line,
        start=reservation.start.astimezone(tz),
        end=reservation.end.astimezone(tz),
        legs=[
            ItineraryLeg(
                position=index,
                counter=leg.counter.name,
                start=leg.start.astimezone(tz),
                end=leg.end.astimezone(tz),
                products=[
                    _describe(item.product, item.quantity)
                    for item in items
                    if item.leg_id == leg.pk
                ],
                wait_minutes=wait,
                wait_note=str(wait_before) % {"minutes": wait} if wait > 0 else "",
            )
            for index, (leg, wait) in enumerate(zip(legs, waits, strict=True), 1)
        ],
        products=[_describe(item.product, item.quantity) for item in items],
    )


# --- what the back office shows an admin --------------------------------------------------


def list_message_templates(*, municipality_id: int, kind: str) -> list[MessageTemplate]:
    """The municipality's own texts of one kind; the built-in text stands in for the rest."""
    with scope(municipality=municipality_id):
        return list(MessageTemplate.objects.filter(kind=kind))


# The changes after which a calendar must replace the event it holds.
_CALENDAR_REVISIONS = (ChangeKind.MOVED, ChangeKind.CANCELLED)


def get_calendar_sequence(*, reservation: Reservation) -> int:
    """The event's iCalendar SEQUENCE: 0 when confirmed, one more per move and the cancel.

    Counted from the appointment's history, so the file sent with a message and the one
    downloaded later agree, and the number never goes back.
    """
    with scope(municipality=reservation.municipality_id):
        return ReservationChange.objects.filter(
            reservation=reservation, kind__in=_CALENDAR_REVISIONS
        ).count()


def list_reservation_messages(*, reservation: Reservation) -> list[Message]:
    """The delivery log of one appointment: every message, oldest first. One query."""
    with scope(municipality=reservation.municipality_id):
        return list(Message.objects.filter(reservation=reservation).order_by("due_at", "pk"))


def list_repeated_failures(
    *, municipality: Municipality, min_attempts: int = 2, limit: int = 200
) -> list[Message]:
    """Messages that did not reach the citizen: failed or bounced, or still retried after
    ``min_attempts`` attempts; newest first, for an admin's overview."""
    with scope(municipality=municipality.pk):
        return list(
            Message.objects.filter(
                Q(status__in=(MessageStatus.FAILED, MessageStatus.BOUNCED))
                | Q(
                    status__in=(MessageStatus.PLANNED, MessageStatus.QUEUED),
                    attempts__gte=min_attempts,
                )
            )
            .select_related("reservation")
            .order_by("-updated_at", "-pk")[:limit]
        )
