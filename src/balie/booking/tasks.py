# SPDX-License-Identifier: EUPL-1.2
"""Periodic booking housekeeping; the work itself lives in services."""

from celery import shared_task

from balie.booking.services import expire_holds, purge_idempotency_records


@shared_task
def expire_holds_task() -> int:
    return expire_holds()


@shared_task
def purge_idempotency_records_task() -> int:
    return purge_idempotency_records()
