# SPDX-License-Identifier: EUPL-1.2
"""Engine benchmark on the large-city workload: one JSON object per line.

    .venv/bin/python bench/bench_scheduling.py [--queries 300]

Schedules are built from the workload outside the timers (that is the database's part); every
timed call starts from plain `Interval`s, so the timings include turning intervals into bitsets
unless the name says `prepared`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial

import workload as wl

from balie.scheduling import (
    Audience,
    CounterCalendar,
    Interval,
    Schedule,
    Visit,
    available_days,
    available_starts,
    prepare,
)
from balie.scheduling.calendar import day_start, zone
from balie.scheduling.tests.reference import ReferenceSolver


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    ms = sorted(s / 1e6 for s in samples_ns)
    return round(statistics.median(ms), 4), round(ms[min(len(ms) - 1, int(0.99 * len(ms)))], 4)


def summary(name: str, samples: tuple[list[int], list[int]], **fields: object) -> str:
    wall, cpu = samples
    p50, p99 = _percentiles(wall)
    cpu_p50, cpu_p99 = _percentiles(cpu)
    return json.dumps(
        {
            "name": name,
            "p50_ms": p50,
            "p99_ms": p99,
            "n": len(wall),
            "cpu_p50_ms": cpu_p50,
            "cpu_p99_ms": cpu_p99,
            "load_avg_1m": os.getloadavg()[0],
            **fields,
        }
    )


def timed(calls: list[Callable[[], object]]) -> tuple[list[int], list[int]]:
    """Wall-clock and CPU nanoseconds per call; CPU time shows the cost on a shared machine."""
    wall, cpu = [], []
    for call in calls:
        cpu_started = time.process_time_ns()
        started = time.perf_counter_ns()
        call()
        wall.append(time.perf_counter_ns() - started)
        cpu.append(time.process_time_ns() - cpu_started)
    return wall, cpu


def day_only(schedule: Schedule, day: date) -> Schedule:
    """What a selector would load for one day: intervals overlapping it (+1 day for late legs)."""
    tz = zone(schedule.rules.timezone)
    lo, hi = day_start(day, tz), day_start(day + timedelta(days=2), tz)

    def keep(intervals: tuple[Interval, ...]) -> tuple[Interval, ...]:
        return tuple(i for i in intervals if i.end > lo and i.start < hi)

    return replace(
        schedule,
        counters=tuple(
            CounterCalendar(c.counter_id, keep(c.open), keep(c.busy), keep(c.staff_only))
            for c in schedule.counters
        ),
    )


# The sample the issue measured bookable starts on: the first six cross-counter visits of
# each location, on the twenty days after the workload's "today".
WAIT_SAMPLE_VISITS = 6
WAIT_SAMPLE_DAYS = 20
MAX_WAITS_MINUTES = (0, 10, 15, 20, 30)
# The naive reference solver is slow: it checks the sample's visits on two of its days.
REFERENCE_CHECK_DAYS = (1, 2)


def with_max_wait(schedule: Schedule, minutes: int) -> Schedule:
    return replace(schedule, rules=replace(schedule.rules, max_wait_minutes=minutes))


def bookable_starts(work: wl.Workload, schedules: dict[int, Schedule]) -> int:
    """Starts on the issue's sample: every location, visit and day, counted untimed."""
    days = [work.first_day + timedelta(days=n) for n in range(1, WAIT_SAMPLE_DAYS + 1)]
    total = 0
    for loc, schedule in schedules.items():
        prepared = prepare(schedule, first_day=days[0], last_day=days[-1])
        for visit in wl.cross_counter_visits(work, loc)[:WAIT_SAMPLE_VISITS]:
            for day in days:
                total += len(prepared.available_starts(visit, day=day, now=work.now))
    return total


