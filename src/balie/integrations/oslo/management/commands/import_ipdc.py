# SPDX-License-Identifier: EUPL-1.2
"""``import_ipdc <municipality-slug> <file, dir or LDES page URL>``: load IPDC records."""

import json
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balie.integrations.oslo.services import (
    ImportReport,
    import_ipdc_records,
    import_ipdc_turtle,
    import_ldes,
)
from balie.tenants.selectors import get_municipality


class Command(BaseCommand):
    help = (
        "Import IPDC product records (concepts, instances, their snapshots or LDES pages; "
        "JSON-LD or Turtle) into a municipality's catalog. Given the URL of an LDES page, "
        "follows its relations to every page. Re-importing updates; invalid records are "
        "reported one by one and leave nothing half-imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="The municipality's slug.")
        parser.add_argument(
            "path", help="A .json/.jsonld/.ttl file, a directory of them, or an LDES page URL."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = get_municipality(slug=options["municipality"])
        if municipality is None:
            raise CommandError(f"Unknown municipality {options['municipality']!r}.")
        if options["path"].startswith(("http://", "https://")):
            report = import_ldes(municipality=municipality, url=options["path"], fetch=_fetch)
            self._print(options["path"], report)
            if report.errors:
                raise CommandError(f"{len(report.errors)} record(s) were not imported.")
            return
        path = Path(options["path"])
        suffixes = (".json", ".jsonld", ".ttl")
        if path.is_dir():
            files = sorted(file for file in path.iterdir() if file.suffix in suffixes)
        elif path.is_file():
            files = [path]
        else:
            raise CommandError(f"{path} is neither a file nor a directory.")
        failed = 0
        for file in files:
            if file.suffix == ".ttl":
                report = import_ipdc_turtle(
                    municipality=municipality, text=file.read_text(encoding="utf-8")
                )
                self._print(file.name, report)
                failed += len(report.errors)
                continue
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
            where = f"{error.source} " if error.source else ""
            self.stderr.write(
                f"  {where}record {error.position} {error.iri or '(no IRI)'}: {error.reason}"
            )


def _fetch(url: str) -> Any:
    """One LDES page; the operator named the feed, so its pages are fetched (never contexts)."""
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http(s) only
        return json.loads(response.read(20_000_000))
