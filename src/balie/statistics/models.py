# SPDX-License-Identifier: EUPL-1.2
"""Summary tables: one row per municipality, local day and dimension, kept by a task.

The dashboard and the open data read only these tables, never raw appointments. They hold
counts, minutes and seconds, nothing about a person, so they outlive the erasure of
personal data: a day refreshed again after its appointments were anonymised comes out the
same (the refresh never reads a name, e-mail, phone or register number).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import Counter, Location, Product
from balie.tenants.models import TenantModel


class VisitKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    WALK_IN = "walk_in", _("Walk-in")


class StatisticsChannel(models.TextChoices):
    """Where a visit came from: booking channels, and the two ways to draw a ticket."""

    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    DESK = "desk", _("At the desk")
    API = "api", _("API")
    KIOSK = "kiosk", _("Kiosk")


class DeskStage(models.TextChoices):
    """Which wait a queue entry measures: the first counter, a walk-in, or a hand-off."""

    APPOINTMENT = "appointment", _("Appointment, first counter")
    WALK_IN = "walk_in", _("Walk-in")
    HAND_OFF = "hand_off", _("Hand-off to the next counter")


class DailyVisits(TenantModel):
    """Visits of one day at one location by channel: booked appointments or walk-in tickets."""

    day = models.DateField(_("day"))
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=StatisticsChannel.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=VisitKind.choices)
    # Appointments ever confirmed for the day (cancelled ones included), or tickets drawn.
    booked = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    multi_counter = models.PositiveIntegerField(default=0)
    multi_counter_completed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "location", "channel", "kind"],
                name="unique_daily_visits",
            )
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.location_id} {self.channel}/{self.kind}"


class DailyProduct(TenantModel):
    """One product on one day at one location: appointments asking for it and walk-ins."""

    day = models.DateField(_("day"))
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    booked = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    # Items asked for by kept appointments (two passports count two).
    quantity = models.PositiveIntegerField(default=0)
    walk_ins = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily product figures")
        verbose_name_plural = _("daily product figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "location", "product"],
                name="unique_daily_product",
            )
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.location_id} {self.product_id}"


class DailyCounterTime(TenantModel):
    """A counter's open and booked minutes on one day, staff-only time apart."""

    day = models.DateField(_("day"))
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="+")
    # All open minutes, staff-only ones included; staff_only_minutes is the part kept free
    # for staff bookings, and booked_staff_only_minutes the booked part of it.
    open_minutes = models.PositiveIntegerField(default=0)
    staff_only_minutes = models.PositiveIntegerField(default=0)
    booked_minutes = models.PositiveIntegerField(default=0)
    booked_staff_only_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily counter time")
        verbose_name_plural = _("daily counter time")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "counter"], name="unique_daily_counter_time"
            )
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.counter_id}"


class DailyDesk(TenantModel):
    """Waiting and service at the desk on one day, per counter and stage."""

    day = models.DateField(_("day"))
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    # Empty for walk-ins no counter ever called.
    counter = models.ForeignKey(
        Counter, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=DeskStage.choices)
    queued = models.PositiveIntegerField(default=0)
    served = models.PositiveIntegerField(default=0)
    no_shows = models.PositiveIntegerField(default=0)
    waits = models.PositiveIntegerField(default=0)
    wait_seconds = models.PositiveBigIntegerField(default=0)
    wait_max_seconds = models.PositiveIntegerField(default=0)
    services = models.PositiveIntegerField(default=0)
    service_seconds = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily desk figures")
        verbose_name_plural = _("daily desk figures")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "location", "counter", "stage"],
                name="unique_daily_desk",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.counter_id} {self.stage}"


class DailyFirstFree(TenantModel):
    """How far away the first free appointment was, measured once a day.

    A snapshot: the past cannot be recomputed, so refreshing a day's counts never touches
    it. ``minutes`` is empty when nothing was free within the booking horizon.
    """

    day = models.DateField(_("day"))
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField(null=True, blank=True)
    measured_at = models.DateTimeField(_("measured at"))

    class Meta:
        verbose_name = _("time to the first free appointment")
        verbose_name_plural = _("times to the first free appointment")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "location", "product"],
                name="unique_daily_first_free",
            )
        ]
        indexes = [models.Index(fields=["municipality", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.location_id} {self.product_id}: {self.minutes}"
