# SPDX-License-Identifier: EUPL-1.2
"""Start gunicorn on a free loopback port for a benchmark, and PostgreSQL's raw insert rate."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from _benchdb import ROOT


def venv_executable(name: str) -> str:
    """``name`` (gunicorn, celery) beside the interpreter running the benchmark (a worktree
    has no .venv of its own)."""
    beside = Path(sys.executable).parent / name
    return str(beside if beside.exists() else ROOT / ".venv" / "bin" / name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving balie.wsgi with the test settings (DEBUG off, no TLS redirect)."""

    def __init__(
        self,
        *,
        database_url: str,
        workers: int,
        worker_class: str,
        threads: int = 1,
        extra_env: dict[str, str] | None = None,
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "balie.conf.test",
            "DATABASE_URL": database_url,
            # Persistent connections: the benchmark measures booking, not connecting.
            "DATABASE_CONN_MAX_AGE": "600",
            "BALIE_RATE_LIMITS": "off",
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
            "PYTHONPATH": str(ROOT / "src"),
            **(extra_env or {}),
        }
        self.env = env
        self.log = tempfile.NamedTemporaryFile(
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(
            [
                venv_executable("gunicorn"),
                "balie.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                worker_class,
                "--threads",
                str(threads),
                "--backlog",
                "2048",
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {path} in {timeout}s; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the gunicorn master)."""
        return [pid for pid, parent in _processes() if parent == self.process.pid]

    def stop(self) -> None:
        if self.process.poll() is None:
            # Our own process group only (started with start_new_session).
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_celery(
    env: dict[str, str], *, niceness: int = 0, name: str = "celery"
) -> subprocess.Popen:
    """One solo Celery worker named ``name`` with ``env``; ``niceness`` > 0 lets the web
    processes go first when both want the same cores."""
    return subprocess.Popen(
        [
            venv_executable("celery"),
            "-A",
            "balie.celery",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            "--loglevel=WARNING",
        ],  # fmt: skip
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,  # noqa: PLW1509
    )


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _processes() -> list[tuple[int, int]]:
    """(pid, parent pid) of every process this machine shows."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            found.append((int(entry.name), int(fields[1])))
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU seconds each process has used so far (from /proc/<pid>/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def pgbench_insert_rate(database_url: str, *, clients: int = 32, seconds: int = 10) -> dict:
    """Durable single-row INSERTs per second with ``clients`` connections (pgbench)."""
    import psycopg

    dsn = database_url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert "
            "(id bigserial PRIMARY KEY, counter_id int NOT NULL, unit_start timestamptz NOT NULL)"
        )
        conn.execute("TRUNCATE bench_insert")
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        return {"name": "pg.raw_insert", "error": "pgbench not found"}
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(
            "\\set c random(1, 60)\n"
            "INSERT INTO bench_insert (counter_id, unit_start) VALUES (:c, now());\n"
        )
    parts = urllib.parse.urlsplit(dsn)
    result = subprocess.run(
        [
            pgbench,
            "-n",
            "-c",
            str(clients),
            "-j",
            "2",
            "-T",
            str(seconds),
            "-f",
            script.name,
            "-h",
            parts.hostname or "127.0.0.1",
            "-p",
            str(parts.port or 5432),
            "-U",
            parts.username or "postgres",
            parts.path.lstrip("/"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    Path(script.name).unlink()
    tps = re.search(r"tps = ([\d.]+)", result.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", result.stdout)
    return {
        "name": "pg.raw_single_row_insert",
        "clients": clients,
        "seconds": seconds,
        "inserts_per_s": float(tps.group(1)) if tps else None,
        "latency_avg_ms": float(latency.group(1)) if latency else None,
        **({} if tps else {"error": result.stderr.strip()[-300:]}),
    }
