# SPDX-License-Identifier: EUPL-1.2
"""Periodic booking housekeeping and the consequences of an act; the work lives elsewhere."""

from typing import Any

from celery import shared_task

from balie.booking.consequences import BookingEvent, run_consequences
from balie.booking.services import expire_holds, purge_idempotency_records


@shared_task
def run_consequences_task(*, events: list[dict[str, Any]]) -> None:
    """What follows one committed act (``consequences``), run on a worker.

    No automatic retry: each handler is retried by its own means (the e-mail task retries,
    reminders are swept), and running all of them again would record the act twice.
    """
    for message in events:
        run_consequences(event=BookingEvent.from_message(message))


@shared_task
def expire_holds_task() -> int:
    return expire_holds()


@shared_task
def purge_idempotency_records_task() -> int:
    return purge_idempotency_records()
