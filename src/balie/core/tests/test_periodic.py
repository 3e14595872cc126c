# SPDX-License-Identifier: EUPL-1.2
"""The embedded default runs Celery beat's schedule in process."""

from datetime import timedelta

import pytest
from django.utils import timezone

from balie.celery import app
from balie.core.periodic import run_due_tasks

pytestmark = pytest.mark.django_db


def test_every_scheduled_task_runs_at_start_and_again_only_when_due():
    last_runs: dict = {}
    now = timezone.now()

    first = run_due_tasks(last_runs=last_runs, now=now)
    second = run_due_tasks(last_runs=last_runs, now=now)
    # A minute later, the 30- and 60-second tasks are due again.
    last_runs = {name: now - timedelta(seconds=61) for name in last_runs}
    third = run_due_tasks(last_runs=last_runs, now=now)

    assert sorted(first) == sorted(app.conf.beat_schedule)
    assert second == []
    assert "send-due-reminders" in third and "expire-holds" in third
