# SPDX-License-Identifier: EUPL-1.2
"""Writes for booking: hold a visit, confirm it, cancel, move, release or expire it.

Each use case owns the whole act: it validates, applies the abuse limits for public
actors, runs under the one lock rule (``locks.run_locked``: own transaction, bounded lock
waits, retries, BUSY), re-checks the state after the lock, writes, records who did it and
queues its consequences for after the commit (``consequences.record_change``). Counter
time is taken as unique five-minute unit rows in (counter, time) order; a conflict becomes
a BookingError with the nearest free alternatives; nothing is left half done. Faces only
adapt: none of them opens a transaction or sends a message.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID
from zoneinfo import ZoneInfo

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django_scopes import scope
from stdnum.be import nn as national_number

from balie.booking.actors import SYSTEM, Actor
from balie.booking.consequences import ChangeKind, record_change, record_changes
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.limits import count_against_limit, hold_rate_per_minute, normalise_email
from balie.booking.locks import lock_person, purge_expired_units, run_locked
from balie.booking.models import (
    UNIT_MINUTES,
    Channel,
    CounterTimeUnit,
    IdempotencyRecord,
    Leg,
    Reservation,
    ReservationStatus,
    VisitItem,
)
from balie.booking.replica import note_availability_change
from balie.booking.schedules import (
    build_prepared_schedule,
    bump_schedule_versions,
    get_prepared_schedule,
)

# Re-exported: the visit size limit is part of what booking services accept.
from balie.booking.selectors import MAX_VISIT_PRODUCTS as MAX_VISIT_PRODUCTS
from balie.booking.selectors import (
    build_visit_schedule,
    check_changeable,
    count_appointments_on,
    get_remembered_legs,
    list_visit_pairs,
    remember_related,
    validate_visit,
    visit_from_pairs,
)
from balie.catalog.models import ClosingDay, Counter, Location, Product
from balie.catalog.services import list_occurrences
from balie.core.i18n import CONTENT_LANGUAGES
from balie.scheduling import (
    Audience,
    Schedule,
    SchedulingError,
    Solution,
    Visit,
    find_solution,
    next_starts,
)
from balie.tenants.models import Municipality

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone
_UNIT = timedelta(minutes=UNIT_MINUTES)


@dataclass(frozen=True)
class CitizenDetails:
    given_name: str
    family_name: str
    email: str = ""
    phone: str = ""
    national_number: str = ""
    language: str = "nl"
    # Only an explicit yes counts: the form's box starts unticked.
    sms_consent: bool = False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(*, reservation: Reservation, token: str) -> bool:
    return bool(reservation.manage_token_hash) and hmac.compare_digest(
        reservation.manage_token_hash, hash_token(token)
    )


def _new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"BAL-{chars[:4]}-{chars[4:]}"


# --- the visit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _VisitRequest:
    """A visit asked for at a location, as one audience sees it at one moment."""

    municipality: Municipality
    location: Location
    visit: Visit
    now: datetime
    audience: Audience
    ignore_reservation_id: int | None = None

    def schedule(self, *, first_day: date, last_day: date) -> Schedule:
        return build_visit_schedule(
            municipality=self.municipality,
            location=self.location,
            visit=self.visit,
            first_day=first_day,
            last_day=last_day,
            now=self.now,
            audience=self.audience,
            ignore_reservation_id=self.ignore_reservation_id,
        )

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(ZoneInfo(self.municipality.timezone)).date()


def _solve(request: _VisitRequest, *, start: datetime) -> Solution:
    day = request.local_date(start)
    schedule = request.schedule(first_day=day, last_day=day)
    solution = find_solution(
        schedule, request.visit, start=start, now=request.now, audience=request.audience
    )
    if solution is None:
        raise _unavailable(request, start=start)
    return solution


def _solve_prepared(request: _VisitRequest, *, start: datetime) -> Solution:
    """``_solve`` on the location's prepared schedule when another request left one.

    A reused schedule is only trusted to say yes (the unit rows decide in the end); a no is
    asked again on a fresh read, so a hold that lapsed since never blocks a citizen. A
    refusal takes its alternatives from that fresh day when it has three of them.
    """
    day = request.local_date(start)
    cached = partial(
        get_prepared_schedule,
        municipality=request.municipality,
        location=request.location,
        first_day=day,
        last_day=day,
        now=request.now,
        audience=request.audience,
    )
    fresh = partial(build_prepared_schedule, **cached.keywords)
    try:
        prepared, reused = cached()
        solution = prepared.find_solution(request.visit, start=start, now=request.now)
        if solution is None and reused:
            prepared = fresh()
            solution = prepared.find_solution(request.visit, start=start, now=request.now)
        if solution is not None:
            return solution
        nearby = prepared.next_starts(request.visit, after=start, now=request.now, limit=3)
    except SchedulingError:
        # A product the location does not serve: the per-visit path words the refusal.
        return _solve(request, start=start)
    if len(nearby) == 3:
        raise BookingError(BookingErrorCode.SLOT_UNAVAILABLE, alternatives=nearby)
    raise _unavailable(request, start=start)


def _unavailable(request: _VisitRequest, *, start: datetime) -> BookingError:
    """A slot-unavailable error carrying the three nearest free starts (a fresh read)."""
    day = request.local_date(max(start, request.now))
    schedule = request.schedule(first_day=day, last_day=day + timedelta(days=14))
    alternatives = next_starts(
        schedule, request.visit, after=start, now=request.now, audience=request.audience, limit=3
    )
    return BookingError(BookingErrorCode.SLOT_UNAVAILABLE, alternatives=alternatives)


# --- counter time -------------------------------------------------------------------------


def _busy() -> BookingError:
    return BookingError(BookingErrorCode.BUSY)


def _locked(operation, *, municipality_id: int | None, name: str):  # type: ignore[no-untyped-def]
    return run_locked(operation, municipality_id=municipality_id, busy=_busy, name=name)


def _insert_units(*, reservation: Reservation, legs: Sequence[Leg], now: datetime) -> None:
    """Take the legs' unit rows; raises IntegrityError if any unit is taken."""
    units = sorted(
        (
            CounterTimeUnit(
                municipality_id=reservation.municipality_id,
                counter_id=leg.counter_id,
                unit_start=leg.start + index * _UNIT,
                leg=leg,
                expires_at=reservation.expires_at,
            )
            for leg in legs
            for index in range((leg.end - leg.start) // _UNIT)
        ),
        key=lambda unit: (unit.counter_id, unit.unit_start),
    )
    # Expired holds never block anyone: release their units in this same transaction.
    purge_expired_units(
        municipality_id=reservation.municipality_id,
        spans=[(leg.counter_id, leg.start, leg.end) for leg in legs],
        now=now,
    )
    CounterTimeUnit.objects.bulk_create(units)
    note_availability_change(location_ids=[reservation.location_id])
    bump_schedule_versions(location_ids=[reservation.location_id])


def _take_counter_time(
    *,
    reservation: Reservation,
    solution: Solution,
    now: datetime,
) -> dict[int, int]:
    """Create the legs and their unit rows; raises IntegrityError if any unit is taken.

    Returns which leg serves which product (product id to leg id).
    """
    legs = Leg.objects.bulk_create(
        [
            Leg(
                municipality_id=reservation.municipality_id,
                reservation=reservation,
                counter_id=leg.counter_id,
                position=position,
                start=leg.start,
                end=leg.end,
                expires_at=reservation.expires_at,
            )
            for position, leg in enumerate(solution.legs)
        ]
    )
    if any(leg.pk is None for leg in legs):  # pragma: no cover - both databases return ids
        legs = list(Leg.objects.filter(reservation=reservation).order_by("position"))
    _insert_units(reservation=reservation, legs=legs, now=now)
    remember_related(reservation, "legs", legs)
    return {
        item.product_id: leg.pk
        for leg, planned in zip(legs, solution.legs, strict=True)
        for item in planned.items
    }


def _create_visit_items(
    *,
    reservation: Reservation,
    visit: Visit,
    leg_of: dict[int, int],
    products: dict[int, Product],
) -> None:
    rows = VisitItem.objects.bulk_create(
        [
            VisitItem(
                municipality_id=reservation.municipality_id,
                reservation=reservation,
                leg_id=leg_of[item.product_id],
                product=products[item.product_id],
                quantity=item.quantity,
                position=position,
            )
            for position, item in enumerate(visit.items)
        ]
    )
    # The rows just written are the visit's products and its legs' (the legs are remembered
    # by ``_take_counter_time``): whoever answers with this reservation (the API's response)
    # reads them here instead of from the database.
    remember_related(reservation, "visit_items", rows)
    for leg in get_remembered_legs(reservation) or []:
        remember_related(leg, "visit_items", [row for row in rows if row.leg_id == leg.pk])


def _reassign_visit_items(*, reservation: Reservation, leg_of: dict[int, int]) -> None:
    """After a move the same products are served by the new legs: one UPDATE."""
    VisitItem.objects.filter(reservation=reservation).update(
        leg_id=Case(
            *(
                When(product_id=product_id, then=Value(leg_id))
                for product_id, leg_id in leg_of.items()
            ),
            default=None,
            output_field=IntegerField(),
        )
    )


def _release_counter_time(*, reservations: Sequence[tuple[int, int]]) -> None:
    """Free the counter time of (reservation id, location id) pairs."""
    reservation_ids = [reservation_id for reservation_id, _location in reservations]
    CounterTimeUnit.objects.filter(leg__reservation_id__in=reservation_ids).delete()
    Leg.objects.with_scopes_disabled().filter(reservation_id__in=reservation_ids).update(
        released=True
    )
    location_ids = {location_id for _reservation, location_id in reservations}
    note_availability_change(location_ids=location_ids)
    bump_schedule_versions(location_ids=location_ids)


def _expected_units(reservation: Reservation) -> int:
    return sum((leg.end - leg.start) // _UNIT for leg in reservation.legs.all())


def _check_in_range(*, municipality: Municipality, start: datetime, now: datetime) -> None:
    """Refuse starts far outside the horizon (year 1 or 9999) before any date arithmetic."""
    earliest = now - timedelta(days=1)
    latest = now + timedelta(days=municipality.horizon_days + 1)
    if start.tzinfo is None or not earliest <= start <= latest:
        message = str(BookingErrorCode.OUT_OF_RANGE.label)
        raise BookingError(BookingErrorCode.OUT_OF_RANGE, field_errors={"start": [message]})


def _check_hold_rate(actor: Actor) -> None:
    if not actor.is_public:
        return
    wait = count_against_limit(
        name="holds", client=actor.client_address, limit=hold_rate_per_minute()
    )
    if wait is not None:
        raise BookingError(
            BookingErrorCode.RATE_LIMITED,
            detail=_("Please wait %(seconds)s seconds before trying again.") % {"seconds": wait},
            retry_after=wait,
        )


# --- public services ----------------------------------------------------------------------


def hold_visit(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    start: datetime,
    actor: Actor = SYSTEM,
    channel: str = Channel.ONLINE,
    now: datetime | None = None,
) -> Reservation:
    """Keep the chosen time for a visit (all legs or nothing) until the hold expires.

    Staff actors see staff-only capacity and book without the online lead time; public
    actors count against the hold rate limit of their client address.
    """
    now = now or timezone.now()
    staff = actor.is_staff
    if location.municipality_id != municipality.pk:
        raise BookingError(BookingErrorCode.UNKNOWN_LOCATION)
    _check_in_range(municipality=municipality, start=start, now=now)
    visit, products = validate_visit(municipality=municipality, items=items, staff=staff)
    _check_hold_rate(actor)
    request = _VisitRequest(
        municipality=municipality,
        location=location,
        visit=visit,
        now=now,
        audience=Audience.STAFF if staff else Audience.CITIZEN,
    )
    solution = _solve_prepared(request, start=start)

    def hold() -> Reservation:
        reservation = Reservation.objects.create(
            municipality=municipality,
            location=location,
            status=ReservationStatus.HELD,
            start=solution.start,
            end=solution.end,
            expires_at=now + timedelta(minutes=municipality.hold_minutes),
            channel=channel,
            staff_booking=staff,
            booked_by_id=actor.user_id if staff else None,
        )
        leg_of = _take_counter_time(reservation=reservation, solution=solution, now=now)
        _create_visit_items(reservation=reservation, visit=visit, leg_of=leg_of, products=products)
        record_change(
            municipality_id=municipality.pk,
            reservation_id=reservation.pk,
            kind=ChangeKind.HELD,
            actor=actor,
            at=now,
        )
        return reservation

    try:
        reservation: Reservation = _locked(hold, municipality_id=municipality.pk, name="hold")
    except IntegrityError:
        raise _unavailable(request, start=start) from None
    return reservation


_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def _clean_details(
    *, municipality: Municipality, details: CitizenDetails, staff: bool
) -> dict[str, str | bool]:
    errors: dict[str, list[str]] = {}
    # The messages address the citizen in the municipality's voice ("u" or "je" in Dutch);
    # both contexts are literal so that makemessages extracts them.
    formal = municipality.formal_address
    given, family = details.given_name.strip(), details.family_name.strip()
    if not given:
        errors["given_name"] = [
            pgettext("formal", "Please enter your given name.")
            if formal
            else pgettext("informal", "Please enter your given name.")
        ]
    if not family:
        errors["family_name"] = [
            pgettext("formal", "Please enter your family name.")
            if formal
            else pgettext("informal", "Please enter your family name.")
        ]
    email = details.email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("This e-mail address is not valid.")]
    elif not staff:
        errors["email"] = [
            pgettext("formal", "Please enter your e-mail address; we send the confirmation there.")
            if formal
            else pgettext(
                "informal", "Please enter your e-mail address; we send the confirmation there."
            )
        ]
    phone = ""
    if details.phone.strip():
        try:
            parsed = phonenumbers.parse(details.phone, "BE")
            if not phonenumbers.is_valid_number(parsed):
                raise phonenumbers.NumberParseException(0, "invalid")
            phone = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            errors["phone"] = [_("This phone number is not valid.")]
        else:
            if details.sms_consent and phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
                errors["phone"] = [
                    _("Text messages need a mobile number; this looks like a landline.")
                ]
    elif details.sms_consent:
        errors["phone"] = [
            pgettext("formal", "Please enter your mobile number to get text message reminders.")
            if formal
            else pgettext(
                "informal", "Please enter your mobile number to get text message reminders."
            )
        ]
    number = national_number.compact(details.national_number or "")
    # A number that is sent is always checked, even where it is not kept: a wrong one is a
    # typing error the citizen wants to hear about.
    if number and not national_number.is_valid(number):
        errors["national_number"] = [
            _("This national register number is not valid; please check the digits.")
        ]
    elif municipality.requires_national_number and not number:
        errors["national_number"] = [
            pgettext("formal", "Please enter your national register number.")
            if formal
            else pgettext("informal", "Please enter your national register number.")
        ]
    if not municipality.requires_national_number:
        number = ""  # never stored when the municipality does not need it
    language = details.language.lower().split("-")[0]
    if language not in CONTENT_LANGUAGES:
        errors["language"] = [_("Choose nl, fr, en or de.")]
    if errors:
        raise BookingError(BookingErrorCode.INVALID_DETAILS, field_errors=errors)
    return {
        "given_name": given,
        "family_name": family,
        "email": email,
        "email_key": normalise_email(email) if email else "",
        "phone": phone,
        "national_number": number,
        "language": language,
        "sms_consent": bool(details.sms_consent and phone),
    }


def _check_hoarding_limit(*, reservation: Reservation, now: datetime) -> None:
    municipality = reservation.municipality
    limit = municipality.max_future_appointments_per_product
    identity = Q()
    if reservation.email_key:
        identity |= Q(email_key=reservation.email_key)
    if reservation.national_number:
        identity |= Q(national_number=reservation.national_number)
    if not identity:
        return
    lock_person(
        municipality_id=municipality.pk,
        identifiers=[reservation.email_key, reservation.national_number],
    )
    wanted = VisitItem.objects.filter(reservation=reservation).values("product_id")
    booked = (
        VisitItem.objects.filter(
            product_id__in=wanted,
            reservation__in=Reservation.objects.filter(
                identity, status=ReservationStatus.CONFIRMED, start__gt=now
            ),
        )
        .values("product_id")
        .annotate(appointments=Count("reservation_id", distinct=True))
        .filter(appointments__gte=limit)
    )
    if booked.exists():
        raise BookingError(BookingErrorCode.LIMIT_REACHED)


# One round trip instead of three: the hold's unexpired units and its legs lose their
# expiry, and the units kept are counted against the units the legs need.
_KEEP_COUNTER_TIME_SQL = """
WITH legs AS (
    UPDATE booking_leg SET expires_at = NULL, released = false
    WHERE municipality_id = %s AND reservation_id = %s
    RETURNING id, start, "end"
), kept AS (
    UPDATE booking_countertimeunit SET expires_at = NULL
    WHERE leg_id IN (SELECT id FROM legs) AND expires_at > %s AND %s
    RETURNING 1
)
SELECT (SELECT count(*) FROM kept),
       (SELECT coalesce(sum(extract(epoch FROM "end" - start)), 0) FROM legs)
"""


def _keep_counter_time(*, reservation: Reservation, now: datetime) -> tuple[int, int]:
    """Confirm the legs' time: (units still held, units the legs need)."""
    held = reservation.status == ReservationStatus.HELD
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                _KEEP_COUNTER_TIME_SQL, [reservation.municipality_id, reservation.pk, now, held]
            )
            kept, seconds = cursor.fetchone()
        return int(kept), int(seconds) // int(_UNIT.total_seconds())
    kept = 0
    if held:
        kept = CounterTimeUnit.objects.filter(
            leg__reservation=reservation, expires_at__gt=now
        ).update(expires_at=None)
    expected = _expected_units(reservation)
    Leg.objects.filter(reservation=reservation).update(expires_at=None, released=False)
    return kept, expected


