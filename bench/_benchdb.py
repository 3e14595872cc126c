# SPDX-License-Identifier: EUPL-1.2
"""Shared plumbing for the PostgreSQL benchmarks: a scratch database, Django, the workload.

The benchmarks create their own database and drop it afterwards, so they never touch the
development or test databases; DATABASE_URL picks another name or server if set, but a
database the benchmark did not create itself is never dropped.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balie_bench"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    # A SQLite or empty URL is not a benchmark target: PostgreSQL is what production runs.
    return url if url.startswith("postgres") else DEFAULT_URL


def _admin_dsn(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")).replace(
        "postgres://", "postgresql://", 1
    ), name


def create_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            # Only a leftover of an earlier, interrupted benchmark may be replaced.
            if "bench" not in name:
                sys.exit(f"database {name!r} exists and is not a benchmark database; refusing")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str) -> None:
    """Django on the benchmark database, with migrations applied."""
    os.environ["DATABASE_URL"] = url
    os.environ["BALIE_RATE_LIMITS"] = "off"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balie.conf.test")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile; honest for the tail with a few hundred samples."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(1, -(-int(fraction * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def summary(name: str, samples_ms: list[float], **fields: object) -> dict[str, object]:
    return {
        "name": name,
        "p50_ms": round(percentile(samples_ms, 0.50), 3),
        "p99_ms": round(percentile(samples_ms, 0.99), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3) if samples_ms else None,
        "runs": len(samples_ms),
        **fields,
    }


def emit(line: dict[str, object]) -> None:
    print(json.dumps(line, default=str), flush=True)
