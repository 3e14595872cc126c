# SPDX-License-Identifier: EUPL-1.2
"""Writes for the desk: shifts, check-in, walk-in tickets and the call/serve/done cycle.

Every act that moves a visitor through the queue runs under booking's one lock rule
(``run_locked``: own transaction, bounded lock waits, retries, then BUSY) and re-checks the
state it depends on after taking its lock: a visit cancelled a moment ago is never checked
in. Every state change of a queue entry is a conditional UPDATE on its current status,
backed by partial unique constraints (one active call per visitor, one per counter). "Call
next" reads candidates with SELECT ... FOR UPDATE SKIP LOCKED, so two desks calling at the
same moment take two different visitors instead of waiting on each other. Acts on an
appointment are recorded on it with their actor.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from balie.audit.services import Actor as AuditActor
from balie.audit.services import AuditAction, record_staff_member_event
from balie.booking.actors import SYSTEM, Actor
from balie.booking.consequences import ChangeKind, record_change
from balie.booking.limits import count_against_limit, kiosk_rate_per_minute
from balie.booking.locks import run_locked
from balie.booking.models import Attendance, Reservation, ReservationStatus
from balie.catalog.models import Counter, Location, Product
from balie.desk.exceptions import DeskError, DeskErrorCode
from balie.desk.models import (
    ACTIVE_STATUSES,
    Arrival,
    ArrivalKind,
    DeskSettings,
    EntryStatus,
    QueueEntry,
    ServableCounter,
    Shift,
)
from balie.desk.selectors import (
    find_reservation_by_reference,
    get_desk_settings,
    list_servable_counter_ids,
    list_served_product_ids,
    local_today,
    waiting_entries_for_counter,
)
from balie.tenants.models import Municipality, StaffMembership

NUMBER_ATTEMPTS = 5
# Walk-in numbers wrap after 999, like a ticket roll; a location never sees that many a day.
MAX_NUMBER = 999
RECOVERY_CODES = 10

T = TypeVar("T")


def _locked(operation: Callable[[], T], *, municipality: Municipality, name: str) -> T:
    return run_locked(
        operation,
        municipality_id=municipality.pk,
        busy=lambda: DeskError(DeskErrorCode.BUSY),
        name=f"desk.{name}",
    )


def _record(
    *, reservation_id: int | None, municipality: Municipality, kind: ChangeKind, actor: Actor
) -> None:
    if reservation_id is not None:
        record_change(
            municipality_id=municipality.pk,
            reservation_id=reservation_id,
            kind=kind,
            actor=actor,
            at=timezone.now(),
        )


# --- shifts -------------------------------------------------------------------------------


def ensure_may_serve(*, municipality: Municipality, user_id: int | None, counter: Counter) -> None:
    """Refuse a staff member a counter the admin did not give them; no list means all."""
    allowed = list_servable_counter_ids(municipality=municipality, user_id=user_id)
    if allowed is not None and counter.pk not in allowed:
        raise DeskError(DeskErrorCode.COUNTER_NOT_ALLOWED)


def _ensure_actor_may_serve(*, municipality: Municipality, actor: Actor, counter: Counter) -> None:
    # Kiosk, API and system acts have no clerk; only a signed-in clerk is restricted.
    if actor.is_staff:
        ensure_may_serve(municipality=municipality, user_id=actor.user_id, counter=counter)


def set_servable_counters(*, membership: StaffMembership, counters: list[Counter]) -> None:
    """Replace the counters ``membership`` may serve; an empty list means every counter."""
    if any(counter.municipality_id != membership.municipality_id for counter in counters):
        raise ValidationError(
            _("A counter of another municipality cannot be chosen."), code="foreign_counter"
        )
    with transaction.atomic(), scope(municipality=membership.municipality_id):
        ServableCounter.objects.filter(membership=membership).delete()
        ServableCounter.objects.bulk_create(
            ServableCounter(
                municipality_id=membership.municipality_id, membership=membership, counter=counter
            )
            for counter in counters
        )


def start_shift(
    *,
    municipality: Municipality,
    user: AbstractBaseUser,
    counter: Counter,
    now: datetime | None = None,
) -> Shift:
    """Put ``user`` at ``counter``, ending their previous shift and any shift held there.

    Taking over a counter ends the other person's shift: a forgotten shift must never lock
    a counter for the rest of the day.
    """
    now = now or timezone.now()
    if counter.municipality_id != municipality.pk or not counter.active:
        raise DeskError(DeskErrorCode.UNKNOWN_COUNTER)
    ensure_may_serve(municipality=municipality, user_id=user.pk, counter=counter)
    with transaction.atomic(), scope(municipality=municipality.pk):
        Shift.objects.with_scopes_disabled().filter(user_id=user.pk, ended_at__isnull=True).update(
            ended_at=now
        )
        Shift.objects.filter(counter=counter, ended_at__isnull=True).update(ended_at=now)
        return Shift.objects.create(
            municipality=municipality,
            user=user,  # type: ignore[misc]
            counter=counter,
            started_at=now,
        )


def end_shift(
    *, municipality: Municipality, user: AbstractBaseUser, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    with scope(municipality=municipality.pk):
        Shift.objects.filter(user_id=user.pk, ended_at__isnull=True).update(ended_at=now)


# --- arrivals -----------------------------------------------------------------------------


def _create_arrival(**fields: object) -> Arrival:
    """Create an arrival with the next free daily number of its kind at its location.

    Two check-ins at the same moment may pick the same number; the unique constraint turns
    that into a retry inside a savepoint, so no lock on a shared row is needed.
    """
    location_id = fields["location"].pk  # type: ignore[attr-defined]
    for _attempt in range(NUMBER_ATTEMPTS):
        last = (
            Arrival.objects.filter(
                location_id=location_id,
                service_day=fields["service_day"],  # type: ignore[misc]
                kind=fields["kind"],
            )
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        number = (last or 0) % MAX_NUMBER + 1
        try:
            with transaction.atomic():
                return Arrival.objects.create(number=number, **fields)
        except IntegrityError:
            continue
    raise DeskError(DeskErrorCode.BUSY)


def check_in_visit(
    *,
    municipality: Municipality,
    reservation: Reservation,
    location: Location | None = None,
    user: AbstractBaseUser | None = None,
    actor: Actor = SYSTEM,
    priority: bool = False,
    now: datetime | None = None,
) -> Arrival:
    """Check a visitor in for today's appointment: the first leg joins its counter's queue.

    The visit's other legs are created as "checked in" and join their counters' queues one
    by one as the leg before them is completed. Checking in twice returns the first arrival.
    The status is checked again under the reservation's lock, so a cancellation that
    commits in between wins and the check-in is refused.
    """
    now = now or timezone.now()
    if reservation.municipality_id != municipality.pk:
        raise DeskError(DeskErrorCode.NOT_FOUND)
    if reservation.status != ReservationStatus.CONFIRMED:
        raise DeskError(DeskErrorCode.NOT_CONFIRMED)
    today = local_today(municipality=municipality, now=now)
    if local_today(municipality=municipality, now=reservation.start) != today:
        raise DeskError(DeskErrorCode.NOT_TODAY)
    if location is not None and reservation.location_id != location.pk:
        raise DeskError(DeskErrorCode.WRONG_LOCATION)
    desk_settings = get_desk_settings(municipality=municipality)

    def check_in() -> Arrival:
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        existing = Arrival.objects.filter(reservation=locked).first()
        if existing is not None:
            if existing.checked_in_at is None:
                raise DeskError(DeskErrorCode.ALREADY_CHECKED_IN)
            return existing
        if locked.status != ReservationStatus.CONFIRMED:
            raise DeskError(DeskErrorCode.NOT_CONFIRMED)
        arrival = _create_arrival(
            municipality=municipality,
            location=locked.location,
            service_day=today,
            kind=ArrivalKind.APPOINTMENT,
            reservation=locked,
            priority=priority,
            checked_in_at=now,
            checked_in_by=user if user is not None and user.pk else None,
        )
        legs = list(locked.legs.order_by("position"))
        late = now > locked.start + timedelta(minutes=desk_settings.late_tolerance_minutes)
        QueueEntry.objects.bulk_create(
            [
                QueueEntry(
                    municipality=municipality,
                    arrival=arrival,
                    location_id=locked.location_id,
                    kind=ArrivalKind.APPOINTMENT,
                    priority=priority,
                    leg=leg,
                    counter_id=leg.counter_id,
                    position=index,
                    status=EntryStatus.WAITING if index == 0 else EntryStatus.PENDING,
                    due_at=leg.start,
                    queued_at=now if index == 0 else None,
                    on_time=not late if index == 0 else False,
                    ordered_at=(now if late else leg.start) if index == 0 else None,
                )
                for index, leg in enumerate(legs)
            ]
        )
        locked.attendance = Attendance.ARRIVED
        locked.save(update_fields=["attendance", "updated_at"])
        _record(
            reservation_id=locked.pk,
            municipality=municipality,
            kind=ChangeKind.CHECKED_IN,
            actor=actor,
        )
        return arrival

    return _locked(check_in, municipality=municipality, name="check_in")


def check_in_at_kiosk(
    *,
    municipality: Municipality,
    location: Location,
    text: str,
    actor: Actor,
    now: datetime | None = None,
) -> Arrival:
    """A visitor checks in at the waiting-room kiosk with the reference typed or scanned.

    Every attempt, found or not, counts against the kiosk rate of the client address, so
    the kiosk cannot be used to try reference after reference.
    """
    wait = count_against_limit(
        name=f"kiosk-check-in:{location.pk}",
        client=actor.client_address,
        limit=kiosk_rate_per_minute(),
    )
    if wait is not None:
        raise DeskError(
            DeskErrorCode.RATE_LIMITED,
            detail=_("Please wait %(seconds)s seconds before trying again.") % {"seconds": wait},
            retry_after=wait,
        )
    reservation = find_reservation_by_reference(municipality=municipality, text=text)
    if reservation is None:
        raise DeskError(DeskErrorCode.NOT_FOUND)
    return check_in_visit(
        municipality=municipality, reservation=reservation, location=location, actor=actor, now=now
    )


def create_walk_in_ticket(
    *,
    municipality: Municipality,
    location: Location,
    product: Product,
    user: AbstractBaseUser | None = None,
    actor: Actor = SYSTEM,
    priority: bool = False,
    now: datetime | None = None,
) -> Arrival:
    """A ticket with a short number; any counter of ``location`` serving ``product`` calls it.

    A public actor (the waiting-room kiosk) counts against the kiosk ticket rate of its
    client address, so nobody can fill the queue with tickets.
    """
    now = now or timezone.now()
    with scope(municipality=municipality.pk):
        served = Product.objects.filter(
            pk=product.pk, services__counter__location=location, services__counter__active=True
        ).exists()
    if location.municipality_id != municipality.pk or not served:
        raise DeskError(DeskErrorCode.UNKNOWN_PRODUCT)
    if actor.is_public:
        wait = count_against_limit(
            name=f"kiosk:{location.pk}",
            client=actor.client_address,
            limit=kiosk_rate_per_minute(),
        )
        if wait is not None:
            raise DeskError(
                DeskErrorCode.RATE_LIMITED,
                detail=_("Please wait %(seconds)s seconds before taking another ticket.")
                % {"seconds": wait},
                retry_after=wait,
            )

    def create() -> Arrival:
        arrival = _create_arrival(
            municipality=municipality,
            location=location,
            service_day=local_today(municipality=municipality, now=now),
            kind=ArrivalKind.WALK_IN,
            product=product,
            priority=priority,
            checked_in_at=now,
            checked_in_by=user if user is not None and user.pk else None,
        )
        QueueEntry.objects.create(
            municipality=municipality,
            arrival=arrival,
            location=location,
            kind=ArrivalKind.WALK_IN,
            priority=priority,
            product=product,
            status=EntryStatus.WAITING,
            due_at=now,
            queued_at=now,
            on_time=False,
            ordered_at=now,
        )
        return arrival

    return _locked(create, municipality=municipality, name="walk_in")


# --- the call cycle -----------------------------------------------------------------------


def call_next_visitor(
    *,
    municipality: Municipality,
    counter: Counter,
    user: AbstractBaseUser,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> QueueEntry | None:
    """Call the first visitor in the fair order to ``counter``; None if nobody waits.

    Candidates locked by another desk's transaction are skipped, not waited for; the
    conditional UPDATE and the partial unique constraints make a double call impossible
    even if two transactions saw the same row.
    """
    now = now or timezone.now()
    if counter.municipality_id != municipality.pk:
        raise DeskError(DeskErrorCode.UNKNOWN_COUNTER)
    ensure_may_serve(municipality=municipality, user_id=user.pk, counter=counter)
    desk_settings = get_desk_settings(municipality=municipality)
    product_ids = list_served_product_ids(counter=counter)

    def call() -> QueueEntry | None:
        if QueueEntry.objects.filter(counter=counter, status__in=ACTIVE_STATUSES).exists():
            raise DeskError(DeskErrorCode.COUNTER_BUSY)
        candidates = waiting_entries_for_counter(
            municipality=municipality,
            counter=counter,
            product_ids=product_ids,
            now=now,
            desk_settings=desk_settings,
        ).select_for_update(skip_locked=True)
        # One row at a time: LIMIT n FOR UPDATE would lock n visitors away from the
        # other desks. The UPDATE re-checks the status in case the row changed hands.
        for _attempt in range(3):
            entry = candidates.first()
            if entry is None:
                return None
            called = QueueEntry.objects.filter(pk=entry.pk, status=EntryStatus.WAITING).update(
                status=EntryStatus.CALLED,
                counter=counter,
                called_by=user,
                called_at=now,
                call_count=1,
                updated_at=now,
            )
            if called:
                return QueueEntry.objects.select_related("arrival").get(pk=entry.pk)
        return None

    try:
        return _locked(call, municipality=municipality, name="call_next")
    except IntegrityError as error:
        # Another request of this counter called someone in the meantime (a double click).
        raise DeskError(DeskErrorCode.COUNTER_BUSY) from error


def _transition(
    *,
    municipality: Municipality,
    counter: Counter,
    entry_id: int,
    allowed: tuple[str, ...],
    now: datetime,
    **changes: object,
) -> int:
    """Apply ``changes`` if the entry is still in an ``allowed`` status at ``counter``."""
    return QueueEntry.objects.filter(
        pk=entry_id, counter=counter, status__in=allowed, municipality=municipality
    ).update(updated_at=now, **changes)


def recall_visitor(
    *,
    municipality: Municipality,
    counter: Counter,
    entry_id: int,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> None:
    """Call the same visitor again; the display shows the number on top once more."""
    now = now or timezone.now()
    _ensure_actor_may_serve(municipality=municipality, actor=actor, counter=counter)

    def recall() -> None:
        entry = QueueEntry.objects.select_for_update().filter(pk=entry_id, counter=counter).first()
        if entry is None or entry.status != EntryStatus.CALLED:
            raise DeskError(DeskErrorCode.NOT_ACTIVE)
        entry.call_count += 1
        entry.called_at = now
        entry.save(update_fields=["call_count", "called_at", "updated_at"])

    _locked(recall, municipality=municipality, name="recall")


def start_serving(
    *,
    municipality: Municipality,
    counter: Counter,
    entry_id: int,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> None:
    now = now or timezone.now()
    _ensure_actor_may_serve(municipality=municipality, actor=actor, counter=counter)

    def serve() -> int:
        return _transition(
            municipality=municipality,
            counter=counter,
            entry_id=entry_id,
            allowed=(EntryStatus.CALLED,),
            now=now,
            status=EntryStatus.SERVING,
            serving_at=now,
        )

    if not _locked(serve, municipality=municipality, name="serve"):
        raise DeskError(DeskErrorCode.NOT_ACTIVE)


def _reservation_of(entry: QueueEntry) -> int | None:
    return Arrival.objects.filter(pk=entry.arrival_id).values_list("reservation_id", flat=True)[0]


def complete_leg(
    *,
    municipality: Municipality,
    counter: Counter,
    entry_id: int,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> QueueEntry | None:
    """Mark the visitor at ``counter`` done; returns the next leg's entry, now waiting.

    Both happen in one transaction: the visitor is never lost between two counters. The
    last leg of an appointment records the visit as completed.
    """
    now = now or timezone.now()
    _ensure_actor_may_serve(municipality=municipality, actor=actor, counter=counter)

    def complete() -> QueueEntry | None:
        entry = (
            QueueEntry.objects.select_for_update()
            .filter(pk=entry_id, counter=counter, status__in=ACTIVE_STATUSES)
            .first()
        )
        if entry is None:
            raise DeskError(DeskErrorCode.NOT_ACTIVE)
        entry.status = EntryStatus.DONE
        entry.finished_at = now
        entry.save(update_fields=["status", "finished_at", "updated_at"])
        following = (
            QueueEntry.objects.select_for_update()
            .filter(arrival_id=entry.arrival_id, position=entry.position + 1)
            .first()
        )
        if following is None:
            _record(
                reservation_id=_reservation_of(entry),
                municipality=municipality,
                kind=ChangeKind.COMPLETED,
                actor=actor,
            )
            return None
        if following.status != EntryStatus.PENDING:
            return None
        # The visitor was on time for the visit, so they keep their booked place in the
        # next queue even if the counter before ran late.
        following.status = EntryStatus.WAITING
        following.queued_at = now
        following.on_time = True
        following.ordered_at = following.due_at
        following.save(
            update_fields=["status", "queued_at", "on_time", "ordered_at", "updated_at"]
        )
        return following

    return _locked(complete, municipality=municipality, name="complete")


def mark_no_show(
    *,
    municipality: Municipality,
    counter: Counter,
    entry_id: int,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> None:
    """The called visitor did not come: close this leg and the visit's remaining legs."""
    now = now or timezone.now()
    _ensure_actor_may_serve(municipality=municipality, actor=actor, counter=counter)

    def no_show() -> None:
        entry = (
            QueueEntry.objects.select_for_update()
            .filter(pk=entry_id, counter=counter, status=EntryStatus.CALLED)
            .first()
        )
        if entry is None:
            raise DeskError(DeskErrorCode.NOT_ACTIVE)
        entry.status = EntryStatus.NO_SHOW
        entry.finished_at = now
        entry.save(update_fields=["status", "finished_at", "updated_at"])
        QueueEntry.objects.filter(arrival_id=entry.arrival_id, status=EntryStatus.PENDING).update(
            status=EntryStatus.CANCELLED, finished_at=now, updated_at=now
        )
        _record(
            reservation_id=_reservation_of(entry),
            municipality=municipality,
            kind=ChangeKind.NO_SHOW,
            actor=actor,
        )

    _locked(no_show, municipality=municipality, name="no_show")


