# SPDX-License-Identifier: EUPL-1.2
"""``manage.py verify_audit_chain``: exit 1 and name the first break of every broken chain."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from balie.audit.selectors import verify_audit_chains


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail, per municipality."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = verify_audit_chains()
        for found in breaks:
            self.stderr.write(f"chain {found.chain}: entry {found.sequence}: {found.reason}")
        if breaks:
            raise CommandError(f"{len(breaks)} audit chain(s) broken.")
        self.stdout.write("Every audit chain is intact.")
