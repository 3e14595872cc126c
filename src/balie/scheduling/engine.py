# SPDX-License-Identifier: EUPL-1.2
"""Availability of multi-product visits: which days, which start times, which solution.

All three views derive from the same per-counter free-time bitsets and the same set of leg
chains, so a day shown in the month view always has start times, and every start time shown
has a solution.

A chain is one leg order with one counter per leg. Leg k+1 may start any unit from
(end of leg k + walking gap) up to `max_wait` units later, so a chain's start bits are built
from its last leg backwards: `reach_back` widens what the rest of the chain allows by the
wait (a few shifted ORs), the shift moves it back by the leg and the gap, and the AND keeps
what this leg's counter allows. Chains sharing a tail share that work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import permutations, product

from balie.scheduling.calendar import day_start, local_date, zone
from balie.scheduling.grid import (
    Grid,
    fits,
    free_bits,
    reach_back,
    set_bits,
    touched_bits,
    window,
)
from balie.scheduling.types import (
    Audience,
    Leg,
    Rules,
    Schedule,
    SchedulingError,
    Service,
    Solution,
    Visit,
    VisitItem,
)

GRANULARITIES = frozenset({5, 10, 15})
# Every assignment of products to counters and every leg order is tried, which grows
# factorially; real visits have one to three products.
MAX_VISIT_ITEMS = 6
_ONE_DAY = timedelta(days=1)
_NEXT_STARTS_FIRST_CHUNK_DAYS = 7


_TieBreak = tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]
# Legs, total wait, span, load, tie break, waits: the order in which solutions are preferred.
_Preference = tuple[int, int, int, int, _TieBreak, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class _LegPlan:
    counter_id: int
    units: int
    items: tuple[VisitItem, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """One assignment of the visit's products to counters, in one leg order."""

    legs: tuple[_LegPlan, ...]
    offsets: tuple[int, ...]  # start of each leg without waiting, in units after the start
    span: int  # without waiting
    tie_break: _TieBreak


@dataclass(frozen=True, slots=True)
class _VisitPlans:
    plans: tuple[_Plan, ...]
    # Distinct (counter, units) chains: what availability needs, without the duplicates
    # that differ only in which product goes where.
    chains: tuple[tuple[tuple[int, int], ...], ...]
    gap: int  # walking gap between two legs, in units
    max_wait: int  # longest wait before a leg, in units
    max_span: int  # with the longest waits


def _check_rules(rules: Rules) -> None:
    if rules.granularity_minutes not in GRANULARITIES:
        raise SchedulingError(
            f"granularity must be one of {sorted(GRANULARITIES)}, got {rules.granularity_minutes}"
        )
    if rules.lead_time < timedelta(0):
        raise SchedulingError("lead_time must not be negative")
    if rules.horizon_days < 0:
        raise SchedulingError("horizon_days must not be negative")
    if rules.walking_gap_minutes < 0:
        raise SchedulingError("walking_gap_minutes must not be negative")
    if rules.max_wait_minutes < 0:
        raise SchedulingError("max_wait_minutes must not be negative")
    zone(rules.timezone)


