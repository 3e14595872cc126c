# SPDX-License-Identifier: EUPL-1.2
"""Holds and appointments: a visit (Reservation) made of legs at counters.

A hold and an appointment are the same row in two states, so a hold turns into an
appointment without ever letting go of its counter time.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Counter, Location
from balie.tenants.models import TenantModel


class ReservationStatus(models.TextChoices):
    HELD = "held", _("Held")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class Attendance(models.TextChoices):
    """What the desk saw of a confirmed visit; set under the reservation's row lock."""

    NONE = "", _("Not yet")
    ARRIVED = "arrived", _("Arrived")
    NO_SHOW = "no_show", _("Did not come")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    DESK = "desk", _("At the desk")
    API = "api", _("API")


class Reservation(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, verbose_name=_("location"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReservationStatus.choices,
        default=ReservationStatus.HELD,
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    expires_at = models.DateTimeField(_("hold expires at"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    staff_booking = models.BooleanField(_("booked by staff"), default=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    reference = models.CharField(_("reference"), max_length=12, unique=True, null=True)
    manage_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The address as one person: lower case, without a plus-tag; the hoarding limit counts it.
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The citizen's explicit yes to text message reminders, asked next to the mobile number.
    sms_consent = models.BooleanField(_("agreed to text message reminders"), default=False)
    # The citizen switched reminders off on the manage page; a later move plans none either.
    reminders_off_at = models.DateTimeField(_("reminders switched off at"), null=True, blank=True)
    national_number = models.CharField(_("national register number"), max_length=11, blank=True)
    language = models.CharField(_("language"), max_length=5, default="nl")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set on the old appointment when it was moved, pointing at the new one.
    rescheduled_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="rescheduled_from"
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["municipality", "status", "start"]),
            models.Index(fields=["municipality", "email"]),
            models.Index(fields=["municipality", "email_key"]),
        ]

    def __str__(self) -> str:
        return self.reference or f"hold {self.public_id}"

    @property
    def masked_national_number(self) -> str:
        return f"*******{self.national_number[-4:]}" if self.national_number else ""


class Leg(TenantModel):
    """The part of a visit at one counter, back to back with the visit's other legs."""

    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, related_name="legs", verbose_name=_("visit")
    )
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, verbose_name=_("counter"))
    position = models.PositiveSmallIntegerField(_("order"))
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # Copies of the reservation's state, so availability reads need no join: the hold's
    # expiry (NULL once confirmed) and whether the time was given back (cancelled, expired,
    # released). Only reads use them; the counter time units guard against double booking.
    expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    released = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["reservation", "position"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="leg_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["reservation", "position"], name="unique_leg_position"
            ),
        ]
        indexes = [models.Index(fields=["counter", "start"])]

    def __str__(self) -> str:
        return f"{self.counter_id} {self.start:%Y-%m-%d %H:%M}"


class VisitItem(TenantModel):
    """One product of a visit and how many, at the leg that serves it.

    The product is protected: an appointment always names what it was for, so a product
    with appointments is switched off for online booking, never deleted. The municipality
    is the reservation's (set on save and by the booking services), so the table shards
    with its reservation.
    """

    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, related_name="visit_items", verbose_name=_("visit")
    )
    # The leg serving this product; legs are rebuilt when a visit moves, the items stay.
    leg = models.ForeignKey(
        Leg,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_items",
        verbose_name=_("leg"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.PROTECT,
        related_name="visit_items",
        verbose_name=_("product"),
    )
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    # The citizen's order, as asked.
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["reservation", "position"]
        verbose_name = _("visit product")
        verbose_name_plural = _("visit products")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="visit_item_quantity_positive"
            ),
            # The municipality leads so the rule holds per shard (docs/scaling.md).
            models.UniqueConstraint(
                fields=["municipality", "reservation", "product"],
                name="unique_visit_item_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.municipality_id = self.reservation.municipality_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]


UNIT_MINUTES = 5


class CounterTimeUnit(models.Model):
    """One five-minute unit of one counter's time, taken by a held or confirmed leg.

    The unique constraint is what makes double booking impossible, on PostgreSQL and on
    SQLite alike. Five minutes divides every granularity a municipality may choose, so a
    change of granularity cannot let two bookings interleave. Held units carry their expiry;
    expired ones are deleted in the same transaction that wants the time.
    """

    # Carried so that the table can be sharded by municipality like every tenant row.
    municipality = models.ForeignKey("tenants.Municipality", on_delete=models.CASCADE)
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="+")
    unit_start = models.DateTimeField()
    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="units")
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "counter", "unit_start"], name="one_booking_per_unit"
            )
        ]
        indexes = [models.Index(fields=["leg"])]

    def __str__(self) -> str:
        return f"{self.counter_id}@{self.unit_start:%Y-%m-%d %H:%M}"


class IdempotencyRecord(TenantModel):
    """The first answer to a POST carrying an Idempotency-Key, replayed on retries."""

    key = models.CharField(max_length=255)
    scope = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    response_body = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "scope", "key"], name="unique_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return self.key


class ReservationChange(TenantModel):
    """One act on a visit and who did it: the hook for audit trails and statistics."""

    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, related_name="changes", verbose_name=_("visit")
    )
    kind = models.CharField(_("change"), max_length=20)
    actor_kind = models.CharField(_("done by"), max_length=20)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["reservation", "at", "pk"]
        verbose_name = _("appointment change")
        verbose_name_plural = _("appointment changes")
        indexes = [models.Index(fields=["reservation", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor_kind}"
