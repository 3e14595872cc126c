# SPDX-License-Identifier: EUPL-1.2
"""Concurrent booking on a real PostgreSQL: many connections racing for the same time.

Each client is a thread with its own database connection; a barrier releases them
together so that their transactions really overlap. After every race the database itself
is asked whether two live legs share a counter's time, and whether every success owns
exactly its units and every failure left nothing behind.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import UNIT_MINUTES, CounterTimeUnit, Leg, Reservation, ReservationStatus
from balie.booking.selectors import get_visit_products
from balie.booking.services import (
    CitizenDetails,
    confirm_hold,
    hold_visit,
    reschedule_appointment,
)
from balie.booking.tests.conftest import NOW, at

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

CLIENTS = 24
# A lost race is a refusal with alternatives, or "busy" when a lock wait ran out; nothing else.
LOST = {BookingErrorCode.SLOT_UNAVAILABLE, BookingErrorCode.BUSY}
_UNIT = timedelta(minutes=UNIT_MINUTES)


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def race(clients: int, work: Callable[[int], Any]) -> list[Outcome]:
    """Run ``work(i)`` in ``clients`` threads released at the same moment."""
    barrier = threading.Barrier(clients)
    outcomes = [Outcome() for _ in range(clients)]

    def client(index: int) -> None:
        try:
            # Connect before the barrier, so connecting does not spread the start out.
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[index].value = work(index)
        except BaseException as error:  # noqa: BLE001 - every failure is inspected below
            outcomes[index].error = error
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a client hung"
    return outcomes


def assert_only_lost_races(outcomes: list[Outcome], allowed: set[BookingErrorCode] = LOST):
    unexpected = [
        o.error
        for o in outcomes
        if not o.ok and not (isinstance(o.error, BookingError) and o.error.code in allowed)
    ]
    assert not unexpected, f"unexpected failures: {unexpected!r}"


def overlapping_live_legs(now: datetime) -> list[tuple[int, int, int]]:
    """Pairs of legs on one counter whose times overlap, both confirmed or held past ``now``."""
    live = "(r{0}.status = 'confirmed' OR (r{0}.status = 'held' AND r{0}.expires_at > %s))"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT a.counter_id, a.id, b.id
            FROM booking_leg a
            JOIN booking_reservation ra ON ra.id = a.reservation_id
            JOIN booking_leg b ON b.counter_id = a.counter_id AND a.id < b.id
            JOIN booking_reservation rb ON rb.id = b.reservation_id
            WHERE {live.format("a")} AND {live.format("b")}
              AND tstzrange(a.start, a."end") && tstzrange(b.start, b."end")
            """,
            [now, now],
        )
        return cursor.fetchall()


def assert_accounted(reservations: list[Reservation]) -> None:
    """Each reservation owns exactly the units of its legs, at its legs' times."""
    with scopes_disabled():
        for reservation in reservations:
            legs = list(Leg.objects.filter(reservation_id=reservation.pk))
            assert legs, f"{reservation} has no legs"
            expected = {
                (leg.counter_id, leg.start + i * _UNIT)
                for leg in legs
                for i in range((leg.end - leg.start) // _UNIT)
            }
            owned = set(
                CounterTimeUnit.objects.filter(leg__reservation_id=reservation.pk).values_list(
                    "counter_id", "unit_start"
                )
            )
            assert owned == expected, f"{reservation} owns {len(owned)} of {len(expected)} units"


def assert_nothing_else_stored(reservations: list[Reservation]) -> None:
    """Failed attempts left no reservation, leg or unit behind (all-or-nothing)."""
    ids = {reservation.pk for reservation in reservations}
    with scopes_disabled():
        assert set(Reservation.objects.values_list("pk", flat=True)) == ids
        assert set(Leg.objects.values_list("reservation_id", flat=True)) <= ids
        assert set(CounterTimeUnit.objects.values_list("leg__reservation_id", flat=True)) <= ids


def hold(town, items, start, now=NOW):
    return hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=items,
        start=start,
        now=now,
    )


def citizen(n: int | str) -> CitizenDetails:
    return CitizenDetails(given_name="An", family_name=f"Peeters {n}", email=f"an{n}@example.org")


def book(town, items, start, n, now=NOW) -> Reservation:
    held = hold(town, items, start, now=now)
    confirmed, _token = confirm_hold(
        municipality=town.municipality, hold_id=held.public_id, details=citizen(n), now=now
    )
    return confirmed


