# SPDX-License-Identifier: EUPL-1.2
"""The one door to availability for every face: bookable days and start times of a visit,
as one audience sees them. Portal, desk, API and demo ask here; nothing outside booking
imports the engine (``balie.scheduling``), so the rules of how a schedule is built live in
one place (``selectors.build_visit_schedule``).
"""

from datetime import date, datetime

from balie.booking.selectors import build_visit_schedule, visit_from_pairs
from balie.catalog.models import Location
from balie.scheduling import Audience, Interval, Visit, available_days, available_starts
from balie.tenants.models import Municipality

# The engine's value types that faces name in their signatures.
__all__ = [
    "Audience",
    "Interval",
    "Visit",
    "list_available_days",
    "list_available_starts",
    "visit_from_pairs",
]


def list_available_days(
    *,
    municipality: Municipality,
    location: Location,
    visit: Visit,
    first_day: date,
    last_day: date,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
    ignore_reservation_id: int | None = None,
) -> tuple[date, ...]:
    """Local dates between ``first_day`` and ``last_day`` with at least one free start."""
    schedule = build_visit_schedule(
        municipality=municipality,
        location=location,
        visit=visit,
        first_day=first_day,
        last_day=last_day,
        now=now,
        audience=audience,
        ignore_reservation_id=ignore_reservation_id,
    )
    return available_days(
        schedule, visit, first_day=first_day, last_day=last_day, now=now, audience=audience
    )


def list_available_starts(
    *,
    municipality: Municipality,
    location: Location,
    visit: Visit,
    day: date,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
    ignore_reservation_id: int | None = None,
) -> tuple[datetime, ...]:
    """Free start times (UTC, sorted) on local date ``day``."""
    schedule = build_visit_schedule(
        municipality=municipality,
        location=location,
        visit=visit,
        first_day=day,
        last_day=day,
        now=now,
        audience=audience,
        ignore_reservation_id=ignore_reservation_id,
    )
    return available_starts(schedule, visit, day=day, now=now, audience=audience)
