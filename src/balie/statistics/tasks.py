# SPDX-License-Identifier: EUPL-1.2
"""Keeping the summary tables current; the work itself lives in services."""

from datetime import date

from celery import shared_task

from balie.statistics.services import refresh_recent_statistics, refresh_statistics
from balie.tenants.models import Municipality


@shared_task
def refresh_all_statistics_task() -> int:
    """Fan out: one task per municipality, so one slow tenant delays no other."""
    ids = list(Municipality.objects.order_by("pk").values_list("pk", flat=True))
    for municipality_id in ids:
        refresh_recent_statistics_task.delay(municipality_id)
    return len(ids)


@shared_task
def refresh_recent_statistics_task(municipality_id: int) -> int:
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        return 0
    return refresh_recent_statistics(municipality=municipality)


@shared_task
def refresh_statistics_task(municipality_id: int, first_day: str, last_day: str) -> int:
    """Recompute a range of days (ISO dates), e.g. after a correction at the desk."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        return 0
    return refresh_statistics(
        municipality=municipality,
        first_day=date.fromisoformat(first_day),
        last_day=date.fromisoformat(last_day),
    )
