# SPDX-License-Identifier: EUPL-1.2
"""``manage.py reset_second_factor USERNAME --reason "..."``: the operator's audited reset.

Removes the user's authenticator and recovery codes, so their next login sets up a new
one. The reset, its reason and who ran it go into the audit trail.
"""

import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from balie.audit.services import Actor
from balie.desk.services import reset_second_factor


class Command(BaseCommand):
    help = "Remove a user's second factor so they can set up a new one (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="Why, for the audit trail.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        # The shell account that ran the command is the best name Balie has for the operator.
        actor = Actor.system(f"manage.py by {getpass.getuser()}")
        removed = reset_second_factor(user=user, actor=actor, reason=options["reason"])
        self.stdout.write(f"Removed {removed} device(s) of {user.get_username()}.")
