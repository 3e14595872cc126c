# SPDX-License-Identifier: EUPL-1.2
"""A slow, naive solver that states the scheduling rules as plainly as possible.

It shares nothing with the engine but the input types: no bitsets, no grid arithmetic on
integers, no precomputation. Starts are found by stepping through UTC time one grid unit at
a time and asking each unit of each leg whether it is free, with plain datetime comparisons.
Every wait between two legs (each grid step from none up to the longest wait) is tried
separately, in every combination.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import permutations, product
from zoneinfo import ZoneInfo

from balie.scheduling.types import (
    Audience,
    CounterCalendar,
    Interval,
    Schedule,
    Service,
    Visit,
    VisitItem,
)


@dataclass(frozen=True)
class RefLeg:
    counter_id: int
    items: tuple[VisitItem, ...]
    start: datetime
    end: datetime


@dataclass(frozen=True)
class RefSolution:
    legs: tuple[RefLeg, ...]
    load: int
    waits: tuple[timedelta, ...]  # before legs 2..n, beyond the walking gap

    @property
    def span(self) -> timedelta:
        return self.legs[-1].end - self.legs[0].start

    @property
    def key(self) -> tuple[object, ...]:
        return (
            len(self.legs),
            sum(self.waits, timedelta(0)),
            self.span,
            self.load,
            tuple(leg.counter_id for leg in self.legs),
            tuple(tuple(item.product_id for item in leg.items) for leg in self.legs),
            self.waits,
        )


def _covered(point: datetime, end: datetime, intervals: tuple[Interval, ...]) -> bool:
    """Is [point, end) inside the union of `intervals`? Walk from interval to interval."""
    while point < end:
        step = [i.end for i in intervals if i.start <= point < i.end]
        if not step:
            return False
        point = max(step)
    return True


def _overlaps(start: datetime, end: datetime, intervals: tuple[Interval, ...]) -> bool:
    return any(i.start < i.end and i.start < end and start < i.end for i in intervals)


class ReferenceSolver:
    def __init__(self, schedule: Schedule, audience: Audience) -> None:
        self.schedule = schedule
        self.audience = audience
        self.tz = ZoneInfo(schedule.rules.timezone)
        self.unit = timedelta(minutes=schedule.rules.granularity_minutes)
        self.calendars = {c.counter_id: c for c in schedule.counters}
        self._free: dict[tuple[int, datetime], bool] = {}
        self._load: dict[tuple[int, date], int] = {}

    def unit_free(self, counter_id: int, start: datetime) -> bool:
        key = (counter_id, start)
        if key not in self._free:
            end = start + self.unit
            calendar = self.calendars.get(counter_id, CounterCalendar(counter_id, ()))
            free = _covered(start, end, calendar.open) and not _overlaps(start, end, calendar.busy)
            if self.audience == Audience.CITIZEN and _overlaps(start, end, calendar.staff_only):
                free = False
            self._free[key] = free
        return self._free[key]

    def grid_times(self, day: date) -> Iterator[datetime]:
        """Every grid instant whose local date is `day`, found by stepping through UTC."""
        t = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
        stop = t + timedelta(days=3)
        while t < stop:
            if t.astimezone(self.tz).date() == day:
                yield t
            t += self.unit

    def duration(self, service: Service, quantity: int) -> timedelta:
        minutes = service.duration_minutes + (quantity - 1) * service.extra_minutes_per_quantity
        units = 0
        while units * self.unit < timedelta(minutes=minutes):
            units += 1
        return units * self.unit

    def gap(self) -> timedelta:
        units = 0
        while units * self.unit < timedelta(minutes=self.schedule.rules.walking_gap_minutes):
            units += 1
        return units * self.unit

    def allowed_waits(self) -> list[timedelta]:
        """Every grid step from no wait up to the longest wait, never beyond it."""
        waits = [timedelta(0)]
        while waits[-1] + self.unit <= timedelta(minutes=self.schedule.rules.max_wait_minutes):
            waits.append(waits[-1] + self.unit)
        return waits

    def leg_free(self, counter_id: int, start: datetime, length: timedelta) -> bool:
        u = start
        while u < start + length:
            if not self.unit_free(counter_id, u):
                return False
            u += self.unit
        return True

    def busy_units(self, counter_id: int, day: date) -> int:
        if (counter_id, day) not in self._load:
            calendar = self.calendars.get(counter_id, CounterCalendar(counter_id, ()))
            self._load[counter_id, day] = sum(
                1 for t in self.grid_times(day) if _overlaps(t, t + self.unit, calendar.busy)
            )
        return self._load[counter_id, day]

    def valid(self, start: datetime, now: datetime) -> bool:
        rules = self.schedule.rules
        last_day = now.astimezone(self.tz).date() + timedelta(days=rules.horizon_days)
        return start >= now + rules.lead_time and start.astimezone(self.tz).date() <= last_day

    def solutions(self, visit: Visit, start: datetime) -> list[RefSolution]:
        found = []
        services_per_item = [
            [s for s in self.schedule.services if s.product_id == item.product_id]
            for item in visit.items
        ]
        day = start.astimezone(self.tz).date()
        for choice in product(*services_per_item):
            legs: dict[int, list[tuple[VisitItem, Service]]] = {}
            for item, service in zip(visit.items, choice, strict=True):
                legs.setdefault(service.counter_id, []).append((item, service))
            for order in permutations(sorted(legs)):
                lengths = [
                    sum(
                        (self.duration(s, item.quantity) for item, s in legs[counter_id]),
                        timedelta(0),
                    )
                    for counter_id in order
                ]
                for waits in product(self.allowed_waits(), repeat=len(order) - 1):
                    t = start
                    built = []
                    for index, counter_id in enumerate(order):
                        if index:
                            t = built[-1].end + self.gap() + waits[index - 1]
                        if not self.leg_free(counter_id, t, lengths[index]):
                            break
                        built.append(
                            RefLeg(
                                counter_id,
                                tuple(item for item, _ in legs[counter_id]),
                                t,
                                t + lengths[index],
                            )
                        )
                    if len(built) == len(order):
                        load = sum(self.busy_units(leg.counter_id, day) for leg in built)
                        found.append(RefSolution(tuple(built), load, tuple(waits)))
        return found

    def best(self, visit: Visit, start: datetime, now: datetime) -> RefSolution | None:
        if not self.valid(start, now):
            return None
        candidates = self.solutions(visit, start)
        return min(candidates, key=lambda s: s.key) if candidates else None

    def starts(self, visit: Visit, day: date, now: datetime) -> list[datetime]:
        return [
            t
            for t in self.grid_times(day)
            if self.valid(t, now) and self.solutions_exist(visit, t)
        ]

    def solutions_exist(self, visit: Visit, start: datetime) -> bool:
        return bool(self.solutions(visit, start))
