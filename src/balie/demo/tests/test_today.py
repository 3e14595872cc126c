# SPDX-License-Identifier: EUPL-1.2
"""On a day the demo town hall is normally closed, the demo still has visitors today."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.demo.loader import CATALOG_STEPS, LoadReport, load_demo_data
from balie.demo.today import open_first_location_today
from balie.desk.demo import load_demo_visits_today

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
SUNDAY = datetime(2027, 3, 7, 7, 0, tzinfo=BRUSSELS)
NATIONAL_DAY = datetime(2027, 7, 21, 7, 0, tzinfo=BRUSSELS)  # a Wednesday and a holiday


def demo_visits_on(day: datetime) -> int:
    with scopes_disabled():
        return Reservation.objects.filter(
            status=ReservationStatus.CONFIRMED,
            start__date=day.date(),
            email__endswith="@demo.balie.example",
        ).count()


def test_a_sunday_gets_a_one_day_opening_and_visits():
    # Given the demo catalog, in which no counter opens on Sunday
    load_demo_data(steps=CATALOG_STEPS)

    # When today's demo is prepared on a Sunday, twice
    added = open_first_location_today(now=SUNDAY)
    again = open_first_location_today(now=SUNDAY)
    load_demo_visits_today(LoadReport(), now=SUNDAY)

    # Then the first location of each municipality opens that day only, and has visitors
    assert added > 0 and again == 0
    assert demo_visits_on(SUNDAY) > 0


def test_a_public_holiday_stays_closed():
    load_demo_data(steps=CATALOG_STEPS)

    open_first_location_today(now=NATIONAL_DAY)
    load_demo_visits_today(LoadReport(), now=NATIONAL_DAY)

    assert demo_visits_on(NATIONAL_DAY) == 0
