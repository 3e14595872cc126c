# SPDX-License-Identifier: EUPL-1.2
"""``manage.py run_housekeeping``: retention, purges and audit pruning, once (cron-friendly)."""

from typing import Any

from django.core.management.base import BaseCommand

from balie.privacy.services import run_housekeeping


class Command(BaseCommand):
    help = "Erase personal data past retention and purge holds, sessions and old records."

    def handle(self, *args: Any, **options: Any) -> None:
        for job, count in run_housekeeping().items():
            self.stdout.write(f"{job}: {count}")
