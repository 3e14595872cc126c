# SPDX-License-Identifier: EUPL-1.2
"""Booking errors: a stable code for machines, a translated message for people."""

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class BookingErrorCode(models.TextChoices):
    INVALID_VISIT = "invalid_visit", _("The chosen products cannot be booked together.")
    UNKNOWN_PRODUCT = "unknown_product", _("This product does not exist here.")
    NOT_BOOKABLE_ONLINE = (
        "not_bookable_online",
        _("This product can only be booked by phone or at the counter."),
    )
    QUANTITY_OUT_OF_RANGE = "quantity_out_of_range", _("This quantity cannot be booked.")
    UNKNOWN_LOCATION = "unknown_location", _("This location does not exist here.")
    SLOT_UNAVAILABLE = "slot_unavailable", _("This time is no longer available.")
    HOLD_NOT_FOUND = "hold_not_found", _("This reservation does not exist or was already used.")
    HOLD_EXPIRED = "hold_expired", _("The time we kept for you has expired. Please choose again.")
    LIMIT_REACHED = (
        "limit_reached",
        _("You already have the maximum number of upcoming appointments for this product."),
    )
    INVALID_DETAILS = "invalid_details", _("Some of your details are not valid.")
    NOT_FOUND = "appointment_not_found", _("We could not find this appointment.")
    ALREADY_CANCELLED = "already_cancelled", _("This appointment has been cancelled.")
    IN_THE_PAST = "in_the_past", _("This appointment has already taken place.")
    BUSY = "busy", _("Many people are booking right now. Please try again in a moment.")


class BookingError(Exception):
    """A booking request that cannot be honoured; nothing was changed."""

    def __init__(
        self,
        code: BookingErrorCode,
        *,
        detail: str | None = None,
        alternatives: tuple[datetime, ...] = (),
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.code = code
        self.detail = detail or str(code.label)
        self.alternatives = alternatives
        self.field_errors = field_errors or {}
        super().__init__(f"{code.value}: {self.detail}")
