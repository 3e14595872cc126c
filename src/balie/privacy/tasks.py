# SPDX-License-Identifier: EUPL-1.2
"""Housekeeping on Celery beat, for installations that run it; the work is in services."""

from celery import shared_task

from balie.privacy.services import run_housekeeping


@shared_task
def run_housekeeping_task() -> dict[str, int]:
    return run_housekeeping()
