# SPDX-License-Identifier: EUPL-1.2
"""Webhook deliveries as Celery tasks; the work itself lives in services."""

from celery import shared_task
from django.utils import timezone

from balie.webhooks import services


# acks_late: a worker that dies mid-task leaves the message in the queue for another worker;
# the delivery's lease keeps the two from sending at once.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver_webhook_task(delivery_id: int) -> bool | None:
    result = services.deliver(delivery_id=delivery_id)
    return None if result is None else result.delivered


@shared_task
def send_due_webhooks_task() -> int:
    """The retry sweep: every due delivery (retries, expired leases) gets its own task."""
    due = services.list_due_delivery_ids(now=timezone.now())
    for delivery_id in due:
        deliver_webhook_task.delay(delivery_id)
    return len(due)
