# SPDX-License-Identifier: EUPL-1.2
"""Housekeeping without Celery beat: the embedded default runs it between requests.

After a response, a process checks (at most once a minute, in memory) whether the shared
HousekeepingRun row says a run is due; one process claims it with a conditional UPDATE and
runs it. With beat, ``balie.privacy.tasks.run_housekeeping_task`` does the same on time.
HOUSEKEEPING_INTERVAL_MINUTES=0 switches the opportunistic runner off.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from balie.privacy.services import claim_housekeeping_run, run_housekeeping

logger = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 60.0


class HousekeepingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.next_check = 0.0

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.HOUSEKEEPING_INTERVAL_MINUTES > 0 and time.monotonic() >= self.next_check:
            self.next_check = time.monotonic() + CHECK_EVERY_SECONDS
            self._run_if_due()
        return response

    def _run_if_due(self) -> None:
        try:
            if claim_housekeeping_run():
                logger.info("housekeeping: %s", run_housekeeping())
        except Exception:
            # Housekeeping must never cost a citizen their page; the next check retries.
            logger.exception("housekeeping failed")
