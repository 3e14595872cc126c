# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from balie.scheduling import Interval, SchedulingError, WeeklyRange, expand_opening_hours

MONDAY = date(2026, 6, 8)
TZ = "Europe/Brussels"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def expand(
    ranges: list[WeeklyRange], first: date, last: date, closed: frozenset[date] = frozenset()
) -> tuple[tuple[Interval, ...], tuple[Interval, ...]]:
    return expand_opening_hours(
        ranges, first_day=first, last_day=last, closed_days=closed, timezone=TZ
    )


def test_a_weekly_range_becomes_one_utc_interval_per_matching_weekday() -> None:
    # Given a Monday morning range (summer time, UTC+2)
    ranges = [WeeklyRange(0, time(9), time(12))]
    # When two weeks are expanded
    opened, staff_only = expand(ranges, MONDAY, date(2026, 6, 21))
    # Then each Monday has 07:00-10:00 UTC
    assert opened == (
        Interval(utc(2026, 6, 8, 7), utc(2026, 6, 8, 10)),
        Interval(utc(2026, 6, 15, 7), utc(2026, 6, 15, 10)),
    )
    assert staff_only == ()


def test_several_ranges_per_day_are_kept_apart_and_touching_ones_merged() -> None:
    ranges = [
        WeeklyRange(0, time(13), time(16)),
        WeeklyRange(0, time(9), time(12)),
        WeeklyRange(0, time(16), time(19)),
    ]
    opened, _ = expand(ranges, MONDAY, MONDAY)
    assert opened == (
        Interval(utc(2026, 6, 8, 7), utc(2026, 6, 8, 10)),
        Interval(utc(2026, 6, 8, 11), utc(2026, 6, 8, 17)),
    )


def test_validity_period_is_inclusive_on_both_ends() -> None:
    ranges = [
        WeeklyRange(
            0, time(9), time(10), valid_from=date(2026, 6, 15), valid_until=date(2026, 6, 22)
        )
    ]
    opened, _ = expand(ranges, MONDAY, date(2026, 6, 30))
    assert [i.start.date() for i in opened] == [date(2026, 6, 15), date(2026, 6, 22)]


def test_closed_days_have_no_opening_hours() -> None:
    ranges = [WeeklyRange(0, time(9), time(10)), WeeklyRange(1, time(9), time(10))]
    opened, _ = expand(ranges, MONDAY, date(2026, 6, 9), closed=frozenset({MONDAY}))
    assert [i.start.date() for i in opened] == [date(2026, 6, 9)]


def test_staff_only_ranges_are_open_and_listed_as_staff_only() -> None:
    ranges = [
        WeeklyRange(0, time(9), time(12)),
        WeeklyRange(0, time(11), time(13), staff_only=True),
    ]
    opened, staff_only = expand(ranges, MONDAY, MONDAY)
    assert opened == (Interval(utc(2026, 6, 8, 7), utc(2026, 6, 8, 11)),)
    assert staff_only == (Interval(utc(2026, 6, 8, 9), utc(2026, 6, 8, 11)),)


def test_midnight_end_means_end_of_day() -> None:
    opened, _ = expand([WeeklyRange(0, time(20), time(0))], MONDAY, MONDAY)
    assert opened == (Interval(utc(2026, 6, 8, 18), utc(2026, 6, 8, 22)),)


def test_spring_forward_day_range_is_one_hour_shorter() -> None:
    # 2026-03-29 is a Sunday; 02:00 CET jumps to 03:00 CEST
    opened, _ = expand([WeeklyRange(6, time(1), time(4))], date(2026, 3, 29), date(2026, 3, 29))
    assert opened == (Interval(utc(2026, 3, 29, 0), utc(2026, 3, 29, 2)),)


def test_nonexistent_start_moves_forward_and_a_range_inside_the_gap_vanishes() -> None:
    spring = date(2026, 3, 29)
    opened, _ = expand([WeeklyRange(6, time(2, 30), time(4))], spring, spring)
    # 02:30 does not exist; it is read as 03:30 CEST (01:30 UTC)
    assert opened == (Interval(utc(2026, 3, 29, 1, 30), utc(2026, 3, 29, 2)),)
    opened, _ = expand([WeeklyRange(6, time(2, 1), time(3))], spring, spring)
    assert opened == ()


def test_fall_back_day_range_is_one_hour_longer_and_ambiguous_times_take_the_first() -> None:
    fall = date(2026, 10, 25)
    opened, _ = expand([WeeklyRange(6, time(0), time(6))], fall, fall)
    assert opened == (Interval(utc(2026, 10, 24, 22), utc(2026, 10, 25, 5)),)
    opened, _ = expand([WeeklyRange(6, time(2, 30), time(4))], fall, fall)
    assert opened == (Interval(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 3)),)


@pytest.mark.parametrize(
    "weekly_range",
    [
        WeeklyRange(7, time(9), time(10)),
        WeeklyRange(0, time(10), time(9)),
        WeeklyRange(0, time(10), time(10)),
    ],
)
def test_invalid_ranges_are_rejected(weekly_range: WeeklyRange) -> None:
    with pytest.raises(SchedulingError):
        expand([weekly_range], MONDAY, MONDAY)


def test_unknown_time_zone_is_rejected() -> None:
    with pytest.raises(SchedulingError):
        expand_opening_hours(
            [], first_day=MONDAY, last_day=MONDAY, closed_days=(), timezone="Europe/Gent"
        )
