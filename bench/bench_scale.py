# SPDX-License-Identifier: EUPL-1.2
"""One municipality's availability, alone and with all of Flanders on the same platform.

Run: PYTHONPATH=src .venv/bin/python bench/bench_scale.py

The Flanders-size set (bench/flanders.py) lives in its own database, generated once and
reused (BENCH_FLANDERS_URL, default balie_flanders). When it is not there, this run
generates a smaller set of BENCH_FLANDERS_MUNICIPALITIES municipalities (default 30,
spread over the sizes, labelled as such in every line) rather than the hour the full one
takes on a shared machine; `python bench/flanders.py` generates the full set once.

The same city (bench/flanders.py BENCH_CITY, with exactly the same rows) is also generated
alone into a fresh database. Against each database gunicorn serves the API, and a
three-product visit at three different counters (eID, marriage declaration, waste
container) asks for its month view (available days, 31 days) and its day view (free times of
one day) over HTTP. Prints one JSON object per figure: p50/p99 of both views in both
databases, their ratio, the database size per municipality-year by table, and the
generation times.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchdb import ROOT, emit, summary
from _server import Gunicorn

RUNS = int(os.environ.get("BENCH_RUNS", "200"))
WARMUP = 10
SUBSET = int(os.environ.get("BENCH_FLANDERS_MUNICIPALITIES", "30"))
# Three counters of the town hall, each the only one for its product: population, civil
# status, environment. (An environment permit, 70 minutes at one 70 %-booked counter, next
# to the two others finds no time in 60 days: a real answer, but not the usual request.)
VISIT = ("eid", "huwelijksaangifte", "afvalcontainer")
CITY_URL = "postgres://postgres@127.0.0.1:5432/balie_bench_scale_city"
# The tables that grow with appointments; the rest is a municipality's catalog.
TABLES = (
    "booking_reservation",
    "booking_leg",
    "booking_countertimeunit",
    "booking_reservationchange",
)


def _dsn(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def _generate(url: str, *, municipalities: int, only: int | None, anchor: str | None) -> dict:
    env = {
        **os.environ,
        "BENCH_FLANDERS_URL": url,
        "BENCH_FLANDERS_MUNICIPALITIES": str(municipalities),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("BENCH_FLANDERS_ONLY", None)
    if only is not None:
        env["BENCH_FLANDERS_ONLY"] = str(only)
    if anchor:
        env["BENCH_FLANDERS_ANCHOR"] = anchor
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "flanders.py")],
        env=env,
        stdout=subprocess.PIPE,  # progress goes to stderr as it happens
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _flanders() -> tuple[str, dict]:
    import flanders

    url = flanders.dataset_url()
    stored = flanders.stored_params(url)
    full = stored and stored.get("municipalities") == flanders.MUNICIPALITIES
    municipalities = flanders.MUNICIPALITIES if full else SUBSET
    params = _generate(url, municipalities=municipalities, only=None, anchor=None)
    return url, params


def _visit(url: str, slug: str) -> tuple[str, str]:
    import psycopg

    with psycopg.connect(_dsn(url)) as conn:
        rows = conn.execute(
            "SELECT p.slug, p.id FROM catalog_product p JOIN tenants_municipality m "
            "ON m.id = p.municipality_id WHERE m.slug = %s AND p.slug = ANY(%s)",
            [slug, list(VISIT)],
        ).fetchall()
    ids = dict(rows)
    return "stadhuis", ",".join(f"{ids[product]}:1" for product in VISIT)


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, dict]:
    conn.request("GET", path, headers={"Accept": "application/json"})
    response = conn.getresponse()
    body = response.read()
    return response.status, json.loads(body) if body else {}


def measure(url: str, slug: str, label: str, workload: dict) -> dict[str, float]:
    """p50 of the month and the day view against ``url``; emits their lines."""
    location, products = _visit(url, slug)
    server = Gunicorn(database_url=url, workers=1, worker_class="sync")
    try:
        server.wait_ready(f"/api/v1/municipalities/{slug}/", timeout=120)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        base = f"/api/v1/municipalities/{slug}/availability"
        today = datetime.now(ZoneInfo("Europe/Brussels")).date()
        rng = random.Random(3)
        first_days = [today + timedelta(days=rng.randrange(0, 30)) for _ in range(RUNS)]
        status, body = _get(
            conn,
            f"{base}/days/?"
            + urlencode(
                {
                    "location": location,
                    "products": products,
                    "from": today,
                    "to": today + timedelta(days=60),
                }
            ),
        )
        assert status == 200, body
        open_days = [date.fromisoformat(day) for day in body["days"]] or [today]
        days = [rng.choice(open_days) for _ in range(RUNS)]
        results: dict[str, float] = {}
        for view, paths in (
            (
                "month_view",
                [
                    f"{base}/days/?"
                    + urlencode(
                        {
                            "location": location,
                            "products": products,
                            "from": first,
                            "to": first + timedelta(days=30),
                        }
                    )
                    for first in first_days
                ],
            ),
            (
                "day_view",
                [
                    f"{base}/times/?"
                    + urlencode({"location": location, "products": products, "date": day})
                    for day in days
                ],
            ),
        ):
            for path in paths[:WARMUP]:
                _get(conn, path)
            samples = []
            answers = 0
            for path in paths:
                started = time.perf_counter()
                status, body = _get(conn, path)
                samples.append((time.perf_counter() - started) * 1000)
                assert status == 200, body
                answers += len(body.get("days") or body.get("times") or [])
            line = summary(
                f"scale.{view}.3_products_cross_counter.{label}",
                samples,
                over="HTTP, gunicorn 1 sync worker",
                days=31 if view == "month_view" else 1,
                mean_answers=round(answers / len(paths), 1),
                **workload,
            )
            emit(line)
            results[view] = float(line["p50_ms"])
        return results
    finally:
        server.stop()


def sizes(url: str, params: dict) -> None:
    """Bytes and rows per municipality and year, table by table and in all."""
    import psycopg

    municipalities = params["municipalities"]
    # One year of history plus the 90 booked days ahead.
    years = (365 + 90) / 365
    with psycopg.connect(_dsn(url)) as conn:
        rows = conn.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), "
            "c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        ).fetchall()
        database = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    per = municipalities * years
    label = _label(params)
    for table, total, heap, tuples in sorted(rows, key=lambda row: -row[1]):
        if table not in TABLES:
            continue
        emit(
            {
                "name": f"scale.size.{table}",
                "bytes_per_municipality_year": round(total / per),
                "rows_per_municipality_year": round(max(tuples, 0) / per),
                "bytes_per_row": round(total / tuples, 1) if tuples > 0 else None,
                "heap_share": round(heap / total, 2) if total else None,
                "table_bytes": total,
                "rows": tuples,
                "municipalities": municipalities,
                "years": round(years, 3),
                "data_set": label,
            }
        )
    emit(
        {
            "name": "scale.size.database",
            "bytes_per_municipality_year": round(database / per),
            "mb_per_municipality_year": round(database / per / 2**20, 1),
            "bytes_per_appointment": round(database / params["appointments"]),
            "database_bytes": database,
            "municipalities": municipalities,
            "appointments": params["appointments"],
            "years": round(years, 3),
            "data_set": label,
        }
    )


def _label(params: dict) -> str:
    if params.get("only") is not None:
        return "one city alone"
    if params["municipalities"] >= 285:
        return "Flanders (285 municipalities)"
    count = params["municipalities"]
    return f"Flanders subset ({count} of 285; BENCH_FLANDERS_MUNICIPALITIES)"


def main() -> None:
    import flanders

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balie.conf.test")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    plan = next(p for p in flanders.plan() if p.index == flanders.BENCH_CITY)
    url, params = _flanders()
    emit(
        {
            "name": "scale.flanders.generate",
            "seconds": params["generation_seconds"],
            "reused": params["reused"],
            "data_set": _label(params),
            **{
                k: params[k]
                for k in (
                    "municipalities",
                    "locations",
                    "counters",
                    "population",
                    "appointments",
                    "anchor_day",
                    "keys_seconds",
                )
            },
        }
    )
    city = _generate(
        CITY_URL,
        municipalities=flanders.MUNICIPALITIES,
        only=plan.index,
        anchor=params["anchor_day"],
    )
    emit(
        {
            "name": "scale.city.generate",
            "seconds": city["generation_seconds"],
            "reused": city["reused"],
            "municipality": plan.slug,
            "counters": city["counters"],
            "appointments": city["appointments"],
        }
    )
    workload = {
        "municipality": plan.slug,
        "population": plan.population,
        "counters": plan.counters,
        "visit": "+".join(VISIT),
    }
    alone = measure(CITY_URL, plan.slug, "city_alone", {**workload, "municipalities": 1})
    shared = measure(
        url,
        plan.slug,
        "in_flanders",
        {
            **workload,
            "municipalities": params["municipalities"],
            "appointments_in_database": params["appointments"],
            "data_set": _label(params),
        },
    )
    for view in ("month_view", "day_view"):
        emit(
            {
                "name": f"scale.{view}.ratio_in_flanders_to_alone",
                "ratio_p50": round(shared[view] / alone[view], 3),
                "p50_alone_ms": alone[view],
                "p50_in_flanders_ms": shared[view],
                "municipalities": params["municipalities"],
                "data_set": _label(params),
                "goal": "about 1: one municipality's cost does not grow with the platform",
            }
        )
    sizes(url, params)
    _drop(CITY_URL)


def _drop(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(_dsn(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


if __name__ == "__main__":
    main()
