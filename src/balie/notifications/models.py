# SPDX-License-Identifier: EUPL-1.2
"""Reminder rules per municipality, message templates, and the log of every message sent."""

from datetime import time

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.tenants.models import Municipality, TenantModel

MAX_EMAIL_HOURS = 14 * 24
MAX_SMS_HOURS = 7 * 24


class ReminderPolicy(models.Model):
    """When a municipality reminds its citizens; absent, the defaults below apply."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="reminder_policy"
    )
    email_hours_before = models.PositiveSmallIntegerField(
        _("e-mail reminder, hours before"),
        default=24,
        validators=[MaxValueValidator(MAX_EMAIL_HOURS)],
        help_text=_("0 sends no e-mail reminder."),
    )
    sms_hours_before = models.PositiveSmallIntegerField(
        _("text message reminder, hours before"),
        default=2,
        validators=[MaxValueValidator(MAX_SMS_HOURS)],
        help_text=_("0 sends no text message; citizens must also have agreed to receive one."),
    )
    quiet_from = models.TimeField(_("no messages from"), default=time(21, 0))
    quiet_until = models.TimeField(_("no messages until"), default=time(8, 0))

    class Meta:
        verbose_name = _("reminder rules")
        verbose_name_plural = _("reminder rules")

    def __str__(self) -> str:
        return str(self.municipality)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message")


class MessageKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmation")
    MOVED = "moved", _("Moved")
    CANCELLED = "cancelled", _("Cancellation")
    REMINDER = "reminder", _("Reminder")


class MessageStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    DROPPED = "dropped", _("Not sent (cancelled, moved or switched off)")


class Message(TenantModel):
    """One message to one citizen: planned, retried, and what the gateway said about it."""

    reservation = models.ForeignKey(
        "booking.Reservation", on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PLANNED
    )
    # Personal data, erased with the appointment's other personal data after retention.
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    due_at = models.DateTimeField(_("due"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    segments = models.PositiveSmallIntegerField(null=True, blank=True)
    encoding = models.CharField(max_length=5, blank=True)
    cost = models.DecimalField(max_digits=8, decimal_places=4, null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            # The planning key: one reminder per appointment, channel and due time, however
            # often planning runs (a retried task, a second worker); a move plans a new one.
            models.UniqueConstraint(
                fields=["reservation", "kind", "channel", "due_at"],
                condition=models.Q(kind="reminder"),
                name="one_reminder_per_appointment_channel_and_time",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel} for {self.reservation_id} ({self.status})"


# What a template may say; anything else is refused when it is saved.
PLACEHOLDERS = {
    "given_name": _("the citizen's first name"),
    "reference": _("the appointment's reference"),
    "date": _("the day of the appointment"),
    "time": _("the time of the first counter"),
    "location": _("the location's name"),
    "address": _("the location's address"),
    "municipality": _("the municipality's name"),
    "manage_url": _("the link to move or cancel"),
}


class MessageTemplate(TenantModel):
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=5)
    formal = models.BooleanField(_("formal address (u)"), default=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("message text")
        verbose_name_plural = _("message texts")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "channel", "language", "formal"],
                name="one_template_per_kind_channel_language_and_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.channel}/{self.language}"
