# SPDX-License-Identifier: EUPL-1.2
"""Writes for booking: hold a visit, confirm it, cancel or move it.

Every write that takes counter time runs in one transaction, takes the time as unique
five-minute unit rows in (counter, time) order, and turns a conflict into a BookingError
with the nearest free alternatives; nothing is left half done.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import phonenumbers
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_scopes import scope
from stdnum.be import nn as national_number

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.locks import bound_lock_waits, lock_person
from balie.booking.models import (
    UNIT_MINUTES,
    Channel,
    CounterTimeUnit,
    IdempotencyRecord,
    Leg,
    Reservation,
    ReservationStatus,
)

# Re-exported: the visit size limit is part of what booking services accept.
from balie.booking.selectors import MAX_VISIT_PRODUCTS as MAX_VISIT_PRODUCTS
from balie.booking.selectors import build_visit_schedule, validate_visit, visit_from_pairs
from balie.catalog.models import Location
from balie.core.i18n import CONTENT_LANGUAGES
from balie.scheduling import Audience, Schedule, Solution, Visit, find_solution, next_starts
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


def _unavailable(request: _VisitRequest, *, start: datetime) -> BookingError:
    """A slot-unavailable error carrying the three nearest free starts (a fresh read)."""
    day = request.local_date(max(start, request.now))
    schedule = request.schedule(first_day=day, last_day=day + timedelta(days=14))
    alternatives = next_starts(
        schedule, request.visit, after=start, now=request.now, audience=request.audience, limit=3
    )
    return BookingError(BookingErrorCode.SLOT_UNAVAILABLE, alternatives=alternatives)


# --- counter time -------------------------------------------------------------------------


def _take_counter_time(
    *,
    reservation: Reservation,
    solution: Solution,
    now: datetime,
) -> None:
    """Create the legs and their unit rows; raises IntegrityError if any unit is taken."""
    legs = Leg.objects.bulk_create(
        [
            Leg(
                municipality_id=reservation.municipality_id,
                reservation=reservation,
                counter_id=leg.counter_id,
                position=position,
                items=[{"product": i.product_id, "quantity": i.quantity} for i in leg.items],
                start=leg.start,
                end=leg.end,
                expires_at=reservation.expires_at,
            )
            for position, leg in enumerate(solution.legs)
        ]
    )
    if any(leg.pk is None for leg in legs):  # pragma: no cover - both databases return ids
        legs = list(Leg.objects.filter(reservation=reservation).order_by("position"))
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
    expired = Q()
    for leg in legs:
        expired |= Q(counter_id=leg.counter_id, unit_start__gte=leg.start, unit_start__lt=leg.end)
    CounterTimeUnit.objects.filter(
        expired, municipality_id=reservation.municipality_id, expires_at__lte=now
    ).delete()
    CounterTimeUnit.objects.bulk_create(units)


def _release_counter_time(*, reservation_ids: list[int]) -> None:
    CounterTimeUnit.objects.filter(leg__reservation_id__in=reservation_ids).delete()
    Leg.objects.with_scopes_disabled().filter(reservation_id__in=reservation_ids).update(
        released=True
    )


def _expected_units(reservation: Reservation) -> int:
    return sum((leg.end - leg.start) // _UNIT for leg in reservation.legs.all())


# --- public services ----------------------------------------------------------------------


def hold_visit(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    start: datetime,
    now: datetime | None = None,
    staff: bool = False,
    booked_by: User | None = None,
    channel: str = Channel.ONLINE,
) -> Reservation:
    """Keep the chosen time for a visit (all legs or nothing) until the hold expires."""
    now = now or timezone.now()
    if location.municipality_id != municipality.pk:
        raise BookingError(BookingErrorCode.UNKNOWN_LOCATION)
    visit, _products = validate_visit(municipality=municipality, items=items, staff=staff)
    request = _VisitRequest(
        municipality=municipality,
        location=location,
        visit=visit,
        now=now,
        audience=Audience.STAFF if staff else Audience.CITIZEN,
    )
    solution = _solve(request, start=start)
    try:
        with transaction.atomic(), scope(municipality=municipality.pk):
            bound_lock_waits()
            reservation = Reservation.objects.create(
                municipality=municipality,
                location=location,
                status=ReservationStatus.HELD,
                items=[{"product": i.product_id, "quantity": i.quantity} for i in visit.items],
                start=solution.start,
                end=solution.end,
                expires_at=now + timedelta(minutes=municipality.hold_minutes),
                channel=channel,
                staff_booking=staff,
                booked_by=booked_by if booked_by is not None and booked_by.pk else None,
            )
            _take_counter_time(reservation=reservation, solution=solution, now=now)
    except IntegrityError:
        raise _unavailable(request, start=start) from None
    except OperationalError as error:
        raise BookingError(BookingErrorCode.BUSY) from error
    return reservation


def _clean_details(
    *, municipality: Municipality, details: CitizenDetails, staff: bool
) -> dict[str, str]:
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
    number = national_number.compact(details.national_number or "")
    if municipality.requires_national_number:
        if not number:
            errors["national_number"] = [
                pgettext("formal", "Please enter your national register number.")
                if formal
                else pgettext("informal", "Please enter your national register number.")
            ]
        elif not national_number.is_valid(number):
            errors["national_number"] = [
                _("This national register number is not valid; please check the digits.")
            ]
    else:
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
        "phone": phone,
        "national_number": number,
        "language": language,
    }


def _check_hoarding_limit(*, reservation: Reservation, now: datetime) -> None:
    municipality = reservation.municipality
    limit = municipality.max_future_appointments_per_product
    identity = Q()
    if reservation.email:
        identity |= Q(email=reservation.email)
    if reservation.national_number:
        identity |= Q(national_number=reservation.national_number)
    if not identity:
        return
    lock_person(
        municipality_id=municipality.pk,
        identifiers=[reservation.email, reservation.national_number],
    )
    counts: dict[int, int] = {}
    for items in Reservation.objects.filter(
        identity, status=ReservationStatus.CONFIRMED, start__gt=now
    ).values_list("items", flat=True):
        for item in items:
            counts[item["product"]] = counts.get(item["product"], 0) + 1
    if any(counts.get(item["product"], 0) >= limit for item in reservation.items):
        raise BookingError(BookingErrorCode.LIMIT_REACHED)


def confirm_hold(
    *,
    municipality: Municipality,
    hold_id: UUID | str,
    details: CitizenDetails,
    now: datetime | None = None,
    staff: bool = False,
) -> tuple[Reservation, str]:
    """Turn a hold into an appointment; returns it with its manage token (shown once)."""
    now = now or timezone.now()
    cleaned = _clean_details(municipality=municipality, details=details, staff=staff)
    token = secrets.token_urlsafe(24)
    try:
        with transaction.atomic(), scope(municipality=municipality.pk):
            bound_lock_waits()
            reservation = (
                # Lock the reservation only: locking the municipality row too would make
                # every confirmation in a municipality wait for the previous one.
                Reservation.objects.select_for_update(of=("self",))
                .select_related("municipality")
                .filter(public_id=hold_id)
                .first()
            )
            if reservation is None or reservation.status != ReservationStatus.HELD:
                raise BookingError(BookingErrorCode.HOLD_NOT_FOUND)
            if reservation.expires_at is None or reservation.expires_at <= now:
                raise BookingError(BookingErrorCode.HOLD_EXPIRED)
            for field, value in cleaned.items():
                setattr(reservation, field, value)
            if not staff:
                _check_hoarding_limit(reservation=reservation, now=now)
            kept = CounterTimeUnit.objects.filter(
                leg__reservation=reservation, expires_at__gt=now
            ).update(expires_at=None)
            Leg.objects.filter(reservation=reservation).update(expires_at=None)
            if kept != _expected_units(reservation):
                raise BookingError(BookingErrorCode.HOLD_EXPIRED)
            reservation.status = ReservationStatus.CONFIRMED
            reservation.expires_at = None
            reservation.confirmed_at = now
            reservation.manage_token_hash = hash_token(token)
            _save_with_new_reference(reservation)
    except OperationalError as error:
        raise BookingError(BookingErrorCode.BUSY) from error
    return reservation, token


def _save_with_new_reference(reservation: Reservation) -> None:
    for _attempt in range(5):
        reservation.reference = _new_reference()
        try:
            with transaction.atomic():
                reservation.save()
            return
        except IntegrityError:
            continue
    raise BookingError(BookingErrorCode.BUSY)


def cancel_appointment(*, reservation: Reservation, now: datetime | None = None) -> Reservation:
    """Cancel and free the counter time; cancelling twice changes nothing."""
    now = now or timezone.now()
    with transaction.atomic(), scope(municipality=reservation.municipality_id):
        bound_lock_waits()
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if locked.status == ReservationStatus.CANCELLED:
            return locked
        if locked.status != ReservationStatus.CONFIRMED:
            raise BookingError(BookingErrorCode.NOT_FOUND)
        if locked.start <= now:
            raise BookingError(BookingErrorCode.IN_THE_PAST)
        _release_counter_time(reservation_ids=[locked.pk])
        locked.status = ReservationStatus.CANCELLED
        locked.cancelled_at = now
        locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    return locked


def reschedule_appointment(
    *,
    reservation: Reservation,
    start: datetime,
    now: datetime | None = None,
    staff: bool = False,
) -> Reservation:
    """Move an appointment to ``start`` in one transaction: either moved or unchanged."""
    now = now or timezone.now()
    municipality = reservation.municipality
    location = reservation.location
    if reservation.status == ReservationStatus.CANCELLED:
        raise BookingError(BookingErrorCode.ALREADY_CANCELLED)
    if reservation.status != ReservationStatus.CONFIRMED:
        raise BookingError(BookingErrorCode.NOT_FOUND)
    if reservation.start <= now:
        raise BookingError(BookingErrorCode.IN_THE_PAST)
    visit = visit_from_pairs((item["product"], item["quantity"]) for item in reservation.items)
    # The old legs do not count as busy: a visit may move by ten minutes at the same counter.
    request = _VisitRequest(
        municipality=municipality,
        location=location,
        visit=visit,
        now=now,
        audience=Audience.STAFF if staff else Audience.CITIZEN,
        ignore_reservation_id=reservation.pk,
    )
    solution = _solve(request, start=start)
    try:
        with transaction.atomic(), scope(municipality=municipality.pk):
            bound_lock_waits()
            locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
            if locked.status != ReservationStatus.CONFIRMED:
                raise BookingError(BookingErrorCode.ALREADY_CANCELLED)
            # Inside one transaction nobody sees the moment between release and take: if
            # taking the new time fails, the rollback restores the old time untouched.
            _release_counter_time(reservation_ids=[locked.pk])
            Leg.objects.filter(reservation=locked).delete()
            locked.start, locked.end = solution.start, solution.end
            locked.save(update_fields=["start", "end", "updated_at"])
            _take_counter_time(reservation=locked, solution=solution, now=now)
    except IntegrityError:
        raise _unavailable(request, start=start) from None
    except OperationalError as error:
        raise BookingError(BookingErrorCode.BUSY) from error
    return locked


def expire_holds(*, now: datetime | None = None, batch_size: int = 1000) -> int:
    """Mark lapsed holds expired and release their units; run periodically."""
    now = now or timezone.now()
    expired = 0
    while True:
        with transaction.atomic():
            ids = list(
                Reservation.objects.with_scopes_disabled()
                .filter(status=ReservationStatus.HELD, expires_at__lte=now)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                return expired
            _release_counter_time(reservation_ids=ids)
            Reservation.objects.with_scopes_disabled().filter(pk__in=ids).update(
                status=ReservationStatus.EXPIRED
            )
            expired += len(ids)


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


def release_hold(*, municipality: Municipality, hold_id: UUID | str) -> bool:
    """Give a hold's time back at once (the citizen chose another time); True if released."""
    with transaction.atomic(), scope(municipality=municipality.pk):
        bound_lock_waits()
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .filter(public_id=hold_id, status=ReservationStatus.HELD)
            .first()
        )
        if reservation is None:
            return False
        _release_counter_time(reservation_ids=[reservation.pk])
        reservation.status = ReservationStatus.EXPIRED
        reservation.save(update_fields=["status", "updated_at"])
    return True


def check_citizen_details(
    *, municipality: Municipality, details: CitizenDetails, staff: bool = False
) -> None:
    """The checks ``confirm_hold`` makes on the details, without booking anything.

    Lets a page report a typing error on the form itself, before its "check your answers"
    step; ``confirm_hold`` checks again, so nothing relies on this having been called.
    """
    _clean_details(municipality=municipality, details=details, staff=staff)