def _retake_counter_time(*, reservation: Reservation, now: datetime) -> None:
    """A lapsed hold whose time is still free is taken again; HOLD_EXPIRED if it is not."""
    lead_time = (
        timedelta(0)
        if reservation.staff_booking
        else timedelta(minutes=reservation.municipality.lead_time_minutes)
    )
    if reservation.start < now + lead_time:
        raise BookingError(BookingErrorCode.HOLD_EXPIRED)
    legs = list(reservation.legs.order_by("position"))
    CounterTimeUnit.objects.filter(leg__reservation=reservation).delete()
    try:
        with transaction.atomic():
            _insert_units(reservation=reservation, legs=legs, now=now)
    except IntegrityError:
        raise BookingError(BookingErrorCode.HOLD_EXPIRED) from None


def confirm_hold(
    *,
    municipality: Municipality,
    hold_id: UUID | str,
    details: CitizenDetails,
    actor: Actor = SYSTEM,
    notify_citizen: bool = True,
    now: datetime | None = None,
) -> tuple[Reservation, str]:
    """Turn a hold into an appointment; returns it with its manage token (shown once).

    A hold that lapsed while its time stayed free is taken again, so the citizen's typed
    details are not lost. Confirming an appointment a second time (double click, two tabs)
    raises ALREADY_CONFIRMED and sends nothing again.
    """
    now = now or timezone.now()
    staff = actor.is_staff
    cleaned = _clean_details(municipality=municipality, details=details, staff=staff)
    token = secrets.token_urlsafe(24)

    def confirm() -> Reservation:
        reservation = (
            # Lock the reservation only: locking the location row too would make every
            # confirmation there wait for the previous one.
            Reservation.objects.select_for_update(of=("self",))
            .select_related("location")
            .filter(public_id=hold_id)
            .first()
        )
        if reservation is not None:
            # The tenant scope only finds this municipality's holds: its row is the one given.
            reservation.municipality = municipality
        if reservation is not None and reservation.status == ReservationStatus.CONFIRMED:
            raise BookingError(BookingErrorCode.ALREADY_CONFIRMED)
        if reservation is None or reservation.status not in (
            ReservationStatus.HELD,
            ReservationStatus.EXPIRED,
        ):
            raise BookingError(BookingErrorCode.HOLD_NOT_FOUND)
        for field, value in cleaned.items():
            setattr(reservation, field, value)
        if not staff:
            _check_hoarding_limit(reservation=reservation, now=now)
        kept, expected = _keep_counter_time(reservation=reservation, now=now)
        reservation.expires_at = None
        if kept != expected:
            _retake_counter_time(reservation=reservation, now=now)
        reservation.status = ReservationStatus.CONFIRMED
        reservation.confirmed_at = now
        reservation.manage_token_hash = hash_token(token)
        # A reference already taken (one in 32**6) fails the unique constraint and rolls
        # the whole act back; it is tried again below with a new reference.
        reservation.reference = _new_reference()
        reservation.save()
        record_change(
            municipality_id=municipality.pk,
            reservation_id=reservation.pk,
            kind=ChangeKind.CONFIRMED,
            actor=actor,
            at=now,
            notify_citizen=notify_citizen,
            manage_token=token,
        )
        return reservation

    for _attempt in range(5):
        try:
            reservation: Reservation = _locked(
                confirm, municipality_id=municipality.pk, name="confirm"
            )
        except IntegrityError:
            continue
        return reservation, token
    raise BookingError(BookingErrorCode.BUSY)


