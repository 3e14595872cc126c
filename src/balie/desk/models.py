# SPDX-License-Identifier: EUPL-1.2
"""Desk state for the day: who works where, who is in the building, and the queues.

The booking app owns what was booked (Reservation, Leg); this app owns what happens on the
day. A visitor in the building is an ``Arrival`` (with a short number for the call display);
each counter the visitor must see is a ``QueueEntry``. The database itself guarantees that a
visitor is called to at most one counter at a time, and that a counter calls one visitor at
a time, so two clerks can never take the same person.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from balie.booking.models import Leg, Reservation
from balie.catalog.models import Counter, Location, Product
from balie.tenants.models import StaffMembership, TenantModel


class DeskSettings(TenantModel):
    """How a municipality orders its queues; one row per municipality, defaults if absent."""

    early_call_minutes = models.PositiveSmallIntegerField(
        _("call appointments early (minutes)"),
        default=5,
        validators=[MaxValueValidator(60)],
        help_text=_("An appointment counts as due this long before its time."),
    )
    late_tolerance_minutes = models.PositiveSmallIntegerField(
        _("late arrival tolerance (minutes)"),
        default=10,
        validators=[MaxValueValidator(120)],
        help_text=_("Visitors who check in later than this queue like walk-ins."),
    )
    appointments_first = models.BooleanField(
        _("due appointments before walk-ins"),
        default=True,
        help_text=_("If off, due appointments and walk-ins are called in order of time."),
    )
    display_items = models.PositiveSmallIntegerField(
        _("calls on the display"), default=8, validators=[MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = _("desk settings")
        verbose_name_plural = _("desk settings")
        constraints = [models.UniqueConstraint(fields=["municipality"], name="one_desk_settings")]

    def __str__(self) -> str:
        return f"desk settings {self.municipality_id}"


class Shift(TenantModel):
    """A staff member at one counter, from the start of the shift until it ends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_shifts",
        verbose_name=_("user"),
    )
    counter = models.ForeignKey(
        Counter, on_delete=models.CASCADE, related_name="+", verbose_name=_("counter")
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            # One counter at a time per person, one person at a time per counter.
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="one_open_shift_per_user"
            ),
            models.UniqueConstraint(
                fields=["counter"],
                condition=Q(ended_at__isnull=True),
                name="one_open_shift_per_counter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.counter_id}"


class ServableCounter(TenantModel):
    """A counter a staff member may serve; a member without any row may serve every counter.

    Empty means "all" so that a municipality that never restricts anyone (and every member
    invited before restrictions existed) keeps working unchanged.
    """

    membership = models.ForeignKey(
        StaffMembership,
        on_delete=models.CASCADE,
        related_name="servable_counters",
        verbose_name=_("staff membership"),
    )
    counter = models.ForeignKey(
        Counter, on_delete=models.CASCADE, related_name="+", verbose_name=_("counter")
    )

    class Meta:
        ordering = ["membership", "counter"]
        verbose_name = _("counter a staff member may serve")
        verbose_name_plural = _("counters a staff member may serve")
        constraints = [
            # The municipality leads so the rule holds per shard (docs/scaling.md).
            models.UniqueConstraint(
                fields=["municipality", "membership", "counter"], name="one_servable_counter_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} may serve {self.counter_id}"


class ArrivalKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment")
    WALK_IN = "walk_in", _("Walk-in")


class Arrival(TenantModel):
    """A visitor in the building today, known on screen only by a short number."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, verbose_name=_("location"))
    service_day = models.DateField(_("day"))
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=12, choices=ArrivalKind.choices)
    reservation = models.OneToOneField(
        Reservation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="desk_arrival",
        verbose_name=_("appointment"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    priority = models.BooleanField(
        _("priority"),
        default=False,
        help_text=_("Called before others, e.g. for reduced mobility."),
    )
    # Null for an appointment marked no-show without ever arriving.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["service_day", "kind", "number"]
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        constraints = [
            # Appointments (A001, A002, …) and walk-ins (W001, …) each count from one.
            models.UniqueConstraint(
                fields=["location", "service_day", "kind", "number"],
                name="unique_arrival_number_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind=ArrivalKind.APPOINTMENT, reservation__isnull=False)
                | Q(kind=ArrivalKind.WALK_IN, product__isnull=False),
                name="arrival_has_reservation_or_product",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """What the call display shows: a letter for the kind and a daily number."""
        letter = "A" if self.kind == ArrivalKind.APPOINTMENT else "W"
        return f"{letter}{self.number:03d}"


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Checked in")
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    SERVING = "serving", _("Serving")
    DONE = "done", _("Done")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Not served")


ACTIVE_STATUSES = (EntryStatus.CALLED, EntryStatus.SERVING)


class QueueEntry(TenantModel):
    """One visitor in one counter's queue: a leg of a visit, or a walk-in ticket.

    A leg's entry belongs to its counter's queue from the start. A walk-in's entry has no
    counter while it waits: any counter serving its product may call it, and the one that
    does is written into ``counter``.
    """

    arrival = models.ForeignKey(
        Arrival, on_delete=models.CASCADE, related_name="entries", verbose_name=_("arrival")
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("location")
    )
    # Denormalised from the arrival so that "call next" is one index scan with no join.
    kind = models.CharField(_("kind"), max_length=12, choices=ArrivalKind.choices)
    priority = models.BooleanField(_("priority"), default=False)
    leg = models.OneToOneField(
        Leg,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="desk_entry",
        verbose_name=_("leg"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    counter = models.ForeignKey(
        Counter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counter"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.WAITING
    )
    due_at = models.DateTimeField(_("due at"))
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # Set when the entry starts waiting, so that the fair order is a plain index scan: an
    # appointment on time is ordered by its booked time, anyone else by arrival in the queue.
    on_time = models.BooleanField(_("on time"), default=False)
    ordered_at = models.DateTimeField(_("in line since"), null=True, blank=True)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    call_count = models.PositiveSmallIntegerField(_("calls"), default=0)
    serving_at = models.DateTimeField(_("serving since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("called by"),
    )

    class Meta:
        ordering = ["arrival", "position"]
        verbose_name = _("queue entry")
        verbose_name_plural = _("queue entries")
        constraints = [
            # The heart of "never two clerks call the same visitor": at most one active
            # entry per visitor, and at most one active visitor per counter.
            models.UniqueConstraint(
                fields=["arrival"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_call_per_visitor",
            ),
            models.UniqueConstraint(
                fields=["counter"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="one_active_call_per_counter",
            ),
            models.UniqueConstraint(fields=["arrival", "position"], name="unique_entry_position"),
            models.CheckConstraint(
                condition=~Q(status__in=ACTIVE_STATUSES) | Q(counter__isnull=False),
                name="active_entry_has_counter",
            ),
        ]
        indexes = [
            models.Index(fields=["location", "status", "due_at"]),
            models.Index(fields=["counter", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.arrival_id}/{self.position} {self.status}"