def test_many_clients_holding_the_same_start_leave_exactly_one_owner(town, postgres):
    # Given a free 10-minute slot at counter A
    # When 24 clients hold it at the same moment
    outcomes = race(CLIENTS, lambda _i: hold(town, [(town.eid.pk, 1)], at(2, 9)))

    # Then one got it and every other was told it is gone (or busy), nothing else
    winners = [o.value for o in outcomes if o.ok]
    assert len(winners) == 1
    assert_only_lost_races(outcomes)
    refused = [o.error for o in outcomes if not o.ok]
    assert all(
        e.alternatives and at(2, 9) not in e.alternatives
        for e in refused
        if e.code == BookingErrorCode.SLOT_UNAVAILABLE
    )
    assert overlapping_live_legs(NOW) == []
    assert_accounted(winners)
    assert_nothing_else_stored(winners)


def test_overlapping_starts_never_produce_overlapping_visits(town, postgres):
    # Given eID visits of 20 and 30 minutes (quantity 2 or 3) wanted at 9:00, 9:10 and 9:20
    starts = [at(2, 9), at(2, 9, 10), at(2, 9, 20)]

    # When 24 clients each try one of those starts at once
    outcomes = race(
        CLIENTS,
        lambda i: hold(town, [(town.eid.pk, 2 + i % 2)], starts[i % 3]),
    )

    # Then the winners' times are disjoint and at least one of them won
    winners = [o.value for o in outcomes if o.ok]
    assert winners
    assert_only_lost_races(outcomes)
    spans = sorted((r.start, r.end) for r in winners)
    assert all(
        a_end <= b_start for (_s, a_end), (b_start, _e) in zip(spans, spans[1:], strict=False)
    )
    assert overlapping_live_legs(NOW) == []
    assert_accounted(winners)
    assert_nothing_else_stored(winners)


