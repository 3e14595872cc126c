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


def claim_due_row(rows: QuerySet[RowT, Any], *, pk: int, now: datetime, lease: timedelta) -> bool:
    """Lease row ``pk`` when it is due and free; False when another worker has it."""
    return _free_and_due(rows.filter(pk=pk), now=now).update(leased_until=now + lease) == 1
