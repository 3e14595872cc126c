# SPDX-License-Identifier: EUPL-1.2
"""Scale-out in one run: several web processes behind one address, a Celery worker, Redis,
pgbouncer in transaction mode in front of the primary, availability from a streaming replica.

Run: PYTHONPATH=src .venv/bin/python bench/bench_scaleout.py

Sets up its own PostgreSQL primary and hot standby (initdb and pg_basebackup in temporary
directories on free ports, durable settings), loads the rush city of bench_rush.py and a
quiet second municipality, starts pgbouncer (transaction mode), BENCH_WEB_PROCESSES gunicorn
masters sharing one port (SO_REUSEPORT; the kernel spreads connections over them), and one
Celery worker on Redis. Then the rush of bench_rush.py runs while other clients read the
quiet municipality's month view. Everything is torn down afterwards.

Prints one JSON object per line: the rush figures (``scaleout.rush.*``, double bookings by
SQL), availability reads served by the replica and by the primary (and why), the replica's
lag, pgbouncer's transactions against its server connections, and the Celery queue left.

Environment: BENCH_CLIENTS (64), BENCH_SECONDS (20), BENCH_WEB_PROCESSES (2),
BENCH_WORKERS (2 per process), BENCH_THREADS (4), BENCH_READERS (8),
BENCH_REDIS_URL (redis://127.0.0.1:6379/13, flushed at the start).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BENCH_CLIENTS", "64")
os.environ.setdefault("BENCH_SECONDS", "20")

from _benchdb import ROOT, emit, percentile, setup_django, summary  # noqa: E402
from _server import (  # noqa: E402
    _processes,
    cpu_seconds,
    pgbench_insert_rate,
    start_celery,
    stop_process,
)

sys.path.insert(0, str(ROOT / "src"))
from balie.core.testing.pgcluster import (  # noqa: E402
    Cluster,
    free_port,
    make_workdir,
    remove_workdir,
    start_pgbouncer,
    start_primary,
    start_replica,
    wait_replayed,
)

WEB_PROCESSES = int(os.environ.get("BENCH_WEB_PROCESSES", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
READERS = int(os.environ.get("BENCH_READERS", "8"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
DATABASE = "balie_bench_scaleout"
QUIET = "stilleven"
BIN = Path(sys.executable).parent


class Port:
    """What bench_rush's clients need of a server: its port."""

    def __init__(self, port: int) -> None:
        self.port = port


