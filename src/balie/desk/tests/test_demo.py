# SPDX-License-Identifier: EUPL-1.2
"""The demo step books today's visits, one across two counters, and only once."""

from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.demo.loader import CATALOG_STEPS, load_demo_data
from balie.desk.demo import load_demo_visits_today

pytestmark = pytest.mark.django_db

# A Tuesday outside school holidays, early in the morning.
NOW = datetime(2027, 3, 2, 7, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def confirmed_today() -> list[Reservation]:
    with scopes_disabled():
        return list(
            Reservation.objects.filter(status=ReservationStatus.CONFIRMED).prefetch_related("legs")
        )


def test_demo_visits_are_booked_today_once_with_one_across_counters():
    step = partial(load_demo_visits_today, now=NOW)
    load_demo_data([*CATALOG_STEPS, step])
    visits = confirmed_today()
    assert len(visits) == 6  # three per municipality
    assert all(visit.start.astimezone(NOW.tzinfo).date() == NOW.date() for visit in visits)
    assert any(len({leg.counter_id for leg in visit.legs.all()}) >= 2 for visit in visits)
    load_demo_data([*CATALOG_STEPS, step])
    assert len(confirmed_today()) == 6
