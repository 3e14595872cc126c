# SPDX-License-Identifier: EUPL-1.2
"""Outgoing work taken by one worker at a time: due rows, claimed with a lease.

Messages and webhook deliveries are rows with ``next_attempt_at`` and ``leased_until``. A
worker claims a due row with one conditional UPDATE, so two workers never take the same
row; a worker that dies leaves a lease that expires, and the next sweep takes the row again.
"""

from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

RowT = TypeVar("RowT", bound=Model)


def _free_and_due(rows: QuerySet[RowT, Any], *, now: datetime) -> QuerySet[RowT, Any]:
    return rows.filter(next_attempt_at__lte=now).filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )


def list_due_ids(rows: QuerySet[RowT, Any], *, now: datetime, limit: int) -> list[int]:
    """Ids of the rows due and not leased, oldest due first."""
    return list(
        _free_and_due(rows, now=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def claim_due_row(
    rows: QuerySet[RowT, Any],
    *,
    pk: int,
    now: datetime,
    lease: timedelta,
    due_by: datetime | None = None,
) -> bool:
    """Lease row ``pk`` when it is due and free; False when another worker has it.

    ``due_by`` accepts a row whose next attempt was put off until then by the sweep that
    queued this very task (see ``queue_due_ids``).
    """
    due = rows.filter(pk=pk, next_attempt_at__lte=max(now, due_by or now)).filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now)
    )
    return due.update(leased_until=now + lease) == 1


def queue_due_ids(
    rows: QuerySet[RowT, Any], *, now: datetime, limit: int, lease: timedelta
) -> tuple[list[int], datetime]:
    """Ids of due free rows, each put off by ``lease`` so the next sweeps do not queue them
    again while their task waits in the broker; the task claims with ``due_by`` (returned).

    Without this a backlog is queued once per sweep and workers spend their time on tasks
    that find the row already taken. A task lost with its broker is queued again once the
    put-off time has passed. Call inside a transaction.
    """
    until = now + lease
    ids = list(
        _free_and_due(rows, now=now)
        .select_for_update(skip_locked=True)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    rows.filter(pk__in=ids).update(next_attempt_at=until)
    return ids, until