def _check_aware(name: str, instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise SchedulingError(f"{name} must be an aware datetime")


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _plan_visit(services: Iterable[Service], visit: Visit, rules: Rules) -> _VisitPlans:
    items = visit.items
    if not items:
        raise SchedulingError("a visit needs at least one product")
    if len(items) > MAX_VISIT_ITEMS:
        raise SchedulingError(f"a visit has at most {MAX_VISIT_ITEMS} products")
    wanted = {item.product_id for item in items}
    if len(wanted) != len(items):
        raise SchedulingError("a product appears twice in the visit; use its quantity")
    for item in items:
        if item.quantity < 1:
            raise SchedulingError(f"quantity must be at least 1, got {item.quantity}")

    grid_minutes = rules.granularity_minutes
    options: dict[int, list[tuple[int, int]]] = {product_id: [] for product_id in wanted}
    quantities = {item.product_id: item.quantity for item in items}
    seen: set[tuple[int, int]] = set()
    for service in services:
        if service.product_id not in wanted:
            continue
        key = (service.product_id, service.counter_id)
        if key in seen:
            raise SchedulingError(f"product {key[0]} has two services at counter {key[1]}")
        seen.add(key)
        if service.duration_minutes < 1 or service.extra_minutes_per_quantity < 0:
            raise SchedulingError(f"invalid service duration: {service}")
        minutes = service.duration_minutes + (
            (quantities[service.product_id] - 1) * service.extra_minutes_per_quantity
        )
        options[service.product_id].append((service.counter_id, _ceil_div(minutes, grid_minutes)))
    for item in items:
        if not options[item.product_id]:
            raise SchedulingError(f"no counter serves product {item.product_id}")

    gap = _ceil_div(rules.walking_gap_minutes, grid_minutes)
    # Only whole grid steps that do not exceed the longest wait.
    max_wait = rules.max_wait_minutes // grid_minutes
    plans: list[_Plan] = []
    chains: dict[tuple[tuple[int, int], ...], None] = {}
    for choice in product(*(options[item.product_id] for item in items)):
        grouped: dict[int, tuple[int, list[VisitItem]]] = {}
        for item, (counter_id, units) in zip(items, choice, strict=True):
            total, served = grouped.get(counter_id, (0, []))
            served.append(item)
            grouped[counter_id] = (total + units, served)
        leg_set = [
            _LegPlan(counter_id, total, tuple(served))
            for counter_id, (total, served) in sorted(grouped.items())
        ]
        for order in permutations(leg_set):
            offsets: list[int] = []
            position = 0
            for leg in order:
                offsets.append(position)
                position += leg.units + gap
            span = position - gap
            plans.append(
                _Plan(
                    legs=order,
                    offsets=tuple(offsets),
                    span=span,
                    tie_break=(
                        tuple(leg.counter_id for leg in order),
                        tuple(tuple(i.product_id for i in leg.items) for leg in order),
                    ),
                )
            )
            chains[tuple((leg.counter_id, leg.units) for leg in order)] = None
    return _VisitPlans(
        plans=tuple(plans),
        chains=tuple(chains),
        gap=gap,
        max_wait=max_wait,
        max_span=max(plan.span + (len(plan.legs) - 1) * max_wait for plan in plans),
    )


@lru_cache(maxsize=1024)
def _day_bounds(
    timezone: str, granularity_minutes: int, first_day: date, last_day: date
) -> tuple[int, ...]:
    """Absolute unit of the first start on each local day, plus the day after the last.

    Cached because every query needs them and zoneinfo conversions cost a microsecond each.
    """
    grid, tz = Grid(timedelta(minutes=granularity_minutes)), zone(timezone)
    return tuple(
        grid.ceil(day_start(first_day + timedelta(days=n), tz))
        for n in range((last_day - first_day).days + 2)
    )


class PreparedSchedule:
    """A schedule's free time as bitsets over the local days `first_day..last_day`.

    Reusable across queries (any visit, any `now`) for one audience; counters' bitsets and
    fitted leg lengths are built lazily and cached. `margin` is how far past `last_day` the
    bitsets reach, so visits starting late on `last_day` can still be checked; it must be at
    least the longest visit queried.
    """

    __slots__ = (
        "schedule",
        "audience",
        "first_day",
        "last_day",
        "_grid",
        "_tz",
        "_bounds",
        "_base",
        "_size",
        "_calendars",
        "_free",
        "_busy",
        "_fitted",
        "_plans",
    )

    def __init__(
        self,
        schedule: Schedule,
        *,
        first_day: date,
        last_day: date,
        audience: Audience = Audience.CITIZEN,
        margin: timedelta = _ONE_DAY,
    ) -> None:
        _check_rules(schedule.rules)
        if last_day < first_day:
            raise SchedulingError(f"last_day {last_day} is before first_day {first_day}")
        self.schedule = schedule
        self.audience = Audience(audience)
        self.first_day = first_day
        self.last_day = last_day
        self._grid = Grid(timedelta(minutes=schedule.rules.granularity_minutes))
        self._tz = zone(schedule.rules.timezone)
        self._bounds = _day_bounds(
            schedule.rules.timezone, schedule.rules.granularity_minutes, first_day, last_day
        )
        self._base = self._bounds[0]
        self._size = (
            self._bounds[-1]
            - self._base
            + _ceil_div(int(margin.total_seconds()), int(self._grid.unit.total_seconds()))
        )
        self._calendars = {calendar.counter_id: calendar for calendar in schedule.counters}
        if len(self._calendars) != len(schedule.counters):
            raise SchedulingError("a counter appears twice in the schedule")
        self._free: dict[int, int] = {}
        self._busy: dict[int, int] = {}
        self._fitted: dict[tuple[int, int], int] = {}
        self._plans: dict[Visit, _VisitPlans] = {}

    def build(self) -> PreparedSchedule:
        """Build every counter's free time now instead of on first use (e.g. in a cache task)."""
        for calendar in self.schedule.counters:
            self._free_bits(calendar.counter_id)
        return self

    # -- building blocks ---------------------------------------------------------------

    def _visit_plans(self, visit: Visit) -> _VisitPlans:
        plans = self._plans.get(visit)
        if plans is None:
            plans = _plan_visit(self.schedule.services, visit, self.schedule.rules)
            if plans.max_span > self._size - (self._bounds[-1] - self._base):
                raise SchedulingError("visit is longer than the prepared margin")
            self._plans[visit] = plans
        return plans

    def _free_bits(self, counter_id: int) -> int:
        bits = self._free.get(counter_id)
        if bits is None:
            calendar = self._calendars.get(counter_id)
            if calendar is None:
                bits = 0
            else:
                blocked = calendar.busy
                if self.audience is Audience.CITIZEN and calendar.staff_only:
                    blocked = blocked + calendar.staff_only
                bits = free_bits(self._grid, self._base, self._size, calendar.open, blocked)
            self._free[counter_id] = bits
        return bits

    def _busy_bits(self, counter_id: int) -> int:
        bits = self._busy.get(counter_id)
        if bits is None:
            calendar = self._calendars.get(counter_id)
            busy = calendar.busy if calendar is not None else ()
            bits = touched_bits(self._grid, self._base, self._size, busy)
            self._busy[counter_id] = bits
        return bits

    def _fits(self, counter_id: int, units: int) -> int:
        key = (counter_id, units)
        bits = self._fitted.get(key)
        if bits is None:
            bits = fits(self._free_bits(counter_id), units)
            self._fitted[key] = bits
        return bits

    def _start_bits(self, plans: _VisitPlans) -> int:
        """Bit i set iff some chain of legs fits when the visit starts at unit base+i."""
        gap, max_wait = plans.gap, plans.max_wait
        # Per chain tail: the units where its first leg may start (with the rest following),
        # widened backwards by the wait allowed before that leg.
        reachable: dict[tuple[tuple[int, int], ...], int] = {}

        def tail_reach(tail: tuple[tuple[int, int], ...]) -> int:
            bits = reachable.get(tail)
            if bits is None:
                counter_id, units = tail[0]
                bits = self._fits(counter_id, units)
                if len(tail) > 1 and bits:
                    bits &= tail_reach(tail[1:]) >> (units + gap)
                if max_wait and bits:
                    bits = reach_back(bits, max_wait)
                reachable[tail] = bits
            return bits

        starts = 0
        for chain in plans.chains:
            counter_id, units = chain[0]
            bits = self._fits(counter_id, units)
            if len(chain) > 1 and bits:
                bits &= tail_reach(chain[1:]) >> (units + gap)
            starts |= bits
        return starts

    def _day_index(self, day: date) -> int:
        if not self.first_day <= day <= self.last_day:
            raise SchedulingError(
                f"{day} is outside the prepared days {self.first_day}..{self.last_day}"
            )
        return (day - self.first_day).days

    def _valid_window(self, now: datetime) -> tuple[int, int]:
        """Relative units [lo, hi) where starts are allowed by lead time and horizon."""
        _check_aware("now", now)
        rules = self.schedule.rules
        lo = self._grid.ceil(now + rules.lead_time)
        last_bookable = local_date(now, self._tz) + timedelta(days=rules.horizon_days)
        hi = self._grid.ceil(day_start(last_bookable + _ONE_DAY, self._tz))
        return max(lo, self._base) - self._base, min(hi, self._bounds[-1]) - self._base

    def _valid_starts(self, visit: Visit, now: datetime, lo: int, hi: int) -> int:
        """Valid start bits within relative units [lo, hi)."""
        plans = self._visit_plans(visit)
        valid_lo, valid_hi = self._valid_window(now)
        lo, hi = max(lo, valid_lo), min(hi, valid_hi)
        if lo >= hi:
            return 0
        return self._start_bits(plans) & window(lo, hi)

    # -- queries ------------------------------------------------------------------------

    def available_days(
        self, visit: Visit, *, first_day: date, last_day: date, now: datetime
    ) -> tuple[date, ...]:
        first = self._day_index(first_day)
        last = self._day_index(last_day)
        bounds = [bound - self._base for bound in self._bounds[first : last + 2]]
        starts = self._valid_starts(visit, now, bounds[0], bounds[-1])
        if not starts:
            return ()
        days: list[date] = []
        for n in range(last - first + 1):
            lo, hi = bounds[n], bounds[n + 1]
            if (starts >> lo) & ((1 << (hi - lo)) - 1):
                days.append(first_day + timedelta(days=n))
        return tuple(days)

    def available_starts(self, visit: Visit, *, day: date, now: datetime) -> tuple[datetime, ...]:
        n = self._day_index(day)
        lo, hi = self._bounds[n] - self._base, self._bounds[n + 1] - self._base
        starts = self._valid_starts(visit, now, lo, hi) >> lo
        base = self._base + lo
        return tuple(self._grid.instant(base + i) for i in set_bits(starts))

    def next_starts(
        self, visit: Visit, *, after: datetime, now: datetime, limit: int = 3
    ) -> tuple[datetime, ...]:
        """The first `limit` valid starts at or after `after` within the prepared days."""
        _check_aware("after", after)
        lo = max(self._grid.ceil(after) - self._base, 0)
        starts = self._valid_starts(visit, now, lo, self._bounds[-1] - self._base) >> lo
        found: list[datetime] = []
        for i in set_bits(starts):
            if len(found) == limit:
                break
            found.append(self._grid.instant(self._base + lo + i))
        return tuple(found)

    def find_solution(self, visit: Visit, *, start: datetime, now: datetime) -> Solution | None:
        """The best solution starting exactly at `start`, or None if `start` is not available.

        Best = fewest legs, then least total waiting, then shortest span, then least-loaded
        counters (busy units on the start's local day), then counter order, product
        placement and each leg as early as it can.
        """
        _check_aware("start", start)
        plans = self._visit_plans(visit)
        if not self._grid.on_grid(start):
            return None
        position = self._grid.floor(start) - self._base
        valid_lo, valid_hi = self._valid_window(now)
        if not valid_lo <= position < valid_hi:
            return None
        day_n = self._day_index(local_date(start, self._tz))
        day_mask = window(self._bounds[day_n] - self._base, self._bounds[day_n + 1] - self._base)

        load_cache: dict[int, int] = {}

        def load(counter_id: int) -> int:
            if counter_id not in load_cache:
                load_cache[counter_id] = (self._busy_bits(counter_id) & day_mask).bit_count()
            return load_cache[counter_id]

        # Each leg's fitted starts from `position` on, cut to the visit's longest span: small
        # ints whose bits are cheap to test.
        span_mask = (1 << (plans.max_span + 1)) - 1
        nearby: dict[tuple[int, int], int] = {}

        def fitted_near(leg: _LegPlan) -> int:
            key = (leg.counter_id, leg.units)
            bits = nearby.get(key)
            if bits is None:
                bits = (self._fits(leg.counter_id, leg.units) >> position) & span_mask
                nearby[key] = bits
            return bits

        best: tuple[_Preference, _Plan, tuple[int, ...]] | None = None
        for plan in plans.plans:
            # Waiting only adds to both the wait and the span: a plan whose leg count and
            # span without waiting already lose to the best so far is skipped unsolved.
            if best is not None and (len(plan.legs), 0, plan.span) > best[0][:3]:
                continue
            waits = _earliest_waits(plan, plans, fitted_near)
            if waits is None:
                continue
            waited = sum(waits)
            key: _Preference = (
                len(plan.legs),
                waited,
                plan.span + waited,
                sum(load(leg.counter_id) for leg in plan.legs),
                plan.tie_break,
                waits,
            )
            if best is None or key < best[0]:
                best = (key, plan, waits)
        if best is None:
            return None
        _key, plan, waits = best
        legs: list[Leg] = []
        waited = 0
        for leg, offset, wait in zip(plan.legs, plan.offsets, (0, *waits), strict=True):
            waited += wait
            first = self._base + position + offset + waited
            legs.append(
                Leg(
                    counter_id=leg.counter_id,
                    items=leg.items,
                    start=self._grid.instant(first),
                    end=self._grid.instant(first + leg.units),
                )
            )
        return Solution(tuple(legs))


def _earliest_waits(
    plan: _Plan, plans: _VisitPlans, fitted_near: Callable[[_LegPlan], int]
) -> tuple[int, ...] | None:
    """The waits before legs 2..n with the least total, each leg as early as it can (the
    smallest waits tuple); None if the plan does not fit.

    Forward over the legs, keeping per reachable start unit the smallest waits (as a tuple)
    that reach it: every way to reach a unit has waited the same total, and the best overall
    extends the best way to each of its units.
    """
    first = plan.legs[0]
    if not fitted_near(first) & 1:
        return None
    reached: dict[int, tuple[int, ...]] = {0: ()}
    previous = first
    for leg in plan.legs[1:]:
        bits = fitted_near(leg)
        following: dict[int, tuple[int, ...]] = {}
        for unit, waits in reached.items():
            earliest = unit + previous.units + plans.gap
            for wait in range(plans.max_wait + 1):
                candidate = earliest + wait
                if (bits >> candidate) & 1:
                    extended = (*waits, wait)
                    known = following.get(candidate)
                    if known is None or extended < known:
                        following[candidate] = extended
        if not following:
            return None
        reached, previous = following, leg
    return reached[min(reached)]


# -- plain functions: build only what one query needs ------------------------------------


def prepare(
    schedule: Schedule,
    *,
    first_day: date,
    last_day: date,
    audience: Audience = Audience.CITIZEN,
    margin: timedelta = _ONE_DAY,
) -> PreparedSchedule:
    """Bitsets for repeated queries over the same days (e.g. a cache rebuilt by a task)."""
    return PreparedSchedule(
        schedule, first_day=first_day, last_day=last_day, audience=audience, margin=margin
    )


def _prepare_for(
    schedule: Schedule, visit: Visit, first_day: date, last_day: date, audience: Audience
) -> PreparedSchedule:
    _check_rules(schedule.rules)
    plans = _plan_visit(schedule.services, visit, schedule.rules)
    margin = plans.max_span * timedelta(minutes=schedule.rules.granularity_minutes)
    return PreparedSchedule(
        schedule, first_day=first_day, last_day=last_day, audience=audience, margin=margin
    )


def _last_bookable_day(schedule: Schedule, now: datetime) -> date:
    _check_aware("now", now)
    tz = zone(schedule.rules.timezone)
    return local_date(now, tz) + timedelta(days=schedule.rules.horizon_days)


def available_days(
    schedule: Schedule,
    visit: Visit,
    *,
    first_day: date,
    last_day: date,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
) -> tuple[date, ...]:
    """Local dates in `first_day..last_day` with at least one available start."""
    if last_day < first_day:
        raise SchedulingError(f"last_day {last_day} is before first_day {first_day}")
    _check_rules(schedule.rules)
    # Days before the earliest start or after the horizon cannot have starts: skip building them.
    earliest = local_date(now + schedule.rules.lead_time, zone(schedule.rules.timezone))
    first_day = max(first_day, earliest)
    last_day = min(last_day, _last_bookable_day(schedule, now))
    if last_day < first_day:
        _plan_visit(schedule.services, visit, schedule.rules)
        return ()
    prepared = _prepare_for(schedule, visit, first_day, last_day, audience)
    return prepared.available_days(visit, first_day=first_day, last_day=last_day, now=now)


def available_starts(
    schedule: Schedule,
    visit: Visit,
    *,
    day: date,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
) -> tuple[datetime, ...]:
    """Available start times (UTC, sorted) whose local date is `day`."""
    prepared = _prepare_for(schedule, visit, day, day, audience)
    return prepared.available_starts(visit, day=day, now=now)


def find_solution(
    schedule: Schedule,
    visit: Visit,
    *,
    start: datetime,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
) -> Solution | None:
    """The solution the platform books for `start`, or None if `start` is not available."""
    _check_aware("start", start)
    _check_rules(schedule.rules)
    day = local_date(start, zone(schedule.rules.timezone))
    prepared = _prepare_for(schedule, visit, day, day, audience)
    return prepared.find_solution(visit, start=start, now=now)


def next_starts(
    schedule: Schedule,
    visit: Visit,
    *,
    after: datetime,
    now: datetime,
    audience: Audience = Audience.CITIZEN,
    limit: int = 3,
) -> tuple[datetime, ...]:
    """The `limit` nearest available starts at or after `after` (alternatives for a 409)."""
    _check_aware("after", after)
    _check_rules(schedule.rules)
    if limit < 1:
        return ()
    _plan_visit(schedule.services, visit, schedule.rules)
    tz = zone(schedule.rules.timezone)
    first_day = local_date(max(after, now + schedule.rules.lead_time), tz)
    horizon_day = _last_bookable_day(schedule, now)
    found: list[datetime] = []
    # Alternatives are nearly always close by: look at one week first, then the rest.
    chunk_end = first_day + timedelta(days=_NEXT_STARTS_FIRST_CHUNK_DAYS - 1)
    while first_day <= horizon_day and len(found) < limit:
        last_day = min(chunk_end, horizon_day)
        prepared = _prepare_for(schedule, visit, first_day, last_day, audience)
        found.extend(prepared.next_starts(visit, after=after, now=now, limit=limit - len(found)))
        first_day = last_day + _ONE_DAY
        chunk_end = horizon_day
    return tuple(found)
