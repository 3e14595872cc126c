# SPDX-License-Identifier: EUPL-1.2
"""``manage.py erase_personal_data MUNICIPALITY_SLUG REFERENCE --reason "..."``.

Staff handling an erasure request (GDPR art. 17) run this; docs/privacy/erasure.md says when.
"""

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from balie.audit.services import Actor
from balie.privacy.services import erase_appointment_personal_data
from balie.tenants.models import Municipality


class Command(BaseCommand):
    help = "Erase the personal data of one appointment (an erasure request); audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality")
        parser.add_argument("reference")
        parser.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            municipality = Municipality.objects.filter(slug=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality {options['municipality']!r}.")
        erased = erase_appointment_personal_data(
            municipality=municipality,
            reference=options["reference"],
            actor=Actor.system(f"manage.py by {getpass.getuser()}"),
            reason=options["reason"],
        )
        if not erased:
            raise CommandError(f"No appointment {options['reference']!r} in {municipality}.")
        self.stdout.write(f"Erased the personal data of {options['reference'].upper()}.")
