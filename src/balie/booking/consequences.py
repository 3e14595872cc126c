# SPDX-License-Identifier: EUPL-1.2
"""What follows a booking act once it commits: the extension point for side effects.

Use cases call ``record_change`` inside their transaction. It writes who did what on the
reservation's history and queues the registered handlers with ``transaction.on_commit``,
so a rolled-back act has no consequence and a slow handler never holds a lock. Handlers
register in their app's ``ready()`` (the citizen's e-mail and reminders in
``balie.notifications``, the audit trail, webhooks, metrics), so no view orchestrates side
effects and booking imports none of the apps that react to it.

Where the handlers run: with a broker (production), one Celery task per act runs them on a
worker, so a booking request pays for one enqueue instead of rendering e-mails, planning
reminders and writing the audit trail while the citizen waits; in a rush the web processes
keep booking and the worker catches up. Without a broker (the embedded default, the tests)
they run in the process right after the commit. A handler registered ``in_request`` (the
process's own metrics) always runs in the process. If the broker refuses the task, the
handlers run in the process after all: a consequence is late, never lost to a broker outage.
"""

import logging
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import partial
from typing import Any

from celery import current_app
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as KombuOperationalError

from balie.booking.actors import Actor, ActorKind

logger = logging.getLogger(__name__)


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

    def to_message(self) -> dict[str, Any]:
        """The event as JSON for the broker (the manage token travels as the e-mail task's
        did before: the worker needs it for the link in the message)."""
        message = asdict(self)
        message["kind"] = str(self.kind)
        message["at"] = self.at.isoformat()
        message["actor"]["kind"] = str(self.actor.kind)
        return message

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> "BookingEvent":
        return cls(
            **{
                **message,
                "kind": ChangeKind(message["kind"]),
                "at": datetime.fromisoformat(message["at"]),
                "actor": Actor(
                    **{**message["actor"], "kind": ActorKind(message["actor"]["kind"])}
                ),
            }
        )


Handler = Callable[[BookingEvent], None]


@dataclass(frozen=True)
class _Registration:
    handler: Handler
    # None: every kind. The dispatcher skips an act no handler wants (holds, mostly).
    kinds: frozenset[str] | None
    in_request: bool

    def wants(self, kind: ChangeKind) -> bool:
        return self.kinds is None or str(kind) in self.kinds


_REGISTRATIONS: list[_Registration] = []


def register_consequence(
    handler: Handler, *, kinds: Collection[str] | None = None, in_request: bool = False
) -> None:
    """Call ``handler`` after every committed booking act of ``kinds`` (None: all).

    ``in_request`` keeps it in the process that made the change (see the module text);
    registering twice is harmless.
    """
    if any(registration.handler is handler for registration in _REGISTRATIONS):
        return
    _REGISTRATIONS.append(
        _Registration(
            handler=handler,
            kinds=None if kinds is None else frozenset(str(kind) for kind in kinds),
            in_request=in_request,
        )
    )


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
    events = [
        BookingEvent(
            kind=kind,
            municipality_id=municipality_id,
            reservation_id=reservation_id,
            actor=actor,
            at=at,
            notify_citizen=notify_citizen,
            manage_token=manage_token,
        )
        for reservation_id, municipality_id in rows
    ]
    on_worker = _runs_on_worker()
    worker_has_work = False
    for registration in list(_REGISTRATIONS):
        if not registration.wants(kind):
            continue
        if on_worker and not registration.in_request:
            worker_has_work = True
            continue
        for event in events:
            # robust: a failing handler is logged and never keeps the next one from running.
            transaction.on_commit(_bound(registration.handler, event), robust=True)
    if worker_has_work:
        transaction.on_commit(partial(_queue_on_worker, events=events), robust=True)


def _runs_on_worker() -> bool:
    # Celery's own setting, not Django's copy of it: it decides where ``.delay()`` goes.
    return not current_app.conf.task_always_eager


def _queue_on_worker(*, events: list[BookingEvent]) -> None:
    from balie.booking.tasks import run_consequences_task

    try:
        run_consequences_task.delay(events=[event.to_message() for event in events])
    except KombuOperationalError:
        # The broker is away: run them here rather than lose them (as the e-mail task does).
        logger.warning(
            "The broker refused the consequences of %s %s; running them in this process",
            len(events),
            events[0].kind if events else "",
            exc_info=True,
        )
        for event in events:
            run_consequences(event=event)


def run_consequences(*, event: BookingEvent) -> None:
    """Run the handlers of one committed act that do not run in the request (the worker)."""
    for registration in list(_REGISTRATIONS):
        if registration.in_request or not registration.wants(event.kind):
            continue
        try:
            registration.handler(event)
        except Exception:  # noqa: BLE001 - one failing handler never stops the next
            logger.exception(
                "Booking consequence %s failed for reservation %s",
                getattr(registration.handler, "__qualname__", "consequence"),
                event.reservation_id,
                extra={"municipality_id": event.municipality_id},
            )


def _bound(handler: Handler, event: BookingEvent) -> Callable[[], None]:
    """``handler(event)`` as a named function: Django logs a robust hook by its name."""

    def run() -> None:
        handler(event)

    run.__qualname__ = getattr(handler, "__qualname__", "consequence")
    return run
