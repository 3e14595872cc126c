# SPDX-License-Identifier: EUPL-1.2
"""Background work: Celery with Redis at scale, run in process in the embedded default.

Tasks receive ids only and call a service; periodic tasks are all declared here.
"""

import os

from celery import Celery
from celery.schedules import crontab

# A worker started with `celery -A balie.celery` has no manage.py to choose the settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balie.conf.production")

app = Celery("balie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "expire-holds": {"task": "balie.booking.tasks.expire_holds_task", "schedule": 60.0},
    "send-due-reminders": {
        "task": "balie.notifications.tasks.send_due_reminders_task",
        "schedule": 30.0,
    },
    "send-due-webhooks": {"task": "balie.webhooks.tasks.send_due_webhooks_task", "schedule": 30.0},
    "purge-idempotency-records": {
        "task": "balie.booking.tasks.purge_idempotency_records_task",
        "schedule": crontab(minute=17),
    },
    # Also runs without beat, between requests (balie.privacy.middleware).
    "privacy-housekeeping": {
        "task": "balie.privacy.tasks.run_housekeeping_task",
        "schedule": crontab(minute=37),
    },
    # Yesterday and today's summaries, and once a day the time to the first free appointment.
    "refresh-statistics": {
        "task": "balie.statistics.tasks.refresh_all_statistics_task",
        "schedule": crontab(minute="*/30"),
    },
}