def test_multi_counter_visits_racing_single_visits_are_all_or_nothing(town, postgres):
    # Given a three-counter visit (A 10 min, B 20 min, C 10 min) and single-counter visits
    visit = [(town.eid.pk, 1), (town.passport.pk, 1), (town.container.pk, 1)]
    singles = [
        ([(town.eid.pk, 1)], [at(2, 9), at(2, 9, 10), at(2, 9, 30)]),
        ([(town.passport.pk, 1)], [at(2, 9), at(2, 9, 10), at(2, 9, 20)]),
        ([(town.container.pk, 1)], [at(2, 9, 10), at(2, 9, 30), at(2, 9, 40)]),
    ]

    def attempt(i: int) -> Reservation:
        # Every other client wants the whole visit, at one of three nearby starts.
        if i % 2 == 0:
            return hold(town, visit, [at(2, 9), at(2, 9, 10), at(2, 9, 20)][i // 2 % 3])
        items, starts = singles[i // 2 % 3]
        return hold(town, items, starts[i // 6 % 3])

    # When 30 clients race for those times
    outcomes = race(30, attempt)

    # Then every winner owns all of its legs' units and every loser left no trace
    winners = [o.value for o in outcomes if o.ok]
    assert winners
    assert_only_lost_races(outcomes)
    with scopes_disabled():
        for reservation in winners:
            served = {item.leg_id for item in get_visit_products(of=reservation)}
            assert (
                set(Leg.objects.filter(reservation=reservation).values_list("pk", flat=True))
                == served
            )
    assert overlapping_live_legs(NOW) == []
    assert_accounted(winners)
    assert_nothing_else_stored(winners)


def test_reschedule_racing_new_holds_for_the_same_time(town, postgres):
    # Given eight appointments on Wednesday and a free target time on Thursday
    appointments = [
        book(town, [(town.eid.pk, 1)], at(3, 9) + timedelta(minutes=10 * n), n) for n in range(8)
    ]
    target = at(4, 10)

    def attempt(i: int) -> Reservation:
        if i < len(appointments):
            with scopes_disabled():
                mine = Reservation.objects.select_related("municipality", "location").get(
                    pk=appointments[i].pk
                )
            return reschedule_appointment(reservation=mine, start=target, now=NOW)
        return hold(town, [(town.eid.pk, 1)], target)

    # When they all move to the target while sixteen new clients hold it
    outcomes = race(24, attempt)

    # Then exactly one client owns the target
    assert_only_lost_races(outcomes)
    assert sum(o.ok for o in outcomes) == 1
    assert overlapping_live_legs(NOW) == []
    with scopes_disabled():
        owners = set(
            CounterTimeUnit.objects.filter(
                unit_start__gte=target, unit_start__lt=target + timedelta(minutes=10)
            ).values_list("leg__reservation_id", flat=True)
        )
        assert len(owners) == 1
        # and each appointment was either moved whole or kept its old time whole
        for before in appointments:
            after = Reservation.objects.get(pk=before.pk)
            assert after.status == ReservationStatus.CONFIRMED
            assert (after.start, after.end) in {
                (before.start, before.end),
                (target, target + timedelta(minutes=10)),
            }
            assert {(leg.start, leg.end) for leg in after.legs.all()} == {(after.start, after.end)}
        new_holds = list(Reservation.objects.filter(status=ReservationStatus.HELD))
    assert_accounted(appointments + new_holds)
    assert_nothing_else_stored(appointments + new_holds)


def test_confirming_as_the_hold_expires_races_holds_taking_the_time(town, postgres):
    # Given six holds that expire at NOW + 10 minutes, on six different slots
    slots = [at(2, 9, 10 * n) for n in range(6)]
    holds = [hold(town, [(town.eid.pk, 1)], slot) for slot in slots]
    just_before = NOW + timedelta(minutes=9, seconds=59)
    after_expiry = NOW + timedelta(minutes=11)

    def attempt(i: int) -> Reservation:
        slot = i % len(slots)
        if i < len(slots):
            # The owner confirms a second before expiry (a slow request) ...
            confirmed, _token = confirm_hold(
                municipality=town.municipality,
                hold_id=holds[slot].public_id,
                details=citizen(i),
                now=just_before,
            )
            return confirmed
        # ... while others, whose clock says the hold has expired, take the same time.
        return hold(town, [(town.eid.pk, 1)], slots[slot], now=after_expiry)

    # When 24 clients race (one confirmer and three takers per slot)
    outcomes = race(CLIENTS, attempt)

    # Then every slot has exactly one owner: the confirmed visit or one new hold (none only
    # if a client gave up on a lock wait)
    assert_only_lost_races(outcomes, LOST | {BookingErrorCode.HOLD_EXPIRED})
    assert overlapping_live_legs(after_expiry) == []
    winners = [o.value for o in outcomes if o.ok]
    for slot in range(len(slots)):
        mine = outcomes[slot :: len(slots)]
        busy = any(not o.ok and o.error.code == BookingErrorCode.BUSY for o in mine)
        assert sum(o.ok for o in mine) in ({0, 1} if busy else {1})
    with scopes_disabled():
        for winner in winners:
            winner.refresh_from_db()
            assert winner.status == ReservationStatus.CONFIRMED or (
                winner.status == ReservationStatus.HELD and winner.expires_at > after_expiry
            )
        # A hold that lost its time never became an appointment.
        losers = Reservation.objects.filter(pk__in=[h.pk for h in holds]).exclude(
            pk__in=[w.pk for w in winners]
        )
        assert all(r.status == ReservationStatus.HELD and r.reference is None for r in losers)
        assert not CounterTimeUnit.objects.filter(leg__reservation__in=losers).exists()
    assert_accounted(winners)


def test_hoarding_limit_holds_when_one_person_confirms_many_holds_at_once(town, postgres):
    # Given a limit of three future appointments per product and twelve holds for eID
    town.municipality.max_future_appointments_per_product = 3
    town.municipality.save()
    holds = [hold(town, [(town.eid.pk, 1)], at(2 + n // 6, 9, 10 * (n % 6))) for n in range(12)]

    # When the same person confirms all twelve at once
    outcomes = race(
        len(holds),
        lambda i: confirm_hold(
            municipality=town.municipality,
            hold_id=holds[i].public_id,
            details=citizen("same"),
            now=NOW,
        )[0],
    )

    # Then three were confirmed and the others were refused for the limit (a client that
    # gave up on a lock wait is the only way fewer than three can win)
    assert_only_lost_races(outcomes, {BookingErrorCode.LIMIT_REACHED, BookingErrorCode.BUSY})
    busy = sum(not o.ok and o.error.code == BookingErrorCode.BUSY for o in outcomes)
    assert sum(o.ok for o in outcomes) == min(3, len(holds) - busy)
    with scopes_disabled():
        confirmed = Reservation.objects.filter(
            email="ansame@example.org", status=ReservationStatus.CONFIRMED
        )
        assert confirmed.count() == sum(o.ok for o in outcomes)
    assert overlapping_live_legs(NOW) == []
    assert_accounted(holds)
