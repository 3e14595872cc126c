# SPDX-License-Identifier: EUPL-1.2
"""Weekly opening hours → concrete UTC intervals, and local-day arithmetic."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from balie.scheduling.types import Interval, SchedulingError, WeeklyRange

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SchedulingError(f"Unknown time zone {name!r}") from exc


def local_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time.

    fold=0 makes an ambiguous time (autumn) the first occurrence and moves a nonexistent time
    (spring) forward by the size of the gap, as PEP 495 prescribes.
    """
    return datetime.combine(day, wall.replace(tzinfo=tz, fold=0)).astimezone(UTC)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    return local_instant(day, time(0), tz)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    """Sorted union; touching intervals are joined so rounding to the grid sees one block."""
    merged: list[Interval] = []
    for interval in sorted(intervals, key=lambda i: (i.start, i.end)):
        if interval.end <= interval.start:
            continue
        if merged and interval.start <= merged[-1].end:
            last = merged[-1]
            if interval.end > last.end:
                merged[-1] = Interval(last.start, interval.end)
        else:
            merged.append(interval)
    return tuple(merged)


def _validate(weekly_range: WeeklyRange) -> None:
    if not 0 <= weekly_range.weekday <= 6:
        raise SchedulingError(f"weekday must be 0..6, got {weekly_range.weekday}")
    if weekly_range.end != time(0) and weekly_range.end <= weekly_range.start:
        raise SchedulingError(f"opening range ends before it starts: {weekly_range}")
    if weekly_range.start.tzinfo is not None or weekly_range.end.tzinfo is not None:
        raise SchedulingError("opening ranges are local wall-clock times without tzinfo")


def expand_opening_hours(
    ranges: Iterable[WeeklyRange],
    *,
    first_day: date,
    last_day: date,
    closed_days: Collection[date],
    timezone: str,
) -> tuple[tuple[Interval, ...], tuple[Interval, ...]]:
    """Concrete opening intervals for the local days `first_day..last_day` (inclusive).

    Returns `(open, staff_only)`, both merged, sorted and in UTC. `open` includes the staff-only
    time; the engine removes `staff_only` from it for citizens, so where a citizen range and a
    staff-only range overlap, the overlap is staff-only.
    """
    tz = zone(timezone)
    ranges = tuple(ranges)
    for weekly_range in ranges:
        _validate(weekly_range)
    closed = frozenset(closed_days)
    by_weekday: dict[int, list[WeeklyRange]] = {}
    for weekly_range in ranges:
        by_weekday.setdefault(weekly_range.weekday, []).append(weekly_range)

    opened: list[Interval] = []
    staff_only: list[Interval] = []
    day = first_day
    while day <= last_day:
        if day not in closed:
            for weekly_range in by_weekday.get(day.weekday(), ()):
                if weekly_range.valid_from is not None and day < weekly_range.valid_from:
                    continue
                if weekly_range.valid_until is not None and day > weekly_range.valid_until:
                    continue
                start = local_instant(day, weekly_range.start, tz)
                if weekly_range.end == time(0):
                    end = day_start(day + _ONE_DAY, tz)
                else:
                    end = local_instant(day, weekly_range.end, tz)
                if end <= start:
                    # Wholly inside the spring-forward gap: this range does not exist today.
                    continue
                interval = Interval(start, end)
                opened.append(interval)
                if weekly_range.staff_only:
                    staff_only.append(interval)
        day += _ONE_DAY
    return merge(opened), merge(staff_only)