def book_visit(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    start: datetime,
    details: CitizenDetails,
    actor: Actor = SYSTEM,
    channel: str = Channel.ONLINE,
    notify_citizen: bool = True,
    now: datetime | None = None,
) -> tuple[Reservation, str]:
    """Hold and confirm in one call: booked, or nothing changed (one transaction).

    The same two use cases as in two steps, so the same limits, locks and consequences
    apply; the details are checked before any counter time is taken.
    """
    now = now or timezone.now()
    _clean_details(municipality=municipality, details=details, staff=actor.is_staff)
    with transaction.atomic():
        hold = hold_visit(
            municipality=municipality,
            location=location,
            items=items,
            start=start,
            actor=actor,
            channel=channel,
            now=now,
        )
        return confirm_hold(
            municipality=municipality,
            hold_id=hold.public_id,
            details=details,
            actor=actor,
            notify_citizen=notify_citizen,
            now=now,
        )


def cancel_appointment(
    *,
    reservation: Reservation,
    actor: Actor = SYSTEM,
    notify_citizen: bool = True,
    manage_token: str = "",
    now: datetime | None = None,
) -> Reservation:
    """Cancel and free the counter time; cancelling twice changes nothing and sends nothing.

    ``manage_token`` is the credential the caller proved, so the message's link still works.
    """
    now = now or timezone.now()

    def cancel() -> Reservation:
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if locked.status == ReservationStatus.CANCELLED:
            return locked
        check_changeable(locked, now=now)
        _release_counter_time(reservations=[(locked.pk, locked.location_id)])
        locked.status = ReservationStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
        record_change(
            municipality_id=locked.municipality_id,
            reservation_id=locked.pk,
            kind=ChangeKind.CANCELLED,
            actor=actor,
            at=now,
            notify_citizen=notify_citizen,
            manage_token=manage_token,
        )
        return locked

    cancelled: Reservation = _locked(
        cancel, municipality_id=reservation.municipality_id, name="cancel"
    )
    return cancelled


