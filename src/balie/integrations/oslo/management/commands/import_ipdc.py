# SPDX-License-Identifier: EUPL-1.2
"""``import_ipdc <municipality-slug> <file-or-dir>``: load IPDC JSON-LD records."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balie.integrations.oslo.services import ImportReport, import_ipdc_records
from balie.tenants.selectors import get_municipality


class Command(BaseCommand):
    help = (
        "Import IPDC product records (concepts, instances or an LDES page, JSON-LD) into a "
        "municipality's catalog. Re-importing updates; invalid records are reported one by "
        "one and leave nothing half-imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="The municipality's slug.")
        parser.add_argument("path", help="A .json/.jsonld file, or a directory of them.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = get_municipality(slug=options["municipality"])
        if municipality is None:
            raise CommandError(f"Unknown municipality {options['municipality']!r}.")
        path = Path(options["path"])
        if path.is_dir():
            files = sorted(file for file in path.iterdir() if file.suffix in (".json", ".jsonld"))
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"{path} is neither a file nor a directory.")
        failed = 0
        for file in files:
            try:
                document = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                self.stderr.write(f"{file.name}: not readable as JSON ({error}).")
                failed += 1
                continue
            report = import_ipdc_records(municipality=municipality, document=document)
            self._print(file.name, report)
            failed += len(report.errors)
        if failed:
            raise CommandError(f"{failed} record(s) or file(s) were not imported.")

    def _print(self, name: str, report: ImportReport) -> None:
        self.stdout.write(
            f"{name}: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} archived and skipped, "
            f"{len(report.errors)} rejected."
        )
        for error in report.errors:
            self.stderr.write(
                f"  record {error.position} {error.iri or '(no IRI)'}: {error.reason}"
            )
