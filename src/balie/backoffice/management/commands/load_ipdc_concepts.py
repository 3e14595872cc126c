# SPDX-License-Identifier: EUPL-1.2
"""Fill the shared IPDC concept library that municipal admins start products from."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from balie.backoffice.concepts import read_concept_document
from balie.catalog.services import save_ipdc_concepts


class Command(BaseCommand):
    help = "Load IPDC concepts (JSON-LD) into the library the back office offers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = json.loads(options["path"].read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read {options['path']}: {error}") from error
        records, refused = read_concept_document(document=document)
        saved = save_ipdc_concepts(records=records)
        self.stdout.write(f"{saved} concept(s) saved, {len(refused)} refused")
        for reason in refused:
            self.stderr.write(f"refused {reason}")