def main() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    workdir = make_workdir("balie-bench-scaleout-")
    stoppable: list = []
    processes: list[subprocess.Popen] = []
    metrics_dir = tempfile.mkdtemp(prefix="balie-bench-metrics-")
    try:
        started = time.perf_counter()
        primary = start_primary(workdir, durable=True)
        stoppable.append(primary)
        primary.sql(f"CREATE DATABASE {DATABASE}")
        direct = primary.url(DATABASE)
        setup_django(direct)
        import bench_rush

        # Its report names the server model; here it is this benchmark's.
        bench_rush.WORKERS, bench_rush.WORKER_CLASS, bench_rush.THREADS = (
            WORKERS,
            "gthread",
            THREADS,
        )
        plan = bench_rush.prepare(direct)
        quiet = load_quiet_town()
        replica = start_replica(primary, workdir, durable=True)
        stoppable.append(replica)
        bouncer = start_pgbouncer(primary, workdir, pool_size=20)
        stoppable.append(bouncer)
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "balie.conf.test",
            "DATABASE_URL": bouncer.url(DATABASE),
            "DATABASE_REPLICA_URL": replica.url(DATABASE),
            "DATABASE_TRANSACTION_POOLING": "true",
            "DATABASE_CONN_MAX_AGE": "600",
            "REDIS_URL": REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "BALIE_RATE_LIMITS": "off",
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT / "src"),
            "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
        }
        for _n in range(WEB_PROCESSES):
            processes.append(start_gunicorn(env, port))
        processes.append(start_celery(env))
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, processes)
        wait_replayed(primary, replica)
        topology = {
            "web_processes": WEB_PROCESSES,
            "workers_per_process": WORKERS,
            "threads": THREADS,
            "pooler": "pgbouncer transaction mode",
            "replica": "streaming, hot standby",
            "celery_workers": 1,
            "cpus": os.cpu_count(),
            "setup_seconds": round(time.perf_counter() - started, 1),
        }

        insert_rate = pgbench_insert_rate(direct, clients=32, seconds=10)
        emit({**insert_rate, "name": "scaleout.pg.raw_insert", **topology})
        lag = LagSampler(primary, bouncer)
        readers = QuietReaders(base, quiet)
        before = availability_reads(base)
        xacts_before = bouncer.stats(DATABASE).get("total_xact_count", 0)
        lag.start()
        readers.start()
        # bench_rush's report, under this benchmark's names and with the topology.
        bench_rush.emit = lambda line: emit(
            {**line, "name": "scaleout." + str(line["name"]), **topology}
        )
        masters, worker = processes[:WEB_PROCESSES], processes[WEB_PROCESSES]
        cpu_before = _sample_cpu(masters, worker, primary)
        client_before = time.process_time()
        stats = bench_rush.rush(Port(port), plan)
        stats.client_cpu_s = time.process_time() - client_before
        cpu_after = _sample_cpu(masters, worker, primary)
        readers.stop()
        lag.stop()
        drained = bench_rush.drain_queue(broker_url=REDIS_URL, timeout=600)
        bench_rush.report(
            stats,
            plan,
            insert_rate=insert_rate,
            cpu=(cpu_before, cpu_after, _sample_cpu(masters, worker, primary)),
            drained_s=drained,
        )
        after = availability_reads(base)

        reads = {key: after.get(key, 0) - before.get(key, 0) for key in after}
        total = sum(reads.values()) or 1
        emit(
            {
                "name": "scaleout.availability_reads",
                "replica_share": round(
                    sum(v for (db, _r), v in reads.items() if db == "replica") / total, 3
                ),
                "reads": {f"{db}:{reason}": int(v) for (db, reason), v in sorted(reads.items())},
                **topology,
            }
        )
        emit(summary("scaleout.quiet_month_view", readers.samples_ms, municipality=QUIET,
                     readers=READERS, errors=readers.errors, **topology))  # fmt: skip
        emit(
            {
                "name": "scaleout.replica_lag",
                "samples": len(lag.bytes),
                "bytes_p50": percentile(lag.bytes, 0.5),
                "bytes_p99": percentile(lag.bytes, 0.99),
                "bytes_max": max(lag.bytes, default=None),
                "replay_lag_ms_p50": percentile(lag.ms, 0.5) if lag.ms else None,
                "replay_lag_ms_max": max(lag.ms, default=None),
                **topology,
            }
        )
        time.sleep(1.5)  # pgbouncer refreshes its totals every second
        pools = bouncer.stats(DATABASE)
        emit(
            {
                "name": "scaleout.pgbouncer",
                "transactions": pools.get("total_xact_count", 0) - xacts_before,
                "transactions_per_s": round(
                    (pools.get("total_xact_count", 0) - xacts_before) / stats.elapsed, 1
                ),
                "server_connections_max": max(lag.servers, default=None),
                "client_connections_max": max(lag.clients, default=None),
                "web_threads_total": WEB_PROCESSES * WORKERS * THREADS,
                **topology,
            }
        )
        emit(
            {
                "name": "scaleout.web_processes",
                "masters": WEB_PROCESSES,
                "masters_that_served": serving_masters(processes[:WEB_PROCESSES], metrics_dir),
                "address": base,
                **topology,
            }
        )
        queue = redis.Redis.from_url(REDIS_URL).llen("celery")
        emit({"name": "scaleout.celery_queue_left", "value": queue, **topology})
    finally:
        for process in reversed(processes):
            stop_process(process)
        from django.db import connections

        connections.close_all()
        for thing in reversed(stoppable):
            thing.stop()
        remove_workdir(workdir)
        remove_workdir(Path(metrics_dir))


def load_quiet_town() -> list[tuple[int, int]]:
    """A second municipality nobody books during the rush: (location, product) pairs."""
    from datetime import time as clock

    from django_scopes import scopes_disabled

    from balie.catalog.tests.factories import (
        CounterFactory,
        CounterServiceFactory,
        LocationFactory,
        OpeningHoursFactory,
        ProductFactory,
    )
    from balie.tenants.tests.factories import MunicipalityFactory

    pairs = []
    with scopes_disabled():
        town = MunicipalityFactory(slug=QUIET, lead_time_minutes=0, horizon_days=60)
        for n in range(3):
            location = LocationFactory(municipality=town, slug=f"loket-{n}")
            product = ProductFactory(municipality=town, slug=f"product-{n}")
            for name in ("A", "B", "C"):
                counter = CounterFactory(location=location, name=name)
                for weekday in range(5):
                    OpeningHoursFactory(
                        counter=counter, weekday=weekday, start=clock(8), end=clock(17)
                    )
                CounterServiceFactory(counter=counter, product=product, duration_minutes=20)
            pairs.append((location.pk, product.pk))
    return pairs


