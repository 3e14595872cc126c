# SPDX-License-Identifier: EUPL-1.2
"""Subscriptions of integrators and the log of every delivery made to them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.tenants.models import TenantModel


class EventType(models.TextChoices):
    APPOINTMENT_CONFIRMED = "appointment.confirmed", _("Appointment confirmed")
    APPOINTMENT_MOVED = "appointment.moved", _("Appointment moved")
    APPOINTMENT_CANCELLED = "appointment.cancelled", _("Appointment cancelled")
    APPOINTMENT_CHECKED_IN = "appointment.checked_in", _("Visitor checked in")
    APPOINTMENT_NO_SHOW = "appointment.no_show", _("Visitor did not show up")
    APPOINTMENT_COMPLETED = "appointment.completed", _("Visit completed")
    CATALOG_CHANGED = "catalog.changed", _("Catalog changed")


class PayloadScope(models.TextChoices):
    # What a receiver needs to follow the calendar: ids, times, places, products, status.
    MINIMAL = "minimal", _("Appointment facts only (no personal data)")
    # A municipality's own case system may also need to reach the citizen.
    CONTACT = "contact", _("Also the citizen's name, e-mail and phone")


class Subscription(TenantModel):
    url = models.URLField(_("receiver URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("events"), default=list)
    scope = models.CharField(
        _("personal data in payloads"),
        max_length=10,
        choices=PayloadScope.choices,
        default=PayloadScope.MINIMAL,
    )
    # Standard Webhooks secrets ("whsec_" + base64). During a rotation both sign, so a
    # receiver can switch keys without missing an event.
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["municipality", "url"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.description or self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed for good")


class Delivery(TenantModel):
    """One event for one subscription; retried until it succeeds or the attempts run out."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The Standard Webhooks message id: the same for every attempt, so receivers de-duplicate.
    message_id = models.CharField(max_length=64)
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    payload = models.JSONField()
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # A worker that takes a delivery leases it; a worker that dies leaves a lease that expires.
    leased_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last HTTP status"), null=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "message_id"], name="one_delivery_per_message"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"
