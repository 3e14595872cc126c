# SPDX-License-Identifier: EUPL-1.2
"""Demo appointments fill the coming days once, without overlapping counter time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django_scopes import scopes_disabled

from balie.booking.models import CounterTimeUnit, Reservation, ReservationStatus
from balie.demo.bookings import BOOKINGS_EMAIL_DOMAIN, load_demo_bookings
from balie.demo.loader import CATALOG_STEPS, LoadReport, load_demo_data

pytestmark = pytest.mark.django_db

# A Monday morning before opening, so that the coming days have free time to fill.
NOW = datetime(2027, 3, 1, 7, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def test_demo_bookings_fill_the_coming_days_once():
    # Given the demo catalog
    load_demo_data(CATALOG_STEPS)

    # When the coming days are booked, twice
    first = load_demo_bookings(LoadReport(), now=NOW, days=3, per_day=2)
    second = load_demo_bookings(LoadReport(), now=NOW, days=3, per_day=2)

    # Then there are confirmed appointments in both municipalities, and the rerun added none
    with scopes_disabled():
        demo = Reservation.objects.filter(email__endswith=f"@{BOOKINGS_EMAIL_DOMAIN}")
        assert first > 5 and second == 0
        assert demo.count() == first
        assert set(demo.values_list("status", flat=True)) == {ReservationStatus.CONFIRMED}
        assert demo.values("municipality").distinct().count() == 2
    # And no counter time is taken twice
    assert not (
        CounterTimeUnit.objects.values("counter", "unit_start")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