def reschedule_appointment(
    *,
    reservation: Reservation,
    start: datetime,
    actor: Actor = SYSTEM,
    notify_citizen: bool = True,
    manage_token: str = "",
    now: datetime | None = None,
) -> Reservation:
    """Move an appointment to ``start`` in one transaction: either moved or unchanged.

    Moving to the time it already has (a retried request) changes and sends nothing.
    """
    now = now or timezone.now()
    municipality = reservation.municipality
    location = reservation.location
    _check_in_range(municipality=municipality, start=start, now=now)
    check_changeable(reservation, now=now)
    if reservation.start == start:
        return reservation
    visit = visit_from_pairs(list_visit_pairs(reservation=reservation))
    # The old legs do not count as busy: a visit may move by ten minutes at the same counter.
    request = _VisitRequest(
        municipality=municipality,
        location=location,
        visit=visit,
        now=now,
        audience=Audience.STAFF if actor.is_staff else Audience.CITIZEN,
        ignore_reservation_id=reservation.pk,
    )
    solution = _solve(request, start=start)

    def move() -> Reservation:
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        check_changeable(locked, now=now)
        if locked.start == solution.start:
            return locked
        # Inside one transaction nobody sees the moment between release and take: if
        # taking the new time fails, the rollback restores the old time untouched.
        _release_counter_time(reservations=[(locked.pk, locked.location_id)])
        Leg.objects.filter(reservation=locked).delete()
        locked.start, locked.end = solution.start, solution.end
        locked.save(update_fields=["start", "end", "updated_at"])
        leg_of = _take_counter_time(reservation=locked, solution=solution, now=now)
        _reassign_visit_items(reservation=locked, leg_of=leg_of)
        record_change(
            municipality_id=locked.municipality_id,
            reservation_id=locked.pk,
            kind=ChangeKind.MOVED,
            actor=actor,
            at=now,
            notify_citizen=notify_citizen,
            manage_token=manage_token,
        )
        return locked

    try:
        moved: Reservation = _locked(move, municipality_id=municipality.pk, name="reschedule")
    except IntegrityError:
        raise _unavailable(request, start=start) from None
    return moved


