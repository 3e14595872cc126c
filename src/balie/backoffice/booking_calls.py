# SPDX-License-Identifier: EUPL-1.2
"""Every call from the back office into the booking services, in one place.

Issue 11 reworks these signatures (an Actor passed to cancel and reschedule, the message
sent by the use case itself); only this module needs to follow.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from balie.booking.models import Reservation
from balie.booking.services import cancel_appointment
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
