# SPDX-License-Identifier: EUPL-1.2
"""Celery beat's schedule, run inside the web process for the embedded default.

`make run` has no broker, no worker and no beat, yet holds must expire, reminders go out
and webhooks be retried. This runner reads the same ``beat_schedule`` that `celery beat`
reads in production and applies each task in process when it is due, so both set-ups run
exactly the same periodic work.
"""

import logging
import threading
import time
from datetime import datetime

from celery.schedules import maybe_schedule
from django.utils import timezone

logger = logging.getLogger(__name__)


def run_due_tasks(*, last_runs: dict[str, datetime], now: datetime) -> list[str]:
    """Apply every scheduled task that is due; returns the names that ran."""
    from balie.celery import app

    # Celery finds the task modules lazily (autodiscovery); a web process has not asked yet.
    app.loader.import_default_modules()
    ran = []
    for name, entry in app.conf.beat_schedule.items():
        schedule = maybe_schedule(entry["schedule"])
        last = last_runs.get(name)
        if last is not None and not schedule.is_due(last).is_due:
            continue
        try:
            app.tasks[entry["task"]].apply()
        except Exception:  # one failing task must not stop the others or the runner
            logger.exception("periodic task %s failed", name)
        last_runs[name] = now
        ran.append(name)
    return ran


def start_in_process_runner(*, interval_seconds: float = 15.0) -> threading.Thread:
    last_runs: dict[str, datetime] = {}

    def loop() -> None:
        while True:
            run_due_tasks(last_runs=last_runs, now=timezone.now())
            time.sleep(interval_seconds)

    thread = threading.Thread(target=loop, name="balie-periodic", daemon=True)
    thread.start()
    logger.info("periodic tasks run in process every %s s", interval_seconds)
    return thread
