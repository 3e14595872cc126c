# SPDX-License-Identifier: EUPL-1.2
"""Desk errors: a stable code for machines, a translated message for people."""

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.core.errors import DomainError


class DeskErrorCode(models.TextChoices):
    NOT_FOUND = "not_found", _("We could not find this appointment.")
    NOT_TODAY = "not_today", _("This appointment is not for today.")
    NOT_CONFIRMED = "not_confirmed", _("This appointment is cancelled or not confirmed.")
    WRONG_LOCATION = "wrong_location", _("This appointment is at another location.")
    ALREADY_CHECKED_IN = "already_checked_in", _("This visitor is already checked in.")
    NOT_STARTED = "not_started", _("An appointment can be marked no-show only after its start.")
    UNKNOWN_COUNTER = "unknown_counter", _("This counter does not exist here.")
    COUNTER_NOT_ALLOWED = (
        "counter_not_allowed",
        _(
            "You may not serve at this counter. Choose one of your counters, or ask your "
            "municipal admin to add this one."
        ),
    )
    UNKNOWN_PRODUCT = "unknown_product", _("This product is not served at this location.")
    COUNTER_BUSY = "counter_busy", _("Finish the current visitor before calling the next one.")
    NOT_ACTIVE = "not_active", _("This visitor is no longer called at your counter.")
    RATE_LIMITED = "rate_limited", _("Too many tickets at once. Please wait a moment.")
    BUSY = "busy", _("The desk is busy right now. Please try again in a moment.")


DESK_STATUS: Mapping[str, int] = {
    DeskErrorCode.NOT_FOUND: 404,
    DeskErrorCode.NOT_TODAY: 409,
    DeskErrorCode.NOT_CONFIRMED: 409,
    DeskErrorCode.WRONG_LOCATION: 409,
    DeskErrorCode.ALREADY_CHECKED_IN: 409,
    DeskErrorCode.NOT_STARTED: 409,
    DeskErrorCode.UNKNOWN_COUNTER: 404,
    DeskErrorCode.COUNTER_NOT_ALLOWED: 403,
    DeskErrorCode.UNKNOWN_PRODUCT: 400,
    DeskErrorCode.COUNTER_BUSY: 409,
    DeskErrorCode.NOT_ACTIVE: 409,
    DeskErrorCode.RATE_LIMITED: 429,
    DeskErrorCode.BUSY: 503,
}


class DeskError(DomainError):
    """A desk action that cannot be done; nothing was changed."""

    STATUS = {str(code): status for code, status in DESK_STATUS.items()}

    def __init__(
        self, code: DeskErrorCode, *, detail: str | None = None, retry_after: int | None = None
    ) -> None:
        if code == DeskErrorCode.BUSY and retry_after is None:
            retry_after = 1
        super().__init__(code, detail=detail, retry_after=retry_after)
        self.code: DeskErrorCode = code
