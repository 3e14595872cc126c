# SPDX-License-Identifier: EUPL-1.2
"""Availability reads from PostgreSQL for a large city: schedule building and the month view.

Run: PYTHONPATH=src .venv/bin/python bench/bench_engine_db.py [--profile]

Creates and drops its own database (balie_bench, or DATABASE_URL's PostgreSQL database),
loads the large-city workload (6 locations, 60 counters, 120 products, 90 days, 70 %
booked) and prints one JSON object per measurement. --profile also writes a cProfile of
the three-product month view to stderr.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchdb import create_database, database_url, drop_database, emit, setup_django, summary

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
WARMUP = 10
MONTH_DAYS = 31


def main() -> None:
    url = database_url()
    create_database(url)
    try:
        setup_django(url)
        run(profile="--profile" in sys.argv)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


def run(*, profile: bool) -> None:
    from _city import load_city, make_city
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from balie.booking.selectors import (
        build_schedule,
        clear_location_calendar_cache,
        visit_from_pairs,
    )
    from balie.scheduling import available_days

    rng = random.Random(11)
    tz = timezone.get_default_timezone()
    started = time.perf_counter()
    city = make_city(first_day=timezone.now().astimezone(tz).date())
    # The workload's own clock, so that every run reads the same 90 days.
    now = city.now or timezone.now()
    today = now.astimezone(tz).date()
    loaded = load_city(city)
    workload = {
        "workload": city.source,
        "locations": len(city.locations),
        "counters": len(city.counters),
        "products": len(city.products),
        "horizon_days": city.horizon_days,
        "reservations": loaded.reservations,
        "legs": loaded.legs,
        **city.extra,
    }
    emit({"name": "setup.load", "seconds": round(time.perf_counter() - started, 1), **workload})
    municipality = loaded.municipality
    location_keys = sorted(loaded.served)

    def timed(name: str, calls: list, **fields: object) -> None:
        """Time each call once, in the given (varied) order, after a warm-up."""
        for call in calls[:WARMUP]:
            call()
        samples: list[float] = []
        queries: set[int] = set()
        for call in calls:
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                call()
                samples.append((time.perf_counter() - t0) * 1000)
            queries.add(len(captured))
        emit(summary(name, samples, queries=sorted(queries), **fields, **workload))

    # (a) one location's whole schedule (every counter, every product) over 90 days
    def schedule_call(location_key: int):
        location = loaded.locations[location_key]
        products = [loaded.products[p].pk for p in loaded.served[location_key]]
        return lambda: build_schedule(
            municipality=municipality,
            location=location,
            product_ids=products,
            first_day=today,
            last_day=today + timedelta(days=city.horizon_days),
            now=now,
        )

    def cold(call):  # noqa: ANN001, ANN202
        # As after a catalog change: opening hours and closing days read and expanded again.
        def run_cold():  # noqa: ANN202
            clear_location_calendar_cache()
            return call()

        return run_cold

    calls = [schedule_call(location_keys[n % len(location_keys)]) for n in range(RUNS)]
    timed(
        "db.build_schedule.location_90d",
        calls,
        days=city.horizon_days + 1,
        catalog="cached (steady state: only bookings are read)",
    )
    timed(
        "db.build_schedule.location_90d.cold_catalog",
        [cold(call) for call in calls],
        days=city.horizon_days + 1,
        catalog="read and expanded on every call",
    )

    # (b) the month view: schedule for the visit's products, then the days with a free start
    def month_view(location_key: int, product_keys: list[int], days: int):
        location = loaded.locations[location_key]
        visit = visit_from_pairs((loaded.products[p].pk, 1) for p in product_keys)
        first, last = today, today + timedelta(days=days - 1)

        def call():
            schedule = build_schedule(
                municipality=municipality,
                location=location,
                product_ids=[item.product_id for item in visit.items],
                first_day=first,
                last_day=last,
                now=now,
            )
            return available_days(schedule, visit, first_day=first, last_day=last, now=now)

        return call

    visits = visits_by_size(city, loaded, location_keys, rng)
    results: dict[tuple[int, int], list[int]] = {}
    if os.environ.get("BENCH_ONLY_PROFILE"):
        profile_month_view(month_view, visits)
        return
    for size, name in (
        (3, "e2e.month_view.3_products_cross_counter"),
        (1, "e2e.month_view.1_product"),
    ):
        spans = (
            ((MONTH_DAYS, ""), (city.horizon_days + 1, ".90d"))
            if size == 3
            else ((MONTH_DAYS, ""),)
        )
        for days, suffix in spans:
            calls = [month_view(*visits[size][n % len(visits[size])], days) for n in range(RUNS)]
            results[(size, days)] = [len(calls[0]())]
            timed(
                name + suffix,
                calls,
                days=days,
                visit_products=size,
                distinct_visits=len(visits[size]),
                days_available_first_visit=results[(size, days)][0],
                catalog="cached",
            )
            if size == 3 and not suffix:
                timed(
                    name + ".cold_catalog",
                    [cold(call) for call in calls],
                    days=days,
                    visit_products=size,
                    catalog="read and expanded on every call",
                )

    if profile:
        profile_month_view(month_view, visits)


def visits_by_size(city, loaded, location_keys, rng):  # noqa: ANN001
    """(location, product keys) for one-product and three-counter three-product visits.

    The workload's own lists when it is there (the engine benchmark uses the same ones).
    """
    from _city import cross_counter_visit

    visits: dict[int, list[tuple[int, list[int]]]] = {1: [], 3: []}
    if city.source == "bench/workload.py":
        import workload as wl

        w = wl.make_workload()
        for location_key in location_keys:
            for size, make in ((1, wl.single_product_visits), (3, wl.cross_counter_visits)):
                visits[size] += [
                    (location_key, [item.product_id for item in visit.items])
                    for visit in make(w, location_key)
                ]
        for size in visits:
            rng.shuffle(visits[size])
        return visits
    for location_key in location_keys:
        for _attempt in range(20):
            for size in visits:
                chosen = cross_counter_visit(loaded, location_key, size, rng)
                if chosen:
                    visits[size].append((location_key, chosen))
    return visits


def profile_month_view(month_view, visits) -> None:  # noqa: ANN001
    """cProfile of 50 three-product month views, cumulative and own time, to stderr."""
    calls = [month_view(*visits[3][n % len(visits[3])], MONTH_DAYS) for n in range(50)]
    profiler = cProfile.Profile()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    print(out.getvalue(), file=sys.stderr)


if __name__ == "__main__":
    main()