def expire_holds(*, now: datetime | None = None, batch_size: int = 1000) -> int:
    """Mark lapsed holds expired and release their units; run periodically."""
    now = now or timezone.now()

    def expire_batch() -> int:
        # Holds being confirmed right now are locked: skipped here, not waited for.
        rows = list(
            Reservation.objects.with_scopes_disabled()
            .filter(status=ReservationStatus.HELD, expires_at__lte=now)
            .select_for_update(skip_locked=True)
            .values_list("pk", "municipality_id", "location_id")[:batch_size]
        )
        ids = [pk for pk, _municipality, _location in rows]
        if ids:
            _release_counter_time(reservations=[(pk, location) for pk, _m, location in rows])
            Reservation.objects.with_scopes_disabled().filter(pk__in=ids).update(
                status=ReservationStatus.EXPIRED
            )
            record_changes(
                rows=[(pk, municipality) for pk, municipality, _l in rows],
                kind=ChangeKind.EXPIRED,
                actor=SYSTEM,
                at=now,
            )
        return len(ids)

    expired = 0
    while True:
        count: int = _locked(expire_batch, municipality_id=None, name="expire")
        if not count:
            return expired
        expired += count


def switch_off_reminders(
    *,
    reservation: Reservation,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> Reservation:
    """Record that the citizen wants no reminders for this appointment (nor after a move).

    The planned reminders are dropped by the consequence that follows the change; switching
    off twice records once.
    """
    now = now or timezone.now()

    def switch_off() -> Reservation:
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if locked.reminders_off_at is not None:
            return locked
        if locked.status != ReservationStatus.CONFIRMED:
            raise BookingError(
                BookingErrorCode.ALREADY_CANCELLED
                if locked.status == ReservationStatus.CANCELLED
                else BookingErrorCode.NOT_FOUND
            )
        locked.reminders_off_at = now
        locked.save(update_fields=["reminders_off_at", "updated_at"])
        record_change(
            municipality_id=locked.municipality_id,
            reservation_id=locked.pk,
            kind=ChangeKind.REMINDERS_OFF,
            actor=actor,
            at=now,
            notify_citizen=False,
        )
        return locked

    switched: Reservation = _locked(
        switch_off, municipality_id=reservation.municipality_id, name="reminders_off"
    )
    return switched


IDEMPOTENCY_RECORD_LIFETIME = timedelta(hours=24)


def purge_idempotency_records(*, now: datetime | None = None) -> int:
    """Forget stored answers after a day: they may carry a manage token."""
    now = now or timezone.now()
    deleted: int = (
        IdempotencyRecord.objects.with_scopes_disabled()
        .filter(created_at__lt=now - IDEMPOTENCY_RECORD_LIFETIME)
        .delete()[0]
    )
    return deleted


# The status of a recorded request whose answer is not known yet.
IDEMPOTENCY_IN_PROGRESS = 0


def claim_idempotency_key(
    *, municipality: Municipality, scope_name: str, key: str, request_hash: str
) -> IdempotencyRecord | None:
    """Record an Idempotency-Key as in progress; None when it is already recorded.

    Its own short transaction, so that a concurrent duplicate sees the record at once.
    """
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                municipality=municipality,
                scope=scope_name,
                key=key,
                request_hash=request_hash,
                response_status=IDEMPOTENCY_IN_PROGRESS,
                response_body={},
            )
    except IntegrityError:
        return None


