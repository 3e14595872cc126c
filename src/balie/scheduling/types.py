# SPDX-License-Identifier: EUPL-1.2
"""Value objects exchanged with the availability engine.

Everything is frozen so that a `Schedule` can be shared between threads and cached safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum


class SchedulingError(ValueError):
    """The input cannot be scheduled as given (a programming or configuration error)."""


class Audience(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class Interval:
    """Half-open `[start, end)`; any time zone, compared as instants."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise SchedulingError("Interval needs aware datetimes")
        if self.end < self.start:
            raise SchedulingError(f"Interval ends before it starts: {self.start} > {self.end}")


@dataclass(frozen=True, slots=True)
class WeeklyRange:
    """One opening range of a counter on a weekday, in local wall-clock time.

    `end == time(0)` means midnight at the end of the day.
    """

    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None
    staff_only: bool = False


@dataclass(frozen=True, slots=True)
class CounterCalendar:
    counter_id: int
    open: tuple[Interval, ...]
    busy: tuple[Interval, ...] = ()
    staff_only: tuple[Interval, ...] = ()


@dataclass(frozen=True, slots=True)
class Service:
    """Counter `counter_id` serves product `product_id`."""

    product_id: int
    counter_id: int
    duration_minutes: int
    extra_minutes_per_quantity: int = 0


@dataclass(frozen=True, slots=True)
class Rules:
    """How a municipality books.

    Between two legs of a visit the visitor walks `walking_gap_minutes` (rounded up to the
    grid) and may then wait up to `max_wait_minutes` (whole grid steps, never more than
    that) before the next leg starts; 0 chains the legs back to back.
    """

    granularity_minutes: int = 10
    lead_time: timedelta = timedelta(0)
    horizon_days: int = 90
    walking_gap_minutes: int = 0
    timezone: str = "Europe/Brussels"
    max_wait_minutes: int = 0


@dataclass(frozen=True, slots=True)
class VisitItem:
    product_id: int
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class Visit:
    items: tuple[VisitItem, ...]


@dataclass(frozen=True, slots=True)
class Schedule:
    """Everything known about one location."""

    counters: tuple[CounterCalendar, ...]
    services: tuple[Service, ...]
    rules: Rules


@dataclass(frozen=True, slots=True)
class Leg:
    counter_id: int
    items: tuple[VisitItem, ...]
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Solution:
    legs: tuple[Leg, ...]

    @property
    def start(self) -> datetime:
        return self.legs[0].start

    @property
    def end(self) -> datetime:
        return self.legs[-1].end

    @property
    def waits(self) -> tuple[timedelta, ...]:
        """Time between one leg's end and the next leg's start (walking included)."""
        return tuple(
            leg.start - previous.end
            for previous, leg in zip(self.legs, self.legs[1:], strict=False)
        )
