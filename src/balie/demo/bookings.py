# SPDX-License-Identifier: EUPL-1.2
"""Demo appointments in the coming days, so that calendars and the desk look alive.

Booked through the booking services like any citizen booking, so they respect opening hours,
capacity and the database's guard against double booking. Seeded, and skipped when the
municipality already has demo bookings, so that running the loader again adds nothing.
"""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django_scopes import scope

from balie.booking.availability import list_available_starts, visit_from_pairs
from balie.booking.exceptions import BookingError
from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.catalog.selectors import list_location_products, list_locations
from balie.tenants.models import Municipality

BOOKINGS_EMAIL_DOMAIN = "bookings.demo.balie.example"
GIVEN_NAMES = ["Emma", "Noah", "Louise", "Arthur", "Olivia", "Jules", "Mila", "Lucas", "Nora"]
FAMILY_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]
LANGUAGES = ["nl", "nl", "nl", "nl", "fr", "en", "de"]


def load_demo_bookings(
    report: object, *, now: datetime | None = None, days: int = 10, per_day: int = 5
) -> int:
    """Book about ``per_day`` visits a day per location for the next ``days`` days."""
    now = now or timezone.now()
    booked = 0
    for municipality in Municipality.objects.order_by("pk"):
        booked += _book_for(municipality, now=now, days=days, per_day=per_day)
    return booked


def _book_for(municipality: Municipality, *, now: datetime, days: int, per_day: int) -> int:
    with scope(municipality=municipality.pk):
        if Reservation.objects.filter(email__endswith=f"@{BOOKINGS_EMAIL_DOMAIN}").exists():
            return 0
    rng = random.Random(municipality.slug)
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    booked = 0
    for location in list_locations(municipality=municipality):
        products = sorted(
            product.pk
            for product in list_location_products(
                municipality=municipality, location=location, online_only=True
            )
        )
        if not products:
            continue
        for offset in range(1, days + 1):
            day = today + timedelta(days=offset)
            for _attempt in range(per_day):
                size = min(rng.choice((1, 1, 2)), len(products))
                items = [(product, 1) for product in rng.sample(products, size)]
                starts = list_available_starts(
                    municipality=municipality,
                    location=location,
                    visit=visit_from_pairs(items),
                    day=day,
                    now=now,
                )
                if not starts:
                    continue
                booked += _book(
                    municipality,
                    location,
                    items,
                    rng.choice(starts),
                    now=now,
                    rng=rng,
                    number=booked,
                )
    return booked


def _book(municipality, location, items, start, *, now, rng, number) -> int:  # type: ignore[no-untyped-def]
    given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
    details = CitizenDetails(
        given_name=given,
        family_name=family,
        email=f"{given}.{family}.{number}@{BOOKINGS_EMAIL_DOMAIN}".lower(),
        language=rng.choice(LANGUAGES),
    )
    try:
        hold = hold_visit(
            municipality=municipality, location=location, items=items, start=start, now=now
        )
        # Demo citizens get no e-mail: their addresses are fictional.
        confirm_hold(
            municipality=municipality,
            hold_id=hold.public_id,
            details=details,
            now=now,
            notify_citizen=False,
        )
    except BookingError:
        return 0  # a product this location does not serve, or a municipality rule: skip it
    return 1
