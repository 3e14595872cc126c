# SPDX-License-Identifier: EUPL-1.2
"""Holding, confirming, cancelling and moving visits."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.actors import Actor, ActorKind
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import CounterTimeUnit, Reservation, ReservationStatus
from balie.booking.services import (
    CitizenDetails,
    cancel_appointment,
    confirm_hold,
    expire_holds,
    hold_visit,
    reschedule_appointment,
    token_matches,
)
from balie.booking.tests.conftest import NOW, at

STAFF = Actor(kind=ActorKind.STAFF)
CITIZEN = CitizenDetails(given_name="An", family_name="Peeters", email="an@example.org")


def hold(town, items, start, now=NOW, **kwargs):
    return hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=items,
        start=start,
        now=now,
        **kwargs,
    )


def book(town, items, start, details=CITIZEN, now=NOW):
    reservation = hold(town, items, start, now=now)
    return confirm_hold(
        municipality=town.municipality, hold_id=reservation.public_id, details=details, now=now
    )


def test_hold_takes_all_legs_of_a_three_counter_visit(town):
    items = [(town.eid.pk, 2), (town.passport.pk, 1), (town.container.pk, 1)]

    reservation = hold(town, items, at(2, 9))

    with scopes_disabled():
        legs = list(reservation.legs.order_by("position"))
    assert {leg.counter_id for leg in legs} == {
        town.counter_a.pk,
        town.counter_b.pk,
        town.counter_c.pk,
    }
    assert legs[0].start == at(2, 9) and legs[-1].end == at(
        2, 9, 50
    )  # 20 + 20 + 10, no walking gap
    assert all(a.end == b.start for a, b in zip(legs, legs[1:], strict=False))
    assert CounterTimeUnit.objects.count() == 50 // 5


def test_second_hold_on_same_time_is_refused_with_alternatives(town):
    hold(town, [(town.eid.pk, 1)], at(2, 9))

    with pytest.raises(BookingError) as error:
        hold(town, [(town.eid.pk, 1)], at(2, 9))

    assert error.value.code == BookingErrorCode.SLOT_UNAVAILABLE
    assert error.value.alternatives[0] == at(2, 9, 10)
    assert Reservation.objects.with_scopes_disabled().count() == 1


def test_expired_hold_never_blocks(town):
    hold(town, [(town.eid.pk, 1)], at(2, 9))
    later = NOW + timedelta(minutes=11)

    second = hold(town, [(town.eid.pk, 1)], at(2, 9), now=later)

    assert second.status == ReservationStatus.HELD


def test_confirm_gives_reference_and_token(town):
    reservation, token = book(town, [(town.eid.pk, 1)], at(2, 9))

    assert reservation.status == ReservationStatus.CONFIRMED
    assert reservation.reference.startswith("BAL-") and len(reservation.reference) == 11
    assert token_matches(reservation=reservation, token=token)
    assert not token_matches(reservation=reservation, token=token + "x")
    assert CounterTimeUnit.objects.filter(expires_at__isnull=True).count() == 2


def test_an_expired_hold_whose_time_is_still_free_is_taken_again_on_confirm(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    later = NOW + timedelta(minutes=30)
    expire_holds(now=later)

    confirmed, _token = confirm_hold(
        municipality=town.municipality, hold_id=reservation.public_id, details=CITIZEN, now=later
    )

    assert confirmed.status == ReservationStatus.CONFIRMED and confirmed.email == CITIZEN.email
    with scopes_disabled():
        assert (
            CounterTimeUnit.objects.filter(
                leg__reservation=confirmed, expires_at__isnull=True
            ).count()
            == 2
        )
        assert not confirmed.legs.filter(released=True).exists()


def test_an_expired_hold_whose_time_was_taken_meanwhile_fails_and_changes_nothing(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    later = NOW + timedelta(minutes=11)
    other = hold(town, [(town.eid.pk, 1)], at(2, 9), now=later)

    with pytest.raises(BookingError) as error:
        confirm_hold(
            municipality=town.municipality,
            hold_id=reservation.public_id,
            details=CITIZEN,
            now=later,
        )

    assert error.value.code == BookingErrorCode.HOLD_EXPIRED
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.HELD and reservation.reference is None
    assert CounterTimeUnit.objects.filter(leg__reservation=other).count() == 2


def test_confirm_after_someone_took_the_expired_time_fails(town):
    first = hold(town, [(town.eid.pk, 1)], at(2, 9))
    hold(town, [(town.eid.pk, 1)], at(2, 9), now=NOW + timedelta(minutes=11))

    with pytest.raises(BookingError) as error:
        confirm_hold(
            municipality=town.municipality,
            hold_id=first.public_id,
            details=CITIZEN,
            now=NOW + timedelta(minutes=5),  # a stale clock cannot resurrect the hold
        )

    assert error.value.code == BookingErrorCode.HOLD_EXPIRED


def test_invalid_details_are_reported_per_field(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    details = CitizenDetails(given_name="", family_name="X", email="nope", phone="12")

    with pytest.raises(BookingError) as error:
        confirm_hold(
            municipality=town.municipality, hold_id=reservation.public_id, details=details, now=NOW
        )

    assert set(error.value.field_errors) == {"given_name", "email", "phone"}


def test_national_number_checked_and_kept_only_when_required(town):
    town.municipality.requires_national_number = True
    town.municipality.save()
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    bad = CitizenDetails(
        given_name="An", family_name="P", email="an@example.org", national_number="85.07.30-033.61"
    )
    with pytest.raises(BookingError) as error:
        confirm_hold(
            municipality=town.municipality, hold_id=reservation.public_id, details=bad, now=NOW
        )
    assert "national_number" in error.value.field_errors

    good = CitizenDetails(
        given_name="An", family_name="P", email="an@example.org", national_number="85.07.30-033.28"
    )
    confirmed, _token = confirm_hold(
        municipality=town.municipality, hold_id=reservation.public_id, details=good, now=NOW
    )
    assert confirmed.national_number == "85073003328"
    assert confirmed.masked_national_number == "*******3328"


def test_hoarding_limit_per_person_and_product(town):
    book(town, [(town.eid.pk, 1)], at(2, 9))

    with pytest.raises(BookingError) as error:
        book(town, [(town.eid.pk, 1)], at(3, 9))

    assert error.value.code == BookingErrorCode.LIMIT_REACHED
    other_product, _ = book(town, [(town.container.pk, 1)], at(3, 9))
    assert other_product.status == ReservationStatus.CONFIRMED


def test_cancel_frees_the_time(town):
    reservation, _token = book(town, [(town.eid.pk, 1)], at(2, 9))

    cancel_appointment(reservation=reservation, now=NOW)

    assert CounterTimeUnit.objects.count() == 0
    again = hold(town, [(town.eid.pk, 1)], at(2, 9))
    assert again.status == ReservationStatus.HELD


def test_reschedule_moves_within_its_own_old_time(town):
    reservation, _token = book(town, [(town.eid.pk, 2)], at(2, 9))  # 9:00-9:20

    moved = reschedule_appointment(reservation=reservation, start=at(2, 9, 10), now=NOW)

    assert moved.start == at(2, 9, 10) and moved.end == at(2, 9, 30)
    assert CounterTimeUnit.objects.count() == 4
    assert moved.reference == reservation.reference


def test_failed_reschedule_keeps_the_old_time(town):
    reservation, _token = book(town, [(town.eid.pk, 1)], at(2, 9))
    book(
        town,
        [(town.eid.pk, 1)],
        at(2, 10),
        details=CitizenDetails(given_name="B", family_name="C", email="b@example.org"),
    )

    with pytest.raises(BookingError) as error:
        reschedule_appointment(reservation=reservation, start=at(2, 10), now=NOW)

    assert error.value.code == BookingErrorCode.SLOT_UNAVAILABLE
    reservation.refresh_from_db()
    assert reservation.start == at(2, 9)
    assert CounterTimeUnit.objects.count() == 4


def test_staff_only_product_needs_staff(town):
    with pytest.raises(BookingError) as error:
        hold(town, [(town.staff_only_product.pk, 1)], at(2, 9))
    assert error.value.code == BookingErrorCode.NOT_BOOKABLE_ONLINE

    assert hold(town, [(town.staff_only_product.pk, 1)], at(2, 9), actor=STAFF)


def test_staff_booking_without_email(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9), actor=STAFF)
    confirmed, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=reservation.public_id,
        details=CitizenDetails(given_name="Jef", family_name="Janssens"),
        now=NOW,
        actor=STAFF,
    )
    assert confirmed.status == ReservationStatus.CONFIRMED and confirmed.email == ""


def test_quantity_above_maximum_is_refused(town):
    with pytest.raises(BookingError) as error:
        hold(town, [(town.container.pk, 2)], at(2, 9))
    assert error.value.code == BookingErrorCode.QUANTITY_OUT_OF_RANGE


def test_expire_holds_releases_units(town):
    hold(town, [(town.eid.pk, 1)], at(2, 9))

    assert expire_holds(now=NOW + timedelta(minutes=10)) == 1

    assert CounterTimeUnit.objects.count() == 0
    assert Reservation.objects.with_scopes_disabled().get().status == ReservationStatus.EXPIRED


def test_idempotency_records_are_forgotten_after_a_day(town):
    from balie.booking.models import IdempotencyRecord
    from balie.booking.services import purge_idempotency_records

    with scopes_disabled():
        IdempotencyRecord.objects.create(
            municipality=town.municipality,
            key="k",
            scope="holds",
            request_hash="h",
            response_status=201,
            response_body={"manage_token": "secret"},
        )

    assert purge_idempotency_records(now=timezone.now() + timedelta(hours=23)) == 0
    assert purge_idempotency_records(now=timezone.now() + timedelta(hours=25)) == 1


def test_periodic_expiry_task_runs_the_service(town):
    from balie.booking.tasks import expire_holds_task

    held = hold(town, [(town.eid.pk, 1)], at(2, 9))
    Reservation.objects.with_scopes_disabled().filter(pk=held.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert expire_holds_task.delay().get() == 1
    assert CounterTimeUnit.objects.count() == 0


def test_released_hold_frees_its_time_at_once(town):
    from balie.booking.services import release_hold

    first = hold(town, [(town.eid.pk, 1)], at(2, 9))

    assert release_hold(municipality=town.municipality, hold_id=first.public_id) is True
    assert release_hold(municipality=town.municipality, hold_id=first.public_id) is False

    assert CounterTimeUnit.objects.count() == 0
    assert hold(town, [(town.eid.pk, 1)], at(2, 9)).status == ReservationStatus.HELD


def test_staff_may_book_within_the_online_lead_time(town):
    # Given it is 9:00 and the online lead time is one hour
    now = at(1, 9)

    # When a citizen and a clerk both ask for 9:30
    with pytest.raises(BookingError) as error:
        hold(town, [(town.eid.pk, 1)], at(1, 9, 30), now=now)
    staff_hold = hold(town, [(town.eid.pk, 1)], at(1, 9, 30), now=now, actor=STAFF)

    # Then only the clerk gets it (a visitor standing at the desk can be served now)
    assert error.value.code == BookingErrorCode.SLOT_UNAVAILABLE
    assert staff_hold.start == at(1, 9, 30)


def test_a_national_register_number_sent_is_always_checked_but_kept_only_where_needed(town):
    # Given a municipality that does not need the number
    held = hold(town, [(town.eid.pk, 1)], at(2, 9))

    # When a citizen sends a wrong one, then a right one
    with pytest.raises(BookingError) as error:
        confirm_hold(
            municipality=town.municipality,
            hold_id=held.public_id,
            details=CitizenDetails(
                given_name="An",
                family_name="Peeters",
                email="an@example.org",
                national_number="85073003362",
            ),
            now=NOW,
        )
    confirmed, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=held.public_id,
        details=CitizenDetails(
            given_name="An",
            family_name="Peeters",
            email="an@example.org",
            national_number="85.07.30-033.28",
        ),
        now=NOW,
    )

    # Then the wrong one is refused at its field and the right one is not stored
    assert "national_number" in error.value.field_errors
    assert confirmed.national_number == ""
