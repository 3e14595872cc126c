# SPDX-License-Identifier: EUPL-1.2
"""Desk errors: a stable code for machines, a translated message for people."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeskErrorCode(models.TextChoices):
    NOT_FOUND = "not_found", _("We could not find this appointment.")
    NOT_TODAY = "not_today", _("This appointment is not for today.")
    NOT_CONFIRMED = "not_confirmed", _("This appointment is cancelled or not confirmed.")
    WRONG_LOCATION = "wrong_location", _("This appointment is at another location.")
    ALREADY_CHECKED_IN = "already_checked_in", _("This visitor is already checked in.")
    NOT_STARTED = "not_started", _("An appointment can be marked no-show only after its start.")
    UNKNOWN_COUNTER = "unknown_counter", _("This counter does not exist here.")
    UNKNOWN_PRODUCT = "unknown_product", _("This product is not served at this location.")
    COUNTER_BUSY = "counter_busy", _("Finish the current visitor before calling the next one.")
    NOT_ACTIVE = "not_active", _("This visitor is no longer called at your counter.")
    BUSY = "busy", _("The desk is busy right now. Please try again in a moment.")


class DeskError(Exception):
    """A desk action that cannot be done; nothing was changed."""

    def __init__(self, code: DeskErrorCode, *, detail: str | None = None) -> None:
        self.code = code
        self.detail = detail or str(code.label)
        super().__init__(f"{code.value}: {self.detail}")
