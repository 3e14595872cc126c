# SPDX-License-Identifier: EUPL-1.2
"""A measured proposal for booking.selectors.build_schedule (PostgreSQL only, bench use).

Same inputs and output as build_schedule; two changes, measured by bench_engine_db.py
--proposed, so that the owner of booking/selectors.py can decide on numbers:

1. busy time comes from one raw statement that merges touching legs in PostgreSQL
   (range_agg) and returns epoch seconds, instead of one ORM row of two timestamptz per
   leg: fewer rows, no per-row timestamp parsing, no ORM compilation;
2. the catalog part (services, opening hours expanded, closing days), which changes only
   when an administrator edits it, is kept in process memory under a version key; here the
   key is just the arguments, standing in for (municipality.catalog_version, location,
   products, days).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from balie.booking.selectors import build_schedule, rules_for
from balie.scheduling import CounterCalendar, Interval, Schedule

_CATALOG: dict[tuple, Schedule] = {}

_BUSY_SQL = """
SELECT counter_id, extract(epoch FROM lower(block)), extract(epoch FROM upper(block))
FROM (
    SELECT l.counter_id, unnest(range_agg(tstzrange(l.start, l."end"))) AS block
    FROM booking_leg l
    JOIN booking_reservation r ON r.id = l.reservation_id
    WHERE l.counter_id = ANY(%s) AND l.start < %s AND l."end" > %s
      AND (r.status = 'confirmed' OR (r.status = 'held' AND r.expires_at > %s))
      AND r.id <> %s
    GROUP BY l.counter_id
) AS merged
"""


def build_schedule_proposed(
    *,
    municipality,  # noqa: ANN001
    location,  # noqa: ANN001
    product_ids,  # noqa: ANN001
    first_day: date,
    last_day: date,
    now: datetime,
    ignore_reservation_id: int | None = None,
    cache_catalog: bool = True,
) -> Schedule:
    key = (municipality.pk, location.pk, tuple(sorted(product_ids)), first_day, last_day)
    catalog = _CATALOG.get(key) if cache_catalog else None
    if catalog is None:
        # Today's function, keeping all but its busy legs (read fresh below).
        catalog = build_schedule(
            municipality=municipality,
            location=location,
            product_ids=product_ids,
            first_day=first_day,
            last_day=last_day,
            now=now,
        )
        catalog = Schedule(
            counters=tuple(
                CounterCalendar(c.counter_id, c.open, (), c.staff_only) for c in catalog.counters
            ),
            services=catalog.services,
            rules=rules_for(municipality=municipality, location=location),
        )
        if cache_catalog:
            _CATALOG[key] = catalog
    tz = ZoneInfo(municipality.timezone)
    range_start = datetime.combine(first_day - timedelta(days=1), datetime.min.time(), tz)
    range_end = datetime.combine(last_day + timedelta(days=2), datetime.min.time(), tz)
    busy: dict[int, list[Interval]] = defaultdict(list)
    counter_ids = [c.counter_id for c in catalog.counters]
    with connection.cursor() as cursor:
        cursor.execute(
            _BUSY_SQL, [counter_ids, range_end, range_start, now, ignore_reservation_id or 0]
        )
        fromtimestamp = datetime.fromtimestamp
        for counter_id, start, end in cursor.fetchall():
            busy[counter_id].append(
                Interval(fromtimestamp(float(start), UTC), fromtimestamp(float(end), UTC))
            )
    return Schedule(
        counters=tuple(
            CounterCalendar(c.counter_id, c.open, tuple(busy[c.counter_id]), c.staff_only)
            for c in catalog.counters
        ),
        services=catalog.services,
        rules=catalog.rules,
    )
