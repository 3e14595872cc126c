# SPDX-License-Identifier: EUPL-1.2
"""Property tests: the engine agrees with the naive reference solver on random instances."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balie.scheduling import (
    Audience,
    CounterCalendar,
    Interval,
    Rules,
    Schedule,
    Service,
    Solution,
    Visit,
    VisitItem,
    WeeklyRange,
    available_days,
    available_starts,
    expand_opening_hours,
    find_solution,
    next_starts,
    prepare,
)
from balie.scheduling.tests.reference import ReferenceSolver

SPRING_FORWARD = date(2026, 3, 29)
FALL_BACK = date(2026, 10, 25)
ORDINARY_DAY = date(2026, 6, 10)
TZ = "Europe/Brussels"


@dataclass(frozen=True)
class Instance:
    schedule: Schedule
    visit: Visit
    first_day: date
    last_day: date
    now: datetime
    audience: Audience

    @property
    def days(self) -> list[date]:
        n = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=i) for i in range(n)]


def _minutes(draw: st.DrawFn, lo: int, hi: int) -> timedelta:
    return timedelta(minutes=draw(st.integers(lo, hi)))


def _raw_intervals(
    draw: st.DrawFn, start: datetime, span_minutes: int, count: int, longest: int
) -> tuple[Interval, ...]:
    intervals = []
    for _ in range(draw(st.integers(0, count))):
        begin = start + _minutes(draw, 0, span_minutes)
        intervals.append(Interval(begin, begin + _minutes(draw, 1, longest)))
    return tuple(intervals)


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    around = draw(st.sampled_from([SPRING_FORWARD, FALL_BACK, ORDINARY_DAY]))
    first_day = around + timedelta(days=draw(st.integers(-1, 0)))
    last_day = first_day + timedelta(days=draw(st.integers(0, 2)))
    days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    range_start = datetime.combine(first_day, time(0), tzinfo=UTC) - timedelta(hours=3)
    range_minutes = ((last_day - first_day).days + 1) * 24 * 60 + 6 * 60
    granularity = draw(st.sampled_from([5, 10, 15]))

    # Half the instances share one opening window across two or more counters, with short
    # bookings in it, and serve each product at its own counter: multi-counter visits (and
    # their waits) then have something to choose from.
    dense: bool = draw(st.booleans())
    counter_ids = list(range(1, draw(st.integers(2 if dense else 1, 4)) + 1))
    shared: WeeklyRange | None = None
    shared_busy: tuple[datetime, int] | None = None
    if dense:
        shared_day = draw(st.sampled_from(days))
        shared_begin = draw(st.integers(0, 20 * 60))
        shared_length = draw(st.integers(60, 4 * 60))
        shared_end = shared_begin + shared_length
        shared = WeeklyRange(
            weekday=shared_day.weekday(),
            start=time(shared_begin // 60, shared_begin % 60),
            end=time(shared_end // 60, shared_end % 60),
        )
        shared_busy = (
            datetime.combine(shared_day, shared.start, tzinfo=ZoneInfo(TZ)).astimezone(UTC),
            shared_length,
        )
    counters = []
    for counter_id in counter_ids:
        ranges = [shared] if shared else []
        for _ in range(draw(st.integers(0 if shared else 1, 4))):
            day = draw(st.sampled_from(days))
            begin = draw(st.integers(0, 23 * 60))
            end = min(begin + draw(st.integers(10, 10 * 60)), 24 * 60)
            ranges.append(
                WeeklyRange(
                    weekday=day.weekday(),
                    start=time(begin // 60, begin % 60),
                    end=time(0) if end == 24 * 60 else time(end // 60, end % 60),
                    valid_from=draw(st.sampled_from([None, None, first_day, last_day])),
                    valid_until=draw(st.sampled_from([None, None, first_day, last_day])),
                    staff_only=draw(st.sampled_from([False, False, True])),
                )
            )
        closed = draw(st.sets(st.sampled_from(days), max_size=1))
        opened, staff_only = expand_opening_hours(
            ranges, first_day=first_day, last_day=last_day, closed_days=closed, timezone=TZ
        )
        # Raw, possibly overlapping or touching off-grid intervals exercise merging.
        opened += _raw_intervals(draw, range_start, range_minutes, 2, 6 * 60)
        split: bool = draw(st.booleans())
        if opened and split:
            # Split one interval off the grid: the halves together still cover the units
            # around the cut, though neither does alone.
            whole = opened[0]
            tenths = draw(st.integers(1, 9))
            cut = (whole.start + (whole.end - whole.start) * tenths / 10).replace(
                second=0, microsecond=0
            )
            if whole.start < cut < whole.end:
                opened = (Interval(whole.start, cut), Interval(cut, whole.end), *opened[1:])
        staff_only += _raw_intervals(draw, range_start, range_minutes, 1, 90)
        busy = _raw_intervals(draw, range_start, range_minutes, 5, 60)
        if shared_busy:
            busy += _raw_intervals(draw, shared_busy[0], shared_busy[1], 6, 30)
        if counter_id != 4 or draw(st.booleans()):
            counters.append(CounterCalendar(counter_id, opened, busy, staff_only))

    product_ids = list(range(101, 101 + draw(st.sampled_from([3, 2] if dense else [3, 2, 1]))))
    services = []
    for index, product_id in enumerate(product_ids):
        own = [counter_ids[index % len(counter_ids)]] if dense else []
        others = draw(st.lists(st.sampled_from(counter_ids), max_size=1 if dense else 3))
        for counter_id in dict.fromkeys(own + others) or [counter_ids[0]]:
            services.append(
                Service(
                    product_id=product_id,
                    counter_id=counter_id,
                    duration_minutes=draw(st.integers(1, 40)),
                    extra_minutes_per_quantity=draw(st.sampled_from([0, 0, 5, 12])),
                )
            )
    # Mostly the whole catalogue: multi-product visits are where the engine can go wrong.
    size = len(product_ids) if dense else draw(st.sampled_from([len(product_ids), 1]))
    visit_products = draw(st.permutations(product_ids))[:size]
    visit = Visit(tuple(VisitItem(p, draw(st.integers(1, 3))) for p in visit_products))
    rules = Rules(
        granularity_minutes=granularity,
        lead_time=_minutes(draw, 0, 180),
        horizon_days=draw(st.sampled_from([4, 4, 4, 2, 1, 0])),
        walking_gap_minutes=draw(st.sampled_from([0, granularity, 7])),
        timezone=TZ,
        # Mostly a wait: off-grid values check that only whole steps within it are offered.
        max_wait_minutes=draw(st.sampled_from([0, granularity, 2 * granularity, 7, 25])),
    )
    now = range_start - timedelta(days=2) + _minutes(draw, 0, range_minutes // 2 + 2 * 24 * 60)
    return Instance(
        schedule=Schedule(tuple(counters), tuple(services), rules),
        visit=visit,
        first_day=first_day,
        last_day=last_day,
        now=now,
        audience=draw(st.sampled_from(list(Audience))),
    )


def _assert_valid(solution: Solution, instance: Instance, reference: ReferenceSolver) -> None:
    rules = instance.schedule.rules
    gap = reference.gap()
    longest_wait = timedelta(minutes=rules.max_wait_minutes)
    for previous, leg in zip(solution.legs, solution.legs[1:], strict=False):
        assert timedelta(0) <= leg.start - (previous.end + gap) <= longest_wait
    assert len({leg.counter_id for leg in solution.legs}) == len(solution.legs)
    served = [item for leg in solution.legs for item in leg.items]
    assert sorted(served, key=lambda i: i.product_id) == sorted(
        instance.visit.items, key=lambda i: i.product_id
    )
    for leg in solution.legs:
        assert leg.start.tzinfo is UTC and leg.end.tzinfo is UTC
        t = leg.start
        while t < leg.end:
            assert reference.unit_free(leg.counter_id, t)
            t += timedelta(minutes=rules.granularity_minutes)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instance=instances())
def test_engine_agrees_with_reference_solver(instance: Instance) -> None:
    # Given a random small location, visit, clock and audience
    reference = ReferenceSolver(instance.schedule, instance.audience)
    expected = {day: reference.starts(instance.visit, day, instance.now) for day in instance.days}

    # When the engine computes the month view and each day view
    days = available_days(
        instance.schedule,
        instance.visit,
        first_day=instance.first_day,
        last_day=instance.last_day,
        now=instance.now,
        audience=instance.audience,
    )
    starts = {
        day: available_starts(
            instance.schedule,
            instance.visit,
            day=day,
            now=instance.now,
            audience=instance.audience,
        )
        for day in instance.days
    }

    prepared = prepare(
        instance.schedule,
        first_day=instance.first_day,
        last_day=instance.last_day,
        audience=instance.audience,
    )

    # Then both agree with the reference, with or without a prepared schedule
    assert starts == {day: tuple(times) for day, times in expected.items()}
    assert days == tuple(day for day in instance.days if expected[day])
    assert days == prepared.available_days(
        instance.visit, first_day=instance.first_day, last_day=instance.last_day, now=instance.now
    )
    assert starts == {
        day: prepared.available_starts(instance.visit, day=day, now=instance.now)
        for day in instance.days
    }

    # And every start has a valid solution, the same the reference ranks best
    gap = reference.gap()
    for day_starts in starts.values():
        for start in day_starts:
            solution = find_solution(
                instance.schedule,
                instance.visit,
                start=start,
                now=instance.now,
                audience=instance.audience,
            )
            assert solution is not None
            assert solution.start == start
            _assert_valid(solution, instance, reference)
            best = reference.best(instance.visit, start, instance.now)
            assert best is not None
            assert (
                len(solution.legs),
                sum(solution.waits, timedelta(0)) - gap * (len(solution.legs) - 1),
                solution.end - solution.start,
            ) == (len(best.legs), sum(best.waits, timedelta(0)), best.span)
            assert [(leg.counter_id, leg.items, leg.start, leg.end) for leg in solution.legs] == [
                (leg.counter_id, leg.items, leg.start, leg.end) for leg in best.legs
            ]


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(instance=instances(), pick=st.integers(0, 10_000))
def test_unavailable_starts_have_no_solution_and_alternatives_are_the_next_starts(
    instance: Instance, pick: int
) -> None:
    # Given a grid time somewhere in the range
    reference = ReferenceSolver(instance.schedule, instance.audience)
    grid_times = [t for day in instance.days for t in reference.grid_times(day)]
    after = grid_times[pick % len(grid_times)]
    now = instance.now

    # When the engine is asked for a solution there and for the next starts from there
    solution = find_solution(
        instance.schedule, instance.visit, start=after, now=now, audience=instance.audience
    )
    alternatives = next_starts(
        instance.schedule, instance.visit, after=after, now=now, audience=instance.audience
    )

    # Then a solution exists exactly when the reference has one
    assert (solution is None) == (reference.best(instance.visit, after, instance.now) is None)
    # And the alternatives are the reference's first three starts at or after that time
    horizon_day = instance.now.astimezone(reference.tz).date() + timedelta(
        days=instance.schedule.rules.horizon_days
    )
    day = after.astimezone(reference.tz).date()
    expected: list[datetime] = []
    while day <= horizon_day and len(expected) < 3:
        expected += [t for t in reference.starts(instance.visit, day, instance.now) if t >= after]
        day += timedelta(days=1)
    assert alternatives == tuple(expected[:3])
