# SPDX-License-Identifier: EUPL-1.2
"""The one lock rule for booking writes: a forced deadlock or lock timeout is BUSY on every
write path (never a 500, always logged), and cancel against reschedule has one winner."""

from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from balie.booking import locks
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import CounterTimeUnit, Leg, Reservation, ReservationStatus
from balie.booking.services import (
    CitizenDetails,
    cancel_appointment,
    confirm_hold,
    expire_holds,
    hold_visit,
    release_hold,
    reschedule_appointment,
)
from balie.booking.tests.conftest import NOW, at
from balie.booking.tests.test_races import race

pytestmark = [pytest.mark.django_db(transaction=True)]

DEADLOCK = "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '40P01'; END $$"
CITIZEN = CitizenDetails(given_name="An", family_name="Peeters", email="an@example.org")


def _hold(town, start):  # type: ignore[no-untyped-def]
    return hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=start,
        now=NOW,
    )


def _appointment(town, start, email=CITIZEN.email):  # type: ignore[no-untyped-def]
    held = _hold(town, start)
    details = CitizenDetails(given_name="An", family_name="Peeters", email=email)
    return confirm_hold(
        municipality=town.municipality, hold_id=held.public_id, details=details, now=NOW
    )[0]


def _booking_writes(town):  # type: ignore[no-untyped-def]
    held = _hold(town, at(2, 10))
    appointment = _appointment(town, at(2, 11))
    return {
        "hold": lambda: _hold(town, at(3, 9)),
        "confirm": lambda: confirm_hold(
            municipality=town.municipality, hold_id=held.public_id, details=CITIZEN, now=NOW
        ),
        "cancel": lambda: cancel_appointment(reservation=appointment, now=NOW),
        "reschedule": lambda: reschedule_appointment(
            reservation=appointment, start=at(4, 9), now=NOW
        ),
        "release": lambda: release_hold(municipality=town.municipality, hold_id=held.public_id),
        "expire": lambda: expire_holds(now=NOW + timedelta(hours=1)),
    }


@pytest.mark.parametrize("write", ["hold", "confirm", "cancel", "reschedule", "release", "expire"])
def test_a_forced_deadlock_is_busy_on_every_booking_write(
    postgres, town, monkeypatch, caplog, write
):
    act = _booking_writes(town)[write]
    before = (Reservation.objects.with_scopes_disabled().count(), CounterTimeUnit.objects.count())
    monkeypatch.setattr(locks, "LOCK_TIMEOUT_STATEMENT", DEADLOCK)

    with pytest.raises(BookingError) as error:
        act()

    assert error.value.code == BookingErrorCode.BUSY and error.value.status == 503
    assert error.value.retry_after
    assert "gave up after 3 attempts" in caplog.text and write in caplog.text
    after = (Reservation.objects.with_scopes_disabled().count(), CounterTimeUnit.objects.count())
    assert after == before


def _second_connection():  # type: ignore[no-untyped-def]
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
    )


@pytest.mark.parametrize("write", ["cancel", "release"])
def test_a_lock_held_elsewhere_makes_the_write_busy_after_a_bounded_wait(
    postgres, town, settings, write
):
    settings.BALIE_LOCK_TIMEOUT_MS = 50
    writes = _booking_writes(town)
    holder = _second_connection()
    try:
        holder.execute("SELECT 1 FROM booking_reservation FOR UPDATE")
        with pytest.raises(BookingError) as error:
            writes[write]()
    finally:
        holder.rollback()
        holder.close()

    assert error.value.code == BookingErrorCode.BUSY


def test_a_busy_api_answers_503_problem_with_retry_after(postgres, town, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    monkeypatch.setattr(locks, "LOCK_TIMEOUT_STATEMENT", DEADLOCK)

    response = APIClient().post(
        f"/api/v1/municipalities/{town.municipality.slug}/holds/",
        {
            "location": town.location.pk,
            "products": [{"product": town.eid.pk, "quantity": 1}],
            "start": at(2, 9).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "busy" and response["Retry-After"] == "1"


def test_a_busy_portal_answers_503_with_a_way_back(postgres, monkeypatch):
    from balie.portal.tests.conftest import build_town, hold_first_time

    town = build_town()
    client = Client()
    hold_first_time(client, town)  # a first hold works
    monkeypatch.setattr(locks, "LOCK_TIMEOUT_STATEMENT", DEADLOCK)
    slug = town.municipality.slug
    with scopes_disabled():
        start = Reservation.objects.get().start

    response = client.post(f"/{slug}/hold/", {"start": start.isoformat()})

    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert f'href="/{slug}/day/"' in response.content.decode()


ROUNDS = 5


def test_cancel_against_reschedule_leaves_one_clear_winner(postgres, town):
    appointments = [
        _appointment(town, at(2, 9 + index % 3, 20 * (index // 3)), f"an{index}@example.org")
        for index in range(ROUNDS)
    ]
    for index, appointment in enumerate(appointments):
        target = at(3, 9 + index // 3, 20 * (index % 3))
        acts = [
            lambda appointment=appointment: cancel_appointment(reservation=appointment, now=NOW),
            lambda appointment=appointment, target=target: reschedule_appointment(
                reservation=appointment, start=target, now=NOW
            ),
        ]
        cancelled, moved = race(2, lambda i, acts=acts: acts[i]())
        assert cancelled.ok, cancelled.error
        # The move either ran first (and the cancel then cancelled the moved visit) or it
        # found the visit cancelled and said so.
        if not moved.ok:
            assert isinstance(moved.error, BookingError), moved.error
            assert moved.error.code == BookingErrorCode.ALREADY_CANCELLED
    with scopes_disabled():
        for appointment in appointments:
            appointment.refresh_from_db()
            assert appointment.status == ReservationStatus.CANCELLED
        # A cancelled visit keeps no counter time and no live leg.
        assert CounterTimeUnit.objects.filter(leg__reservation__in=appointments).count() == 0
        assert not Leg.objects.filter(reservation__in=appointments, released=False).exists()
