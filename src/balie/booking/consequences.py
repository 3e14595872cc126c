# SPDX-License-Identifier: EUPL-1.2
"""What follows a booking act once it commits: the extension point for side effects.

Use cases call ``record_change`` inside their transaction. It writes who did what on the
reservation's history and queues every registered handler with ``transaction.on_commit``,
so a rolled-back act has no consequence and a slow handler never holds a lock. Handlers
register in their app's ``ready()`` (the citizen's e-mail in ``balie.notifications``;
reminders and webhooks next), so no view orchestrates side effects and booking imports
none of the apps that react to it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from balie.booking.actors import Actor


class ChangeKind(models.TextChoices):
    HELD = "held", _("Held")
    CONFIRMED = "confirmed", _("Confirmed")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancelled")
    RELEASED = "released", _("Released")
    EXPIRED = "expired", _("Expired")
    CHECKED_IN = "checked_in", _("Checked in")
    NO_SHOW = "no_show", _("No-show")
    COMPLETED = "completed", _("Completed")
    REMINDERS_OFF = "reminders_off", _("Reminders switched off")


@dataclass(frozen=True)
class BookingEvent:
    kind: ChangeKind
    municipality_id: int
    reservation_id: int
    actor: Actor
    at: datetime
    # False when an integrator informs the citizen itself (the API's notify_citizen).
    notify_citizen: bool = True
    # Only on confirmation, or when the caller proved it with the token: the manage link.
    manage_token: str = ""


Handler = Callable[[BookingEvent], None]
_HANDLERS: list[Handler] = []


def register_consequence(handler: Handler) -> None:
    """Call ``handler`` after every committed booking act; registering twice is harmless."""
    if handler not in _HANDLERS:
        _HANDLERS.append(handler)


def record_change(
    *,
    municipality_id: int,
    reservation_id: int,
    kind: ChangeKind,
    actor: Actor,
    at: datetime,
    notify_citizen: bool = True,
    manage_token: str = "",
) -> None:
    """Write the change on the reservation's history and queue its consequences."""
    record_changes(
        rows=[(reservation_id, municipality_id)],
        kind=kind,
        actor=actor,
        at=at,
        notify_citizen=notify_citizen,
        manage_token=manage_token,
    )


def record_changes(
    *,
    rows: list[tuple[int, int]],
    kind: ChangeKind,
    actor: Actor,
    at: datetime,
    notify_citizen: bool = True,
    manage_token: str = "",
) -> None:
    """``record_change`` for many (reservation, municipality) rows at once."""
    from balie.booking.models import ReservationChange

    ReservationChange.objects.bulk_create(
        [
            ReservationChange(
                municipality_id=municipality_id,
                reservation_id=reservation_id,
                kind=kind,
                actor_kind=actor.kind,
                actor_user_id=actor.user_id,
                client_address=actor.client_address[:45],
                at=at,
            )
            for reservation_id, municipality_id in rows
        ]
    )
    from balie.booking.schedules import bump_schedule_version

    # After the commit: a reader that sees that version also sees the booking (see
    # ``schedules``); queued before the handlers, so a slow one delays nobody's view. Also
    # now, for reads later in this same transaction (a test, a booking in two steps).
    for municipality_id in sorted({municipality_id for _r, municipality_id in rows}):
        bump_schedule_version(municipality_id=municipality_id)
        transaction.on_commit(partial(bump_schedule_version, municipality_id=municipality_id))
    for reservation_id, municipality_id in rows:
        event = BookingEvent(
            kind=kind,
            municipality_id=municipality_id,
            reservation_id=reservation_id,
            actor=actor,
            at=at,
            notify_citizen=notify_citizen,
            manage_token=manage_token,
        )
        for handler in list(_HANDLERS):
            # robust: a failing handler is logged and never keeps the next one from running.
            transaction.on_commit(_bound(handler, event), robust=True)


def _bound(handler: Handler, event: BookingEvent) -> Callable[[], None]:
    """``handler(event)`` as a named function: Django logs a robust hook by its name."""

    def run() -> None:
        handler(event)

    run.__qualname__ = getattr(handler, "__qualname__", "consequence")
    return run
