# SPDX-License-Identifier: EUPL-1.2
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from balie.statistics.services import refresh_statistics, snapshot_first_free
from balie.tenants.models import Municipality


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}") from error


class Command(BaseCommand):
    help = (
        "Recompute the statistics summaries (what the periodic task does): by default "
        "yesterday and today for every municipality, plus today's time to the first free "
        "appointment if it was not measured yet. Safe to run again: the days are replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", help="municipality slugs (default: all)")
        parser.add_argument("--from", dest="first_day", type=_iso_date, help="first day")
        parser.add_argument("--to", dest="last_day", type=_iso_date, help="last day")
        parser.add_argument(
            "--first-free",
            action="store_true",
            help="measure today's time to the first free appointment again",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("slug")
        if options["slugs"]:
            municipalities = municipalities.filter(slug__in=options["slugs"])
            missing = set(options["slugs"]) - {m.slug for m in municipalities}
            if missing:
                raise CommandError(f"Unknown municipality: {', '.join(sorted(missing))}")
        now = timezone.now()
        for municipality in municipalities:
            today = now.astimezone(ZoneInfo(municipality.timezone)).date()
            first_day = options["first_day"] or today - timedelta(days=1)
            last_day = options["last_day"] or max(today, first_day)
            if last_day < first_day:
                raise CommandError("--to must not be before --from")
            rows = refresh_statistics(
                municipality=municipality, first_day=first_day, last_day=last_day, now=now
            )
            snapshots = snapshot_first_free(
                municipality=municipality, now=now, force=options["first_free"]
            )
            self.stdout.write(
                f"{municipality.slug}: {first_day}..{last_day}, {rows} summary rows, "
                f"{snapshots} first-free measurements"
            )
