# SPDX-License-Identifier: EUPL-1.2
"""Audit entries, one hash chain per municipality (and one for the platform).

Each entry stores the hash of the previous entry of its chain and its own hash over its
content and that previous hash, so changing, inserting or deleting an entry breaks every
hash after it. The chain head is a row of its own: locking it serialises appends.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.tenants.models import Municipality

GENESIS_HASH = "0" * 64


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    API_CLIENT = "api_client", _("API client")
    SYSTEM = "system", _("System")


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Locked out after failed logins")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor set up")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
    ADMIN_CHANGE = "admin_change", _("Changed in the admin")
    APPOINTMENT_VIEWED = "appointment_viewed", _("Appointment opened")
    APPOINTMENT_SEARCHED = "appointment_searched", _("Appointments searched")
    APPOINTMENT_CHANGED = "appointment_changed", _("Appointment changed")
    DATA_EXPORTED = "data_exported", _("Personal data exported")
    DATA_ERASED = "data_erased", _("Personal data erased")
    ACCOUNT_UNLINKED = "account_unlinked", _("Account link removed")
    AUDIT_PRUNED = "audit_pruned", _("Old audit entries removed")


class AuditChainHead(models.Model):
    """The last entry of one chain, and where the kept part of the chain starts."""

    # "platform" or the municipality's primary key: NULL cannot be unique on every database.
    chain = models.CharField(max_length=20, unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # After retention removed old entries, verification starts from this anchor.
    anchor_sequence = models.PositiveBigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"{self.chain}#{self.last_sequence}"


class AuditEvent(models.Model):
    chain = models.CharField(max_length=20, editable=False)
    sequence = models.PositiveBigIntegerField(editable=False)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    occurred_at = models.DateTimeField(_("when"))
    actor_kind = models.CharField(_("who (kind)"), max_length=12, choices=ActorKind.choices)
    actor_id = models.CharField(_("who (id)"), max_length=150, blank=True)
    actor_label = models.CharField(_("who"), max_length=150, blank=True)
    assurance = models.CharField(_("assurance level"), max_length=60, blank=True)
    address = models.CharField(_("from where"), max_length=45, blank=True)
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    target_type = models.CharField(_("object type"), max_length=60, blank=True)
    target_id = models.CharField(_("object"), max_length=60, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["chain", "sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        constraints = [
            models.UniqueConstraint(fields=["chain", "sequence"], name="unique_audit_sequence")
        ]
        indexes = [
            models.Index(fields=["municipality", "occurred_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("Audit entries are append-only; they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit entries are removed by retention only (prune_audit_trail).")
