# SPDX-License-Identifier: EUPL-1.2
"""A short, bounded wait between two counters of one visit, from the setting to the hold."""

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import CounterTimeUnit
from balie.booking.selectors import build_schedule
from balie.booking.services import hold_visit
from balie.booking.tests.conftest import NOW, at


def _hold(town, items, start):
    return hold_visit(
        municipality=town.municipality, location=town.location, items=items, start=start, now=NOW
    )


def _set_max_wait(town, minutes: int) -> None:
    town.municipality.max_wait_minutes = minutes
    town.municipality.save()


def test_the_schedule_carries_the_municipality_s_longest_wait(town):
    # Given a municipality that allows 20 minutes between two counters
    _set_max_wait(town, 20)

    # When the engine input is built for its location
    schedule = build_schedule(
        municipality=town.municipality,
        location=town.location,
        product_ids=[town.eid.pk],
        first_day=at(2, 9).date(),
        last_day=at(2, 9).date(),
        now=NOW,
    )

    # Then the engine rules say so
    assert schedule.rules.max_wait_minutes == 20


def test_a_new_municipality_allows_a_quarter_of_an_hour(town):
    # The town fixture leaves the setting alone
    assert town.municipality.max_wait_minutes == 15


def test_the_hold_takes_exactly_the_chosen_legs_with_their_wait(town):
    # Given counter B is held for a passport right after an identity card at A would end
    _set_max_wait(town, 20)
    _hold(town, [(town.passport.pk, 1)], at(2, 9, 10))  # B busy 09:10-09:30

    # When a citizen holds identity card + passport at 09:00
    reservation = _hold(town, [(town.eid.pk, 1), (town.passport.pk, 1)], at(2, 9))

    # Then the passport follows after a 20-minute wait (the only way 09:00 fits)
    with scopes_disabled():
        legs = list(reservation.legs.order_by("position"))
        units = sorted(
            CounterTimeUnit.objects.filter(leg__reservation=reservation).values_list(
                "counter_id", "unit_start"
            )
        )
    assert [(leg.counter_id, leg.start, leg.end) for leg in legs] == [
        (town.counter_a.pk, at(2, 9), at(2, 9, 10)),
        (town.counter_b.pk, at(2, 9, 30), at(2, 9, 50)),
    ]
    assert (reservation.start, reservation.end) == (at(2, 9), at(2, 9, 50))
    # And only the counter time is taken, not the wait between the legs
    five = timedelta(minutes=5)
    assert units == sorted(
        [(town.counter_a.pk, at(2, 9) + n * five) for n in range(2)]
        + [(town.counter_b.pk, at(2, 9, 30) + n * five) for n in range(4)]
    )


@pytest.mark.parametrize("max_wait", [0, 15])
def test_a_start_needing_a_longer_wait_is_refused(town, max_wait):
    # Given the same held passport counter, and a longest wait shorter than 20 minutes
    _set_max_wait(town, max_wait)
    _hold(town, [(town.passport.pk, 1)], at(2, 9, 10))

    # When a citizen asks for identity card + passport at 09:00
    with pytest.raises(BookingError) as raised:
        _hold(town, [(town.eid.pk, 1), (town.passport.pk, 1)], at(2, 9))

    # Then the time is unavailable, and nothing was held for it
    assert raised.value.code == BookingErrorCode.SLOT_UNAVAILABLE
    with scopes_disabled():
        assert CounterTimeUnit.objects.filter(counter=town.counter_a).count() == 0
