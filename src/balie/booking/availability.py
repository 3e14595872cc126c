# SPDX-License-Identifier: EUPL-1.2
"""The one door to availability for every face: bookable days and start times of a visit,
as one audience sees them. Portal, desk, API and demo ask here; nothing outside booking
imports the engine (``balie.scheduling``), so the rules of how a schedule is built live in
one place (``selectors.build_visit_schedule``). Reads reuse a location's prepared schedule
while no booking has changed it (``schedules``); a visit being moved reads afresh. Fresh
reads come from the streaming replica when one is configured and has replayed the
location's last booking (``booking.replica``), from the primary otherwise.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from balie.booking.replica import availability_reads
from balie.booking.schedules import get_prepared_schedule
from balie.booking.selectors import build_schedule, build_visit_schedule, visit_from_pairs
from balie.catalog.models import Location
from balie.scheduling import (
    Audience,
    Interval,
    Visit,
    VisitItem,
    available_days,
    available_starts,
    prepare,
)
from balie.tenants.models import Municipality

# The engine's value types that faces name in their signatures.
__all__ = [
    "Audience",
    "Interval",
    "Visit",
    "find_first_free_starts",
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
    if ignore_reservation_id is None:
        prepared, _reused = get_prepared_schedule(
            municipality=municipality,
            location=location,
            first_day=first_day,
            last_day=last_day,
            now=now,
            audience=audience,
        )
        return prepared.available_days(visit, first_day=first_day, last_day=last_day, now=now)
    with availability_reads(location_id=location.pk):
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
    if ignore_reservation_id is None:
        prepared, _reused = get_prepared_schedule(
            municipality=municipality,
            location=location,
            first_day=day,
            last_day=day,
            now=now,
            audience=audience,
        )
        return prepared.available_starts(visit, day=day, now=now)
    with availability_reads(location_id=location.pk):
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


def find_first_free_starts(
    *, municipality: Municipality, location: Location, product_ids: list[int], now: datetime
) -> dict[int, datetime | None]:
    """The first start a citizen can book for each product alone at ``location``.

    For the statistics' daily history: one schedule and one engine preparation for the
    whole booking window, then each product on its own.
    """
    if not product_ids:
        return {}
    tz = ZoneInfo(municipality.timezone)
    first_day = now.astimezone(tz).date()
    last_day = first_day + timedelta(days=municipality.horizon_days)
    with availability_reads(location_id=location.pk):
        schedule = build_schedule(
            municipality=municipality,
            location=location,
            product_ids=product_ids,
            first_day=first_day,
            last_day=last_day,
            now=now,
        )
    prepared = prepare(schedule, first_day=first_day, last_day=last_day, audience=Audience.CITIZEN)
    served = {service.product_id for service in schedule.services}
    found: dict[int, datetime | None] = {}
    for product_id in product_ids:
        if product_id not in served:
            found[product_id] = None
            continue
        visit = Visit(items=(VisitItem(product_id=product_id, quantity=1),))
        starts = prepared.next_starts(visit, after=now, now=now, limit=1)
        found[product_id] = starts[0] if starts else None
    return found
