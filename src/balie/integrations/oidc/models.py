# SPDX-License-Identifier: EUPL-1.2
"""Who logged in through ACM/IDM, which appointments are theirs, and per-municipality switches.

A citizen (doelgroep BUR) and a civil servant (LB) get separate Django users even when ACM
gives both capacities the same ``sub``: desk rights never leak into a citizen session and a
clerk's own appointments never show up at the desk. Only the ``sub`` is stored, never the
national register number: it stays in the session for prefilling and in the appointment
only where the municipality requires it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.booking.models import Reservation
from balie.core.models import TimestampedModel
from balie.integrations.oidc.assurance import AssuranceLevel
from balie.tenants.models import Municipality


class CitizenAccount(TimestampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_account",
        verbose_name=_("user"),
    )
    sub = models.CharField(_("ACM subject"), max_length=255, unique=True)
    # The address last used to book, offered again so the citizen need not retype it.
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self) -> str:
        return f"citizen {self.pk}"


class StaffIdentity(TimestampedModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_identity",
        verbose_name=_("user"),
    )
    sub = models.CharField(_("ACM subject"), max_length=255, unique=True)
    org_code = models.CharField(_("organisation code"), max_length=40, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("civil servant login")
        verbose_name_plural = _("civil servant logins")

    def __str__(self) -> str:
        return f"civil servant {self.pk}"


class LinkSource(models.TextChoices):
    BOOKED = "booked", _("Booked while logged in")
    NATIONAL_NUMBER = "national_number", _("Same national register number")


class CitizenAppointmentLink(TimestampedModel):
    """An appointment that belongs to a logged-in citizen; moving keeps the same row."""

    # The appointment's municipality, so that the link lives on the appointment's shard
    # (docs/scaling.md); the citizen's list of appointments reads across municipalities.
    municipality = models.ForeignKey(
        "tenants.Municipality", on_delete=models.CASCADE, verbose_name=_("municipality")
    )
    reservation = models.OneToOneField(
        Reservation,
        on_delete=models.CASCADE,
        related_name="citizen_link",
        verbose_name=_("appointment"),
    )
    account = models.ForeignKey(
        CitizenAccount,
        on_delete=models.CASCADE,
        related_name="appointment_links",
        verbose_name=_("citizen account"),
    )
    source = models.CharField(
        _("linked because"), max_length=20, choices=LinkSource.choices, default=LinkSource.BOOKED
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("citizen appointment")
        verbose_name_plural = _("citizen appointments")

    def __str__(self) -> str:
        return f"{self.reservation_id} → {self.account_id}"


class MunicipalityLoginSettings(TimestampedModel):
    """ACM/IDM and Mijn Burgerprofiel settings of one municipality (defaults when absent)."""

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="login_settings",
        verbose_name=_("municipality"),
    )
    acm_org_codes = models.CharField(
        _("ACM organisation codes"),
        max_length=200,
        blank=True,
        help_text=_(
            "OVO codes or KBO numbers in vo_orgcode and in role claims, separated by commas. "
            "The NIS code always matches too."
        ),
    )
    minimum_staff_assurance = models.CharField(
        _("minimum assurance level for staff"),
        max_length=12,
        choices=AssuranceLevel.choices,
        default=AssuranceLevel.SUBSTANTIAL,
        help_text=_(
            "A civil servant whose Flemish government login reached this level skips "
            "Balie's own second factor; below it, Balie asks for its code."
        ),
    )
    burgerprofiel_header = models.BooleanField(
        _("show the Mijn Burgerprofiel header"),
        default=False,
        help_text=_("Load the Flemish global header widget on this municipality's pages."),
    )
    burgerprofiel_widget_id = models.CharField(
        _("header widget id"),
        max_length=64,
        blank=True,
        help_text=_("The UUID Digitaal Vlaanderen issues for the header widget."),
    )

    class Meta:
        ordering = ["municipality"]
        verbose_name = _("login settings")
        verbose_name_plural = _("login settings")

    def __str__(self) -> str:
        return f"login settings {self.municipality_id}"

    @property
    def org_codes(self) -> list[str]:
        return [code.strip() for code in self.acm_org_codes.split(",") if code.strip()]
