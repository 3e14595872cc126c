# SPDX-License-Identifier: EUPL-1.2
"""A demo loader step: a few visits booked for today, one of them across two counters.

Meant to be appended to ``balie.demo.loader.STEPS``. Visits are booked through the booking
engine (staff channel) as if from the start of the day, so they respect opening hours and
capacity; on a closed day there is simply nothing to book. Running it again adds nothing.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_scopes import scope

from balie.booking.actors import Actor, ActorKind
from balie.booking.exceptions import BookingError
from balie.booking.models import Channel, Reservation, ReservationStatus
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit, release_hold
from balie.catalog.selectors import list_location_products
from balie.desk.selectors import list_staff_starts
from balie.tenants.models import Municipality

DEMO_EMAIL_DOMAIN = "demo.balie.example"
# The demo books as a clerk would on the phone: staff capacity, no lead time.
DEMO_CLERK = Actor(kind=ActorKind.STAFF)
# Fictional citizens; the first gets the visit across counters.
DEMO_CITIZENS = [("Lotte", "Janssens"), ("Youssef", "El Amrani"), ("Marie", "Dubois")]


def load_demo_visits_today(report: object, *, now: datetime | None = None) -> None:
    """Book today's demo visits in every municipality that has a location."""
    now = now or timezone.now()
    for municipality in Municipality.objects.all():
        _load_for(municipality, report, now)


def _load_for(municipality: Municipality, report: object, now: datetime) -> None:
    tz = ZoneInfo(municipality.timezone)
    today = now.astimezone(tz).date()
    start_of_day = datetime.combine(today, time.min, tz)
    with scope(municipality=municipality.pk):
        already = Reservation.objects.filter(
            email__endswith=f"@{DEMO_EMAIL_DOMAIN}",
            status=ReservationStatus.CONFIRMED,
            start__gte=start_of_day,
        ).exists()
        location = municipality.location_set.order_by("pk").first()
    if already or location is None:
        return
    products = list_location_products(municipality=municipality, location=location)
    # Pairs first, so that the first citizen's visit needs two counters when possible.
    candidates = [[(a.pk, 1), (b.pk, 1)] for a in products for b in products if a.pk < b.pk]
    candidates += [[(product.pk, 1)] for product in products]
    citizens = iter(DEMO_CITIZENS)
    citizen: tuple[str, str] | None = next(citizens)
    multi_done = False
    for items in candidates:
        if len(items) == 1 and not multi_done:
            multi_done = True  # no pair spans two counters here: single visits will do
        starts = list_staff_starts(
            municipality=municipality, location=location, items=items, day=today, now=start_of_day
        )
        for start in starts[:: max(len(starts) // 3, 1)]:
            try:
                hold = hold_visit(
                    municipality=municipality,
                    location=location,
                    items=items,
                    start=start,
                    now=start_of_day,
                    actor=DEMO_CLERK,
                    channel=Channel.PHONE,
                )
            except BookingError:
                continue
            with scope(municipality=municipality.pk):
                legs = hold.legs.count()
            if not multi_done and legs < 2:
                release_hold(municipality=municipality, hold_id=hold.public_id, actor=DEMO_CLERK)
                continue  # try the next pair
            if citizen is None:
                return
            given, family = citizen
            reservation, _token = confirm_hold(
                municipality=municipality,
                hold_id=hold.public_id,
                details=CitizenDetails(
                    given_name=given,
                    family_name=family,
                    email=f"{given.lower()}@{DEMO_EMAIL_DOMAIN}",
                ),
                now=start_of_day,
                actor=DEMO_CLERK,
                notify_citizen=False,
            )
            report.record(reservation, True)  # type: ignore[attr-defined]
            multi_done = True
            citizen = next(citizens, None)
            if citizen is None:
                return
            break
