# SPDX-License-Identifier: EUPL-1.2
"""Every call from the back office into the booking services, in one place.

The booking use cases record the staff member as the actor and send the citizen's e-mail
themselves, as for every other channel.
"""

from datetime import datetime

from django.http import HttpRequest

from balie.booking.actors import ActorKind, actor_from_request
from balie.booking.models import Reservation
from balie.booking.selectors import list_visit_pairs
from balie.booking.services import cancel_appointment, reschedule_appointment


def cancel_on_behalf(*, reservation: Reservation, request: HttpRequest) -> Reservation:
    """Cancel as the citizen would; the citizen gets the usual cancellation e-mail."""
    return cancel_appointment(
        reservation=reservation, actor=actor_from_request(request, kind=ActorKind.STAFF)
    )


def visit_items(reservation: Reservation) -> list[tuple[int, int]]:
    """(product id, quantity) pairs of the visit, as the availability reads take them."""
    return list_visit_pairs(reservation=reservation)


def move_on_behalf(
    *, reservation: Reservation, start: datetime, request: HttpRequest
) -> Reservation:
    """Move to ``start`` as staff would; the citizen gets the usual e-mail about the move."""
    return reschedule_appointment(
        reservation=reservation,
        start=start,
        actor=actor_from_request(request, kind=ActorKind.STAFF),
    )