def _sample_cpu(
    masters: list[subprocess.Popen], worker: subprocess.Popen, primary: Cluster
) -> dict[str, dict[int, float]]:
    """CPU seconds so far of every web worker, the Celery worker and the benchmark
    database's backends."""
    own = {master.pid for master in masters}
    web = [pid for pid, parent in _processes() if parent in own]
    listed = primary.sql(
        f"SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '{DATABASE}'"
    )
    backends = [int(pid) for pid in listed.split(",") if pid]
    return {
        "web": cpu_seconds(web),
        "worker": cpu_seconds([worker.pid]),
        "db": cpu_seconds(backends),
    }


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "balie.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            # Several masters on one address: the kernel balances accepted connections.
            "--reuse-port",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            str(THREADS),
            "--backlog",
            "2048",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_ready(base: str, processes: list[subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise RuntimeError("a web or Celery process exited during start-up")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).close()
            # Every master must answer before the rush, not only the first one up.
            time.sleep(3)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the web processes did not start")


def serving_masters(masters: list[subprocess.Popen], metrics_dir: str) -> int:
    """Masters with a worker that answered requests (prometheus files are named by pid)."""
    served = {
        int(match[1])
        for name in os.listdir(metrics_dir)
        if (match := re.match(r"histogram_(\d+)\.db$", name))
    }
    count = 0
    for master in masters:
        children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
        workers = set(map(int, children.read_text().split())) if children.exists() else set()
        count += bool(workers & served)
    return count


def availability_reads(base: str) -> dict[tuple[str, str], float]:
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        text = response.read().decode()
    found: dict[tuple[str, str], float] = {}
    pattern = r'^balie_availability_reads_total\{database="(\w+)",reason="(\w+)"\} ([\d.e+]+)$'
    for match in re.finditer(pattern, text, re.M):
        found[(match[1], match[2])] = float(match[3])
    return found


class LagSampler(threading.Thread):
    """The replica's distance behind the primary, twice a second, from pg_stat_replication."""

    def __init__(self, primary, bouncer) -> None:  # noqa: ANN001
        super().__init__(daemon=True)
        self.primary = primary
        self.bouncer = bouncer
        self.servers: list[int] = []
        self.clients: list[int] = []
        self.halt = threading.Event()
        self.bytes: list[float] = []
        self.ms: list[float] = []

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.primary.dsn(), autocommit=True) as conn:
            while not self.halt.wait(0.5):
                row = conn.execute(
                    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), "
                    "extract(epoch FROM replay_lag) * 1000 FROM pg_stat_replication"
                ).fetchone()
                if row and row[0] is not None:
                    self.bytes.append(float(row[0]))
                    if row[1] is not None:
                        self.ms.append(float(row[1]))
                pool = self.bouncer.pools(DATABASE)
                self.servers.append(
                    sum(pool.get(k, 0) for k in ("sv_active", "sv_idle", "sv_used"))
                )
                self.clients.append(pool.get("cl_active", 0) + pool.get("cl_waiting", 0))

    def stop(self) -> None:
        self.halt.set()
        self.join(timeout=5)


class QuietReaders:
    """Clients reading a quiet municipality's month view over HTTP while the rush runs."""

    def __init__(self, base: str, pairs: list[tuple[int, int]]) -> None:
        self.base = base
        self.pairs = pairs
        self.halt = threading.Event()
        self.samples_ms: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True)
                        for n in range(READERS)]  # fmt: skip

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def run(self, index: int) -> None:
        n = index
        while not self.halt.is_set():
            location, product = self.pairs[n % len(self.pairs)]
            n += 1
            url = (f"{self.base}/api/v1/municipalities/{QUIET}/availability/days/"
                   f"?location={location}&products={product}:1")  # fmt: skip
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                if ok:
                    self.samples_ms.append(elapsed)
                else:
                    self.errors += 1
            # A citizen looks at the page before asking again.
            self.halt.wait(0.2)

    def stop(self) -> None:
        self.halt.set()
        for thread in self.threads:
            thread.join(timeout=60)


if __name__ == "__main__":
    main()