def release_hold(
    *,
    municipality: Municipality,
    hold_id: UUID | str,
    actor: Actor = SYSTEM,
    now: datetime | None = None,
) -> bool:
    """Give a hold's time back at once (the citizen chose another time); True if released."""
    now = now or timezone.now()

    def release() -> bool:
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .filter(public_id=hold_id, status=ReservationStatus.HELD)
            .first()
        )
        if reservation is None:
            return False
        _release_counter_time(reservations=[(reservation.pk, reservation.location_id)])
        reservation.status = ReservationStatus.EXPIRED
        reservation.save(update_fields=["status", "updated_at"])
        record_change(
            municipality_id=municipality.pk,
            reservation_id=reservation.pk,
            kind=ChangeKind.RELEASED,
            actor=actor,
            at=now,
        )
        return True

    released: bool = _locked(release, municipality_id=municipality.pk, name="release")
    return released


def check_citizen_details(
    *, municipality: Municipality, details: CitizenDetails, staff: bool = False
) -> None:
    """The checks ``confirm_hold`` makes on the details, without booking anything.

    Lets a page report a typing error on the form itself, before its "check your answers"
    step; ``confirm_hold`` checks again, so nothing relies on this having been called.
    """
    _clean_details(municipality=municipality, details=details, staff=staff)


