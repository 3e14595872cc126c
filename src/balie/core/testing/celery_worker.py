# SPDX-License-Identifier: EUPL-1.2
"""A real Celery worker on Redis for the tests where exactly-once and retries matter.

Eager mode runs a task inside the caller, so it can prove neither that two workers keep
apart nor that a killed worker's task runs again; these tests start `celery worker`
processes against the CI Redis and the test database instead.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[4]
CELERY = Path(sys.executable).parent / "celery"
# Its own Redis database, flushed per test, so queued tasks never leak between tests.
TEST_REDIS_URL = os.environ.get("BALIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _database_url() -> str:
    from django.db import connection

    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
        f"/{s['NAME']}"
    )


@dataclass
class Workers:
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, *, name: str = "w1") -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [
                str(CELERY),
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
            ],
            env=self.env,
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        self._wait_until_ready(name)
        return process

    def _wait_until_ready(self, name: str) -> None:
        from balie.celery import app

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=0.5) or []
            if any(name in reply_name for reply in replies for reply_name in reply):
                return
        pytest.fail(f"Celery worker {name} did not start within 30 s")

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: the worker gets no chance to finish or acknowledge anything."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for(condition: Callable[[], bool], *, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _reset_connections(app: object) -> None:
    """Forget pooled broker connections, so the next ``.delay()`` uses the new broker URL."""
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def celery_workers(postgres: None, transactional_db: None, settings: object) -> Iterator[Workers]:
    """Start workers with ``celery_workers.start()``; tasks ``.delay()``-ed go to Redis."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {TEST_REDIS_URL}")
    from balie.celery import app

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = TEST_REDIS_URL
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False  # type: ignore[attr-defined]
    _reset_connections(app)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balie.conf.test",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": TEST_REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONPATH": str(PROJECT_DIR / "src"),
    }
    workers = Workers(env=env)
    try:
        yield workers
    finally:
        workers.stop_all()
        app.conf.broker_url, app.conf.task_always_eager = previous
        _reset_connections(app)
        client.flushdb()
