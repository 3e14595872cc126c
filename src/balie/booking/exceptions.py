# SPDX-License-Identifier: EUPL-1.2
"""Booking errors: a stable code for machines, a translated message for people, and the
HTTP status next to the code, so every face answers the same refusal the same way."""

from collections.abc import Mapping
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.core.errors import DomainError


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
    ALREADY_CONFIRMED = "already_confirmed", _("This appointment is already confirmed.")
    ALREADY_ARRIVED = (
        "already_arrived",
        _("The visitor has already arrived; the counter staff can help further."),
    )
    OUT_OF_RANGE = (
        "out_of_range",
        _("Choose a time within the booking horizon of this municipality."),
    )
    RATE_LIMITED = "rate_limited", _("Too many requests. Please wait a moment.")
    BUSY = "busy", _("Many people are booking right now. Please try again in a moment.")


# 400 for what the client sent, 404 for what does not exist (or must not be revealed), 409
# for a conflict with the current state, 429 above a rate limit, 503 when busy.
BOOKING_STATUS: Mapping[str, int] = {
    BookingErrorCode.INVALID_VISIT: 400,
    BookingErrorCode.UNKNOWN_PRODUCT: 400,
    BookingErrorCode.NOT_BOOKABLE_ONLINE: 400,
    BookingErrorCode.QUANTITY_OUT_OF_RANGE: 400,
    BookingErrorCode.UNKNOWN_LOCATION: 400,
    BookingErrorCode.INVALID_DETAILS: 400,
    BookingErrorCode.OUT_OF_RANGE: 400,
    BookingErrorCode.SLOT_UNAVAILABLE: 409,
    BookingErrorCode.HOLD_NOT_FOUND: 404,
    BookingErrorCode.HOLD_EXPIRED: 409,
    BookingErrorCode.LIMIT_REACHED: 409,
    BookingErrorCode.NOT_FOUND: 404,
    BookingErrorCode.ALREADY_CANCELLED: 409,
    BookingErrorCode.IN_THE_PAST: 409,
    BookingErrorCode.ALREADY_CONFIRMED: 409,
    BookingErrorCode.ALREADY_ARRIVED: 409,
    BookingErrorCode.RATE_LIMITED: 429,
    BookingErrorCode.BUSY: 503,
}


class BookingError(DomainError):
    """A booking request that cannot be honoured; nothing was changed."""

    STATUS = {str(code): status for code, status in BOOKING_STATUS.items()}

    def __init__(
        self,
        code: BookingErrorCode,
        *,
        detail: str | None = None,
        alternatives: tuple[datetime, ...] = (),
        field_errors: Mapping[str, list[str]] | None = None,
        retry_after: int | None = None,
    ) -> None:
        if code == BookingErrorCode.BUSY and retry_after is None:
            retry_after = 1
        super().__init__(code, detail=detail, field_errors=field_errors, retry_after=retry_after)
        self.code: BookingErrorCode = code
        self.alternatives = alternatives
