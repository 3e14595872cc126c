# SPDX-License-Identifier: EUPL-1.2
from datetime import datetime

from celery import shared_task
from django.utils import timezone

from balie.notifications import reminders
from balie.notifications.services import send_appointment_message


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_appointment_message_task(
    *,
    municipality_id: int,
    reservation_id: int,
    kind: str,
    site_url: str = "",
    manage_token: str = "",
) -> None:
    send_appointment_message(
        municipality_id=municipality_id,
        reservation_id=reservation_id,
        kind=kind,
        site_url=site_url,
        manage_token=manage_token,
    )


# acks_late: a worker that dies mid-task leaves the message for another worker; the lease
# on the reminder row keeps two workers from sending it at once.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_reminder_task(message_id: int, due_by: str | None = None) -> str | None:
    return reminders.send_reminder(
        message_id=message_id, due_by=datetime.fromisoformat(due_by) if due_by else None
    )


@shared_task
def send_due_reminders_task() -> int:
    due, until = reminders.queue_due_reminders(now=timezone.now())
    for message_id in due:
        send_reminder_task.delay(message_id, until.isoformat())
    return len(due)
