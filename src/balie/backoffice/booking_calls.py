# SPDX-License-Identifier: EUPL-1.2
"""Every call from the back office into the booking services, in one place.

Issue 11 reworks these signatures (an Actor passed to cancel and reschedule, the message
sent by the use case itself); only this module needs to follow.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from balie.booking.models import Reservation
from balie.booking.services import cancel_appointment, reschedule_appointment
from balie.notifications.services import MessageKind, queue_appointment_message


def cancel_on_behalf(
    *, reservation: Reservation, user: AbstractBaseUser | AnonymousUser, portal_url: str
) -> Reservation:
    """Cancel as the citizen would; the citizen gets the usual cancellation e-mail."""
    with transaction.atomic():
        cancelled = cancel_appointment(reservation=reservation)
        queue_appointment_message(
            municipality_id=reservation.municipality_id,
            reservation_id=reservation.pk,
            kind=MessageKind.CANCELLED,
            manage_url=portal_url,
        )
    return cancelled


def visit_items(reservation: Reservation) -> list[tuple[int, int]]:
    """(product id, quantity) pairs of the visit, as the availability reads take them."""
    return [(item["product"], item["quantity"]) for item in reservation.items]


def move_on_behalf(
    *,
    reservation: Reservation,
    start: datetime,
    user: AbstractBaseUser | AnonymousUser,
    portal_url: str,
) -> Reservation:
    """Move to ``start`` as staff would; the citizen gets the usual e-mail about the move."""
    with transaction.atomic():
        moved = reschedule_appointment(reservation=reservation, start=start, staff=True)
        queue_appointment_message(
            municipality_id=reservation.municipality_id,
            reservation_id=reservation.pk,
            kind=MessageKind.MOVED,
            manage_url=portal_url,
        )
    return moved