def check_against_reference(
    work: wl.Workload, schedules: dict[int, Schedule], days: list[date]
) -> tuple[bool, int, int]:
    """The engine's starts and solutions against the naive reference solver on the sample's
    visits for `days`: (agrees, visit-days checked, starts checked)."""
    agrees, checked, found = True, 0, 0
    for loc, schedule in schedules.items():
        prepared = prepare(schedule, first_day=days[0], last_day=days[-1])
        reference = ReferenceSolver(schedule, Audience.CITIZEN)
        for visit in wl.cross_counter_visits(work, loc)[:WAIT_SAMPLE_VISITS]:
            for day in days:
                starts = prepared.available_starts(visit, day=day, now=work.now)
                agrees &= starts == tuple(reference.starts(visit, day, work.now))
                for start in starts:
                    solution = prepared.find_solution(visit, start=start, now=work.now)
                    best = reference.best(visit, start, work.now)
                    agrees &= (
                        solution is not None
                        and best is not None
                        and [(leg.counter_id, leg.start, leg.end) for leg in solution.legs]
                        == [(leg.counter_id, leg.start, leg.end) for leg in best.legs]
                    )
                checked += 1
                found += len(starts)
    return agrees, checked, found


def waits_benchmark(
    work: wl.Workload,
    schedules: dict[int, Schedule],
    rng: random.Random,
    *,
    queries: int,
    common: dict[str, object],
) -> None:
    """Per longest wait: bookable starts of cross-counter visits and the engine's p50s."""
    visits = {loc: wl.cross_counter_visits(work, loc) for loc in schedules}
    locations = [loc for loc, found in visits.items() if found]
    picked = [rng.choice(locations) for _ in range(queries)]
    sample = [(loc, rng.choice(visits[loc])) for loc in picked]
    days = [work.first_day + timedelta(days=n) for n in range(wl.HORIZON_DAYS + 1)]
    day_sample = [(loc, visit, rng.choice(days)) for loc, visit in sample]
    now, first, last = work.now, work.first_day, work.last_day
    for minutes in MAX_WAITS_MINUTES:
        waiting = {loc: with_max_wait(schedule, minutes) for loc, schedule in schedules.items()}
        fields = {
            **common,
            "max_wait_minutes": minutes,
            "bookable_starts": bookable_starts(work, waiting),
            "sample": f"{len(schedules)} locations x first {WAIT_SAMPLE_VISITS} cross-counter "
            f"visits x {WAIT_SAMPLE_DAYS} days from tomorrow",
        }
        for loc, visit in sample[:10]:
            available_days(waiting[loc], visit, first_day=first, last_day=last, now=now)
        prepared = {
            loc: prepare(schedule, first_day=first, last_day=last)
            for loc, schedule in waiting.items()
        }
        samples = timed(
            [
                partial(
                    available_days, waiting[loc], visit, first_day=first, last_day=last, now=now
                )
                for loc, visit in sample
            ]
        )
        print(
            summary(
                f"engine.month_view.3_products_cross_counter.max_wait_{minutes}",
                samples,
                **fields,
                includes="intervals->bitsets for the visit's counters + solve, 90 days",
            )
        )
        for loc, visit in sample:
            prepared[loc].available_days(visit, first_day=first, last_day=last, now=now)
        samples = timed(
            [
                partial(
                    prepared[loc].available_days, visit, first_day=first, last_day=last, now=now
                )
                for loc, visit in sample
            ]
        )
        print(
            summary(
                f"engine.month_view.prepared.3_products_cross_counter.max_wait_{minutes}",
                samples,
                **fields,
                includes="solve only; bitsets and fitted legs cached per location (warm)",
            )
        )
        narrowed = {(loc, day): day_only(waiting[loc], day) for loc, _, day in day_sample}
        samples = timed(
            [
                partial(available_starts, narrowed[loc, day], visit, day=day, now=now)
                for loc, visit, day in day_sample
            ]
        )
        print(
            summary(
                f"engine.day_view.3_products_cross_counter.max_wait_{minutes}",
                samples,
                **fields,
                includes="intervals of that day->bitsets + solve + datetimes",
            )
        )
        started = time.perf_counter()
        agrees, checked, found = check_against_reference(
            work, waiting, [work.first_day + timedelta(days=n) for n in REFERENCE_CHECK_DAYS]
        )
        print(
            json.dumps(
                {
                    "name": f"engine.reference_check.3_products_cross_counter.max_wait_{minutes}",
                    "agrees": agrees,
                    "visit_days": checked,
                    "starts": found,
                    "seconds": round(time.perf_counter() - started, 2),
                    "max_wait_minutes": minutes,
                }
            )
        )
        if not agrees:
            raise SystemExit("the engine disagrees with the reference solver")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    work = wl.make_workload()
    schedules = {
        loc.location_id: wl.location_schedule(work, loc.location_id) for loc in work.locations
    }
    common = {
        "horizon_days": wl.HORIZON_DAYS,
        "counters": len(work.counters),
        "products": len(work.products),
        "bookings": len(work.bookings),
        "granularity_minutes": work.rules.granularity_minutes,
        "fill": round(work.fill, 3),
    }
    print(
        json.dumps(
            {
                "name": "setup.workload",
                "seconds": round(time.perf_counter() - started, 2),
                **common,
            }
        )
    )

    visit_kinds: dict[str, dict[int, list[Visit]]] = {
        "1_product": {loc: wl.single_product_visits(work, loc) for loc in schedules},
        "2_products": {loc: wl.two_product_visits(work, loc, rng) for loc in schedules},
        "3_products_cross_counter": {loc: wl.cross_counter_visits(work, loc) for loc in schedules},
    }
    days = [work.first_day + timedelta(days=n) for n in range(wl.HORIZON_DAYS + 1)]
    now, first, last = work.now, work.first_day, work.last_day

    def pick(kind: str) -> tuple[int, Visit]:
        loc = rng.choice([loc for loc, visits in visit_kinds[kind].items() if visits])
        return loc, rng.choice(visit_kinds[kind][loc])

    for kind in visit_kinds:
        queries = [pick(kind) for _ in range(args.queries)]
        # Warm-up so that first-call costs (imports, zoneinfo) do not count.
        for loc, visit in queries[:10]:
            available_days(schedules[loc], visit, first_day=first, last_day=last, now=now)

        samples = timed(
            [
                partial(
                    available_days, schedules[loc], visit, first_day=first, last_day=last, now=now
                )
                for loc, visit in queries
            ]
        )
        print(
            summary(
                f"engine.month_view.{kind}",
                samples,
                **common,
                includes="intervals->bitsets for the visit's counters + solve, 90 days",
            )
        )

        prepared = {
            loc: prepare(schedules[loc], first_day=first, last_day=last) for loc in schedules
        }
        for loc, visit in queries:
            prepared[loc].available_days(visit, first_day=first, last_day=last, now=now)
        samples = timed(
            [
                partial(
                    prepared[loc].available_days, visit, first_day=first, last_day=last, now=now
                )
                for loc, visit in queries
            ]
        )
        print(
            summary(
                f"engine.month_view.prepared.{kind}",
                samples,
                **common,
                includes="solve only; bitsets and fitted legs cached per location (warm)",
            )
        )

        day_queries = [(loc, visit, rng.choice(days)) for loc, visit in queries]
        narrowed = {(loc, day): day_only(schedules[loc], day) for loc, _, day in day_queries}
        samples = timed(
            [
                partial(available_starts, narrowed[loc, day], visit, day=day, now=now)
                for loc, visit, day in day_queries
            ]
        )
        print(
            summary(
                f"engine.day_view.{kind}",
                samples,
                **common,
                includes="intervals of that day (as a selector loads them)->bitsets + solve "
                "+ datetimes",
            )
        )
        samples = timed(
            [
                partial(available_starts, schedules[loc], visit, day=day, now=now)
                for loc, visit, day in day_queries
            ]
        )
        print(
            summary(
                f"engine.day_view.full_horizon_input.{kind}",
                samples,
                **common,
                includes="scans all 90 days of intervals, builds one day's bitsets, solve, "
                "datetimes",
            )
        )

    waits_benchmark(work, schedules, rng, queries=args.queries, common=common)

    def prepare_location(loc: int) -> None:
        prepare(schedules[loc], first_day=first, last_day=last, audience=Audience.CITIZEN).build()

    samples = timed([partial(prepare_location, rng.choice(list(schedules))) for _ in range(60)])
    print(
        summary(
            "engine.prepare.location_all_counters",
            samples,
            **common,
            includes="intervals->free bitsets of all 10 counters of a location, 90 days",
        )
    )


if __name__ == "__main__":
    main()
