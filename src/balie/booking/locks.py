# SPDX-License-Identifier: EUPL-1.2
"""The one transaction rule for writes that take or free counter time or move a visitor
through the desk queue (in the spirit of pretix's ``lock_objects``).

``run_locked`` opens the transaction itself (a savepoint when the caller already holds one),
so that it can retry: it enters the municipality's scope, bounds every lock wait with
``SET LOCAL lock_timeout``, runs the operation, and retries it a few times when PostgreSQL
gives up on a lock or breaks a deadlock. After the last attempt it logs and raises the
caller's BUSY error (503 with Retry-After in the API). Operations re-read and lock the rows
they change inside it, so a state checked before the lock is checked again after it.

Counter time needs no explicit lock: the unique constraint on counter time units
serialises competing inserts, and units are inserted and purged in (counter, time) order so
two visits never wait on each other in opposite orders.
"""

import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django_scopes import scope, scopes_disabled

from balie.booking.replica import write_attempt

logger = logging.getLogger(__name__)

T = TypeVar("T")

LOCK_TIMEOUT_MS = 3000
LOCK_ATTEMPTS = 3
# Tests replace this statement to force a lock timeout or a deadlock on every write path.
LOCK_TIMEOUT_STATEMENT = "SET LOCAL lock_timeout = {milliseconds}"
# lock_not_available, deadlock_detected, serialization_failure
_LOCK_CONFLICT_STATES = {"55P03", "40P01", "40001"}


def _lock_timeout_ms() -> int:
    return int(getattr(settings, "BALIE_LOCK_TIMEOUT_MS", LOCK_TIMEOUT_MS))


def bound_lock_waits() -> None:
    """Make every lock wait in the current transaction give up after a few seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(LOCK_TIMEOUT_STATEMENT.format(milliseconds=_lock_timeout_ms()))
    # SQLite serialises writers on the database lock; its busy timeout bounds the wait.


def is_lock_conflict(error: OperationalError) -> bool:
    """A lock wait that ran out or a deadlock: worth another try, not a bug."""
    state = getattr(error.__cause__, "sqlstate", None)
    if state is not None:
        return state in _LOCK_CONFLICT_STATES
    return "database is locked" in str(error)


def run_locked(
    operation: Callable[[], T],
    *,
    municipality_id: int | None,
    busy: Callable[[], Exception],
    name: str,
) -> T:
    """Run ``operation`` in its own transaction under the lock rule; see the module text.

    ``municipality_id`` None is for housekeeping across municipalities (expiring holds).
    """
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        tenant = (
            scopes_disabled() if municipality_id is None else scope(municipality=municipality_id)
        )
        try:
            with write_attempt(), transaction.atomic(), tenant:
                bound_lock_waits()
                return operation()
        except OperationalError as error:
            if not is_lock_conflict(error):
                raise
            if attempt == LOCK_ATTEMPTS:
                logger.warning(
                    "%s gave up after %s attempts on a lock conflict: %s",
                    name,
                    attempt,
                    error,
                    extra={"municipality_id": municipality_id, "operation": name},
                )
                raise busy() from error
            logger.info("%s retries after a lock conflict (attempt %s): %s", name, attempt, error)
            # A short random pause lets the other transaction finish instead of colliding
            # with it again in lockstep.
            time.sleep(random.uniform(0.02, 0.1) * attempt)  # noqa: S311 - not security
    raise AssertionError("unreachable")  # pragma: no cover


def purge_expired_units(
    *, municipality_id: int, spans: Iterable[tuple[int, datetime, datetime]], now: datetime
) -> None:
    """Delete lapsed holds' units in ``spans`` (counter, start, end), in (counter, time) order.

    Locking them in that order first means two transactions purging overlapping spans
    queue behind each other instead of deadlocking.
    """
    from balie.booking.models import CounterTimeUnit

    wanted = Q()
    for counter_id, start, end in spans:
        wanted |= Q(counter_id=counter_id, unit_start__gte=start, unit_start__lt=end)
    if not wanted:
        return
    expired = CounterTimeUnit.objects.filter(
        wanted, municipality_id=municipality_id, expires_at__lte=now
    ).order_by("counter_id", "unit_start")
    ids = list(expired.select_for_update().values_list("pk", flat=True))
    if ids:
        CounterTimeUnit.objects.filter(pk__in=ids).delete()


def lock_person(*, municipality_id: int, identifiers: list[str]) -> None:
    """Serialise confirmations for the same person, so hoarding limits hold under races."""
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        int.from_bytes(
            hashlib.sha256(f"{municipality_id}:{value}".encode()).digest()[:8], "big", signed=True
        )
        for value in identifiers
        if value
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