def mark_appointment_no_show(
    *,
    municipality: Municipality,
    reservation: Reservation,
    user: AbstractBaseUser | None = None,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> Arrival:
    """Record that a visitor with an appointment today never arrived.

    The status is checked again under the reservation's lock: a visit cancelled a moment
    ago stays cancelled, not a no-show.
    """
    now = now or timezone.now()
    if reservation.municipality_id != municipality.pk:
        raise DeskError(DeskErrorCode.NOT_FOUND)
    if reservation.status != ReservationStatus.CONFIRMED:
        raise DeskError(DeskErrorCode.NOT_CONFIRMED)
    if reservation.start > now:
        raise DeskError(DeskErrorCode.NOT_STARTED)

    def no_show() -> Arrival:
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if Arrival.objects.filter(reservation=locked).exists():
            raise DeskError(DeskErrorCode.ALREADY_CHECKED_IN)
        if locked.status != ReservationStatus.CONFIRMED:
            raise DeskError(DeskErrorCode.NOT_CONFIRMED)
        arrival = _create_arrival(
            municipality=municipality,
            location=locked.location,
            service_day=local_today(municipality=municipality, now=locked.start),
            kind=ArrivalKind.APPOINTMENT,
            reservation=locked,
            checked_in_at=None,
            checked_in_by=user if user is not None and user.pk else None,
        )
        QueueEntry.objects.bulk_create(
            [
                QueueEntry(
                    municipality=municipality,
                    arrival=arrival,
                    location_id=locked.location_id,
                    kind=ArrivalKind.APPOINTMENT,
                    leg=leg,
                    counter_id=leg.counter_id,
                    position=index,
                    status=EntryStatus.NO_SHOW,
                    due_at=leg.start,
                    finished_at=now,
                )
                for index, leg in enumerate(locked.legs.order_by("position"))
            ]
        )
        locked.attendance = Attendance.NO_SHOW
        locked.save(update_fields=["attendance", "updated_at"])
        _record(
            reservation_id=locked.pk,
            municipality=municipality,
            kind=ChangeKind.NO_SHOW,
            actor=actor,
        )
        return arrival

    return _locked(no_show, municipality=municipality, name="appointment_no_show")


# --- configuration ------------------------------------------------------------------------


def update_desk_settings(
    *,
    municipality: Municipality,
    early_call_minutes: int,
    late_tolerance_minutes: int,
    appointments_first: bool,
    display_items: int,
) -> DeskSettings:
    with transaction.atomic(), scope(municipality=municipality.pk):
        desk_settings = DeskSettings.objects.filter(municipality=municipality).first()
        desk_settings = desk_settings or DeskSettings(municipality=municipality)
        desk_settings.early_call_minutes = early_call_minutes
        desk_settings.late_tolerance_minutes = late_tolerance_minutes
        desk_settings.appointments_first = appointments_first
        desk_settings.display_items = display_items
        desk_settings.full_clean()
        desk_settings.save()
    return desk_settings


# --- second factor ------------------------------------------------------------------------


def has_confirmed_second_factor(*, user: AbstractBaseUser) -> bool:
    return any(
        model.objects.filter(user_id=user.pk, confirmed=True).exists()
        for model in (TOTPDevice, StaticDevice)
    )


def start_totp_setup(*, user: AbstractBaseUser) -> TOTPDevice | None:
    """The user's unconfirmed authenticator, created once, until a code confirms it.

    None once the user has a confirmed device: a password alone must never be enough to
    enrol another one. Only an audited reset (``reset_second_factor``) opens enrolment again.
    """
    if has_confirmed_second_factor(user=user):
        return None
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Balie", confirmed=False)


def confirm_totp_device(
    *, user: AbstractBaseUser, token: str, actor: AuditActor
) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with a first code and issue recovery codes.

    None if the code is wrong or the user already has a confirmed device.
    """
    with transaction.atomic():
        if has_confirmed_second_factor(user=user):
            return None
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=user.pk, confirmed=False)
            .order_by("pk")
            .first()
        )
        if device is None or not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
        recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
        record_staff_member_event(
            action=AuditAction.SECOND_FACTOR_ENROLLED, actor=actor, user_id=user.pk
        )
    return device, codes


def reset_second_factor(*, user: AbstractBaseUser, actor: AuditActor, reason: str) -> int:
    """Remove every second factor of ``user`` so they can enrol again; always audited."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            count, _by_model = model.objects.filter(user_id=user.pk).delete()
            removed += count
        record_staff_member_event(
            action=AuditAction.SECOND_FACTOR_RESET,
            actor=actor,
            user_id=user.pk,
            detail={"reason": reason[:200]},
        )
    return removed


def verify_second_factor(*, user: AbstractBaseUser, token: str) -> Device | None:
    """The confirmed device that accepts ``token`` (an app code or a one-time recovery code);
    devices throttle repeated failures."""
    return match_token(user, token)
