# SPDX-License-Identifier: EUPL-1.2
"""A rush: a large city releases a fresh week and 128 clients book it over HTTP at once.

Run: PYTHONPATH=src .venv/bin/python bench/bench_rush.py

Creates and drops its own database (balie_bench_rush, or DATABASE_URL's PostgreSQL
database), loads the large-city workload without the bookings of its last week, measures
PostgreSQL's raw insert rate with pgbench for comparison, then starts gunicorn on a free
loopback port and lets the clients hold and confirm until the week is full or the time is
up. Prints one JSON object per line; the double-booking count comes from SQL afterwards.

Environment: BENCH_CLIENTS (128), BENCH_SECONDS (60), BENCH_WORKERS (4),
BENCH_WORKER_CLASS (sync), BENCH_THREADS (1), BENCH_MODE (two_step: a hold, then its
confirmation; one_step: the single-request booking), BENCH_REDIS_URL (REDIS_URL, else
redis://127.0.0.1:6379/0: the web processes share the schedule versions there, as in
production), BENCH_TASKS (worker: as in production, what follows each act (e-mail,
reminders, audit trail, webhooks) runs on one Celery worker on Redis, started at nice
BENCH_WORKER_NICE (10) so that on these two shared cores the web processes go first and the
worker catches up after the rush; in_process: the embedded default, no broker),
BENCH_BROKER_URL (redis://127.0.0.1:6379/8).

Besides the rush it prints the queries one hold, one confirmation, one refused hold and
one single-request booking make (counted in process, on a day outside the rushed week), and
the CPU the web workers, the Celery worker and their PostgreSQL backends spent per
confirmed visit (from /proc/<pid>/stat; PostgreSQL's shared processes such as the WAL writer
are not in it), with the time the worker needed after the rush to finish what followed.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import redis
from _benchdb import (
    create_database,
    database_url,
    drop_database,
    emit,
    setup_django,
    summary,
)
from _server import Gunicorn, cpu_seconds, pgbench_insert_rate, start_celery, stop_process

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "128"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
MODE = os.environ.get("BENCH_MODE", "two_step")
REDIS_URL = os.environ.get("BENCH_REDIS_URL") or os.environ.get(
    "REDIS_URL", "redis://127.0.0.1:6379/0"
)
TASKS = os.environ.get("BENCH_TASKS", "worker")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8")
WORKER_NICE = int(os.environ.get("BENCH_WORKER_NICE", "10"))
SLUG = "grootstad"
# How often a client asks for fresh start times instead of trying one it already knows:
# most rush clients act on what their page showed a moment ago, which is what collides.
REFRESH_PROBABILITY = 0.2


def main() -> None:
    url = database_url()
    if url.endswith("/balie_bench"):
        # Its own name, so that it can run next to bench_engine_db.py.
        url += "_rush"
    create_database(url)
    server: Gunicorn | None = None
    # The cache (schedule versions) is shared with the web processes; tasks run in process,
    # as they do without a broker.
    shared = {"REDIS_URL": REDIS_URL, "CELERY_BROKER_URL": "memory://"}
    if TASKS == "worker":
        shared.update(CELERY_BROKER_URL=BROKER_URL, CELERY_TASK_ALWAYS_EAGER="false")
        # What an interrupted earlier run left queued points at a database that is gone.
        redis.Redis.from_url(BROKER_URL).delete("celery")
    os.environ.update(shared)
    worker: subprocess.Popen | None = None
    try:
        setup_django(url)
        plan = prepare(url)
        insert_rate = pgbench_insert_rate(url, clients=32, seconds=10)
        emit(insert_rate)
        server = Gunicorn(
            database_url=url,
            workers=WORKERS,
            worker_class=WORKER_CLASS,
            threads=THREADS,
            extra_env=shared,
        )
        if TASKS == "worker":
            worker = start_celery(
                {**server.env, "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
                niceness=WORKER_NICE,
            )
        emit(count_queries(plan))
        server.wait_ready(f"/api/v1/municipalities/{SLUG}/", timeout=120)
        broker = BROKER_URL if TASKS == "worker" else None
        drain_queue(broker_url=broker, timeout=120)
        cpu_before = sample_cpu(server, worker)
        client_before = time.process_time()
        stats = rush(server, plan)
        stats.client_cpu_s = time.process_time() - client_before
        cpu_after = sample_cpu(server, worker)
        drained = drain_queue(broker_url=broker, timeout=600)
        cpu_drained = sample_cpu(server, worker)
        report(
            stats,
            plan,
            insert_rate=insert_rate,
            cpu=(cpu_before, cpu_after, cpu_drained),
            drained_s=drained,
        )
    finally:
        if server is not None:
            server.stop()
        if worker is not None:
            stop_process(worker)
        from django.db import connections

        connections.close_all()
        drop_database(url)


# --- the city and the fresh week ----------------------------------------------------------


@dataclass
class Plan:
    week: list[date]
    # (location id, [(product id, quantity)], kind)
    visits: list[tuple[int, list[tuple[int, int]], str]]
    weights: list[float]
    workload: dict[str, object]


def prepare(url: str) -> Plan:
    from _city import load_city, make_city
    from django.utils import timezone

    tz = timezone.get_default_timezone()
    today = timezone.now().astimezone(tz).date()
    probe = make_city(first_day=today)
    last = probe.first_day + timedelta(days=probe.horizon_days)
    # The last whole Monday-to-Saturday inside the horizon is the week being released.
    monday = last - timedelta(days=(last.weekday() - 0) % 7)
    if monday + timedelta(days=5) > last:
        monday -= timedelta(days=7)
    # The API checks starts against the real clock, so the week must still lie ahead of it.
    assert monday > today, f"the workload's fresh week {monday} is not in the future"
    city = make_city(first_day=today, booked_until=monday)
    started = time.perf_counter()
    loaded = load_city(city, slug=SLUG)
    week = [monday + timedelta(days=n) for n in range(6)]
    rng = random.Random(5)
    visits: list[tuple[int, list[tuple[int, int]], str]] = []
    weights: list[float] = []
    by_location: dict[int, list[int]] = {}
    for counter_key, product_key, _d, _e in city.services:
        location_key = next(c.location for c in city.counters if c.key == counter_key)
        by_location.setdefault(location_key, [])
        if product_key not in by_location[location_key]:
            by_location[location_key].append(product_key)
    for location_key, product_keys in sorted(by_location.items()):
        location_id = loaded.locations[location_key].pk
        for key in product_keys:
            visits.append((location_id, [(loaded.products[key].pk, 1)], "1_product"))
            weights.append(1.0)
        for _n in range(5):
            pair = rng.sample(product_keys, 2)
            visits.append((location_id, [(loaded.products[k].pk, 1) for k in pair], "2_products"))
            weights.append(1.0)
    workload = {
        "workload": city.source,
        "counters": len(city.counters),
        "products": len(city.products),
        "reservations_before": loaded.reservations,
        "fresh_week": f"{week[0]}..{week[-1]}",
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    return Plan(week=week, visits=visits, weights=weights, workload=workload)


# --- queries and CPU per act --------------------------------------------------------------


def count_queries(plan: Plan) -> dict[str, object]:
    """The SQL statements of one hold, confirmation, refusal and single-request booking.

    In process, through the same views, on the Monday before the rushed week (its
    bookings stay out of the rush's figures). A first booking warms the per-process caches,
    as a running server has them.
    """
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    base = f"/api/v1/municipalities/{SLUG}"
    location_id, items, _kind = plan.visits[0]
    products = [{"product": p, "quantity": q} for p, q in items]
    day = plan.week[0] - timedelta(days=7)
    query = urlencode(
        {
            "location": location_id,
            "products": ",".join(f"{p}:{q}" for p, q in items),
            "date": day.isoformat(),
        }
    )

    def first_free() -> str:
        return client.get(f"{base}/availability/times/?{query}").json()["times"][0]

    citizen = {"given_name": "Count", "family_name": "Queries"}

    def post(path: str, body: dict) -> tuple[int, dict, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, body, content_type="application/json")
        return response.status_code, response.json(), len(queries.captured_queries)

    counted: dict[str, object] = {"name": "rush.queries_per_act"}
    # The confirmation e-mails are rendered and sent as in the server, but not printed.
    outbox = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    outbox.enable()

    def hold_and_confirm(start: str, email: str) -> tuple[int, int]:
        """Statements of the hold and of its confirmation."""
        status, hold, hold_queries = post(
            f"{base}/holds/", {"location": location_id, "products": products, "start": start}
        )
        assert status == 201, hold
        status, body, confirm_queries = post(
            f"{base}/appointments/",
            {"hold": hold["id"], "citizen": {**citizen, "email": email}, "language": "nl"},
        )
        assert status == 201, body
        return hold_queries, confirm_queries

    taken = ""
    for n in range(2):
        taken = first_free()
        counted["hold"], counted["confirm"] = hold_and_confirm(taken, f"count-{n}@example.org")
    status, _body, rejected_queries = post(
        f"{base}/holds/", {"location": location_id, "products": products, "start": taken}
    )
    assert status == 409
    status, body, one_step_queries = post(
        f"{base}/bookings/",
        {
            "location": location_id,
            "products": products,
            "start": first_free(),
            "citizen": {**citizen, "email": "count-one-step@example.org"},
            "language": "nl",
        },
    )
    assert status == 201, body
    counted.update({"rejected_hold": rejected_queries, "one_step_booking": one_step_queries})
    if TASKS == "worker":
        # For comparison: the same confirmation where no broker takes what follows it.
        from celery import current_app

        current_app.conf.task_always_eager = True
        try:
            _hold, counted["confirm_consequences_in_process"] = hold_and_confirm(
                first_free(), "count-in-process@example.org"
            )
        finally:
            current_app.conf.task_always_eager = False
    outbox.disable()
    counted["note"] = (
        "statements of the whole request as Django sends them (no BEGIN/COMMIT); with "
        "tasks=worker what follows an act (the confirmation e-mail, planned reminders, "
        "webhook outbox, audit trail) is one queued task, with tasks=in_process it runs in "
        "the request after the commit; the act's own transaction is bounded in "
        "api/tests/test_one_step_booking.py"
    )
    return counted


def drain_queue(*, broker_url: str | None, timeout: float) -> float | None:
    """Seconds until the worker has taken every queued task (None without a worker)."""
    if broker_url is None:
        return None
    queue = redis.Redis.from_url(broker_url)
    started = time.perf_counter()
    deadline = started + timeout
    while queue.llen("celery") and time.perf_counter() < deadline:
        time.sleep(0.2)
    return round(time.perf_counter() - started, 1)


def sample_cpu(server: Gunicorn, worker: subprocess.Popen | None) -> dict[str, dict[int, float]]:
    """CPU seconds so far of the web workers, the Celery worker and this database's
    PostgreSQL backends."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        backends = [row[0] for row in cursor.fetchall()]
    return {
        "web": cpu_seconds(server.worker_pids()),
        "worker": cpu_seconds([worker.pid] if worker is not None else []),
        "db": cpu_seconds(backends),
    }


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    # A backend that connected during the rush started from nothing.
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


# --- the clients ------------------------------------------------------------------------


@dataclass
class Stats:
    success_ms: list[float] = field(default_factory=list)
    rejected_ms: list[float] = field(default_factory=list)
    hold_ms: list[float] = field(default_factory=list)
    confirm_ms: list[float] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    outcomes: Tally = field(default_factory=Tally)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    # The 128 client threads share the two cores with the server: what they used of them.
    client_cpu_s: float = 0.0
    stopped_because: str = "time"
    lock: threading.Lock = field(default_factory=threading.Lock)


class Board:
    """What the clients believe is free: start times per (visit, day), shared and stale."""

    def __init__(self, plan: Plan) -> None:
        self.lock = threading.Lock()
        self.starts: dict[tuple[int, date], list[str]] = {}
        self.full: set[tuple[int, date]] = set()
        self.total = len(plan.visits) * len(plan.week)

    def known(self, key: tuple[int, date]) -> list[str] | None:
        with self.lock:
            return self.starts.get(key)

    def learn(self, key: tuple[int, date], starts: list[str]) -> None:
        with self.lock:
            self.starts[key] = starts
            if starts:
                self.full.discard(key)
            else:
                self.full.add(key)

    def forget(self, key: tuple[int, date], start: str) -> None:
        with self.lock:
            known = self.starts.get(key)
            if known and start in known:
                known.remove(start)

    def week_is_full(self) -> bool:
        with self.lock:
            return len(self.full) >= self.total


class Client:
    def __init__(self, server: Gunicorn, index: int) -> None:
        self.host, self.port = "127.0.0.1", server.port
        self.index = index
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=payload, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()  # a sync worker closes; reconnect next time
                return response.status, json.loads(data) if data else {}
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        raise AssertionError("unreachable")


def rush(server: Gunicorn, plan: Plan) -> Stats:
    stats = Stats()
    board = Board(plan)
    stop = threading.Event()
    barrier = threading.Barrier(CLIENTS + 1)
    base = f"/api/v1/municipalities/{SLUG}"

    def run(index: int) -> None:
        rng = random.Random(index)
        client = Client(server, index)
        attempt = 0
        barrier.wait()
        while not stop.is_set():
            visit_index = rng.choices(range(len(plan.visits)), plan.weights)[0]
            location_id, items, _kind = plan.visits[visit_index]
            day = rng.choice(plan.week)
            key = (visit_index, day)
            if key in board.full and rng.random() > REFRESH_PROBABILITY:
                continue
            known = board.known(key)
            try:
                if not known or rng.random() < REFRESH_PROBABILITY:
                    query = urlencode(
                        {
                            "location": location_id,
                            "products": ",".join(f"{p}:{q}" for p, q in items),
                            "date": day.isoformat(),
                        }
                    )
                    t0 = time.perf_counter()
                    status, body = client.request("GET", f"{base}/availability/times/?{query}")
                    with stats.lock:
                        stats.times_ms.append((time.perf_counter() - t0) * 1000)
                    if status != 200:
                        record(stats, f"times_{status}", body)
                        continue
                    known = list(body["times"])
                    board.learn(key, list(known))
                    if board.week_is_full():
                        stats.stopped_because = "week_full"
                        stop.set()
                    if not known:
                        continue
                start = rng.choice(known)
                attempt += 1
                # A different person for every attempt: the hoarding limit is not what
                # this measures.
                citizen = {
                    "given_name": "Rush",
                    "family_name": f"Client {index}",
                    "email": f"rush-{index}-{attempt}@example.org",
                }
                visit = {
                    "location": location_id,
                    "products": [{"product": p, "quantity": q} for p, q in items],
                    "start": start,
                }
                t0 = time.perf_counter()
                if MODE == "one_step":
                    status, body = client.request(
                        "POST", f"{base}/bookings/", {**visit, "citizen": citizen}
                    )
                    t2 = time.perf_counter()
                    board.forget(key, start)
                    if status == 201:
                        with stats.lock:
                            stats.success_ms.append((t2 - t0) * 1000)
                        record(stats, "confirmed", None)
                    elif status == 409:
                        with stats.lock:
                            stats.rejected_ms.append((t2 - t0) * 1000)
                        record(stats, f"book_409_{body.get('code', '?')}", None)
                    else:
                        record(stats, f"book_{status}", body)
                    continue
                status, body = client.request("POST", f"{base}/holds/", visit)
                t1 = time.perf_counter()
                if status == 409:
                    board.forget(key, start)
                    with stats.lock:
                        stats.rejected_ms.append((t1 - t0) * 1000)
                    record(stats, f"hold_409_{body.get('code', '?')}", None)
                    continue
                if status != 201:
                    record(stats, f"hold_{status}", body)
                    continue
                status, body = client.request(
                    "POST",
                    f"{base}/appointments/",
                    {"hold": body["id"], "citizen": citizen, "language": "nl"},
                )
                t2 = time.perf_counter()
                board.forget(key, start)
                if status == 201:
                    with stats.lock:
                        stats.success_ms.append((t2 - t0) * 1000)
                        stats.hold_ms.append((t1 - t0) * 1000)
                        stats.confirm_ms.append((t2 - t1) * 1000)
                    record(stats, "confirmed", None)
                else:
                    record(stats, f"confirm_{status}_{body.get('code', '?')}", body)
            except Exception as error:  # noqa: BLE001 - counted, the rush goes on
                record(stats, f"client_{type(error).__name__}", {"detail": str(error)})

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    stop.wait(SECONDS)
    stop.set()
    stats.elapsed = time.perf_counter() - started
    for thread in threads:
        thread.join(timeout=90)
    return stats


def record(stats: Stats, outcome: str, body: dict | None) -> None:
    with stats.lock:
        stats.outcomes[outcome] += 1
        if body is not None and len(stats.errors) < 5 and not outcome.startswith("confirmed"):
            stats.errors.append(f"{outcome}: {json.dumps(body)[:300]}")


# --- afterwards ---------------------------------------------------------------------------


def report(
    stats: Stats,
    plan: Plan,
    *,
    insert_rate: dict[str, object],
    cpu: tuple[dict[str, dict[int, float]], ...],
    drained_s: float | None,
) -> None:
    from django.db import connection
    from django.utils import timezone

    fields = {
        "mode": MODE,
        "tasks": TASKS,
        "clients": CLIENTS,
        "workers": WORKERS,
        "worker_class": WORKER_CLASS,
        "threads": THREADS,
        "cpus": os.cpu_count(),
        **plan.workload,
    }
    confirmed = len(stats.success_ms)
    per_s = confirmed / stats.elapsed
    inserts = insert_rate.get("inserts_per_s")
    emit(
        {
            "name": "rush.confirmed_per_s",
            "value": round(per_s, 1),
            "pg_raw_inserts_per_s": inserts,
            # How many raw single-row inserts PostgreSQL does in the time of one visit.
            "ratio_raw_inserts_per_visit": round(inserts / per_s) if inserts and per_s else None,
            "confirmed": confirmed,
            "seconds": round(stats.elapsed, 1),
            "stopped_because": stats.stopped_because,
            "outcomes": dict(stats.outcomes),
            **fields,
        }
    )
    emit(summary("rush.hold_and_confirm.success", stats.success_ms, **fields))
    emit(summary("rush.hold.success", stats.hold_ms, **fields))
    emit(summary("rush.confirm.success", stats.confirm_ms, **fields))
    emit(summary("rush.hold.rejected_409", stats.rejected_ms, **fields))
    emit(summary("rush.availability_times", stats.times_ms, **fields))
    before, after, drained = cpu
    web = cpu_spent(before["web"], after["web"])
    # The worker and the database until the worker had done what followed the rush's acts.
    worker = cpu_spent(before["worker"], drained["worker"])
    db_rush = cpu_spent(before["db"], after["db"])
    db = cpu_spent(before["db"], drained["db"])

    def per_booking(seconds: float) -> float | None:
        return round(seconds * 1000 / confirmed, 2) if confirmed else None

    emit(
        {
            "name": "rush.cpu_ms_per_booking",
            "web_ms": per_booking(web),
            "worker_ms": per_booking(worker),
            "db_ms": per_booking(db),
            "db_ms_during_rush": per_booking(db_rush),
            "web_cpu_s": round(web, 1),
            "worker_cpu_s": round(worker, 1),
            "db_cpu_s": round(db, 1),
            "client_cpu_s": round(stats.client_cpu_s, 1),
            "rush_seconds": round(stats.elapsed, 1),
            "db_backends": len(drained["db"]),
            # How long after the rush the worker still sent e-mails, planned reminders and
            # wrote the audit trail (a backlog it caught up with, niced below the web).
            "worker_caught_up_s_after_rush": drained_s,
            "note": "web workers, the Celery worker and this database's backends; "
            "PostgreSQL's shared processes (WAL writer, checkpointer) and the clients are "
            "not in it",
            **fields,
        }
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        # Two live legs (confirmed, or held and not expired) sharing a counter's time.
        live = "(r{0}.status = 'confirmed' OR (r{0}.status = 'held' AND r{0}.expires_at > %s))"
        cursor.execute(
            f"""
            SELECT count(*) FROM booking_leg a
            JOIN booking_reservation ra ON ra.id = a.reservation_id
            JOIN booking_leg b ON b.counter_id = a.counter_id AND a.id < b.id
            JOIN booking_reservation rb ON rb.id = b.reservation_id
            WHERE {live.format("a")} AND {live.format("b")}
              AND tstzrange(a.start, a."end") && tstzrange(b.start, b."end")
              AND a.start >= %s
            """,
            [now, now, plan.week[0]],
        )
        overlaps = cursor.fetchone()[0]
        # Every confirmed rush visit owns exactly its legs' five-minute units.
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE units <> expected), count(*)
            FROM (
                SELECT r.id,
                       (SELECT count(*) FROM booking_countertimeunit u
                        JOIN booking_leg l ON l.id = u.leg_id WHERE l.reservation_id = r.id)
                         AS units,
                       (SELECT coalesce(sum(extract(epoch FROM l."end" - l.start) / 300), 0)
                        FROM booking_leg l WHERE l.reservation_id = r.id) AS expected
                FROM booking_reservation r
                WHERE r.status = 'confirmed' AND r.start >= %s
            ) AS visits
            """,
            [plan.week[0]],
        )
        unaccounted, confirmed_in_db = cursor.fetchone()
    emit(
        {
            "name": "rush.double_bookings",
            "value": overlaps,
            "confirmed_in_db": confirmed_in_db,
            "confirmed_seen_by_clients": confirmed,
            "visits_with_wrong_unit_count": unaccounted,
        }
    )
    if stats.errors:
        emit({"name": "rush.sample_errors", "errors": stats.errors})


if __name__ == "__main__":
    main()