def add_closing_day(
    *,
    municipality: Municipality,
    day: date,
    location: Location | None = None,
    counter: Counter | None = None,
    reason: str = "",
    recurring_yearly: bool = False,
    today: date | None = None,
) -> ClosingDay:
    """Close a day, refused while booked appointments still fall on it (a booking rule:
    the catalog only stores the day).

    Closing never cancels appointments silently: the admin moves or cancels them first, so
    every citizen concerned is told by the usual e-mail.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=municipality.horizon_days)
    with transaction.atomic(), scope(municipality=municipality.pk):
        closing = ClosingDay(
            municipality=municipality,
            location=location,
            counter=counter,
            date=day,
            reason=reason,
            recurring_yearly=recurring_yearly,
        )
        closing.full_clean()
        booked = count_appointments_on(
            municipality=municipality,
            days=list_occurrences(day=day, recurring=recurring_yearly, first=today, last=horizon),
            location=location,
            counter=counter,
        )
        if booked:
            raise ValidationError(
                ngettext(
                    "%(count)s booked appointment falls on %(day)s. Closing would not cancel "
                    "it: the citizen would come to a closed door. Move or cancel it in the "
                    "appointments list first (the citizen gets an e-mail), then close the day.",
                    "%(count)s booked appointments fall on %(day)s. Closing would not cancel "
                    "them: the citizens would come to a closed door. Move or cancel them in "
                    "the appointments list first (the citizens get an e-mail), then close the "
                    "day.",
                    booked,
                )
                % {"count": booked, "day": f"{day:%d/%m/%Y}"},
                code="appointments_on_closing_day",
            )
        closing.save()
        return closing
