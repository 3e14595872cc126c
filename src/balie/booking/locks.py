# SPDX-License-Identifier: EUPL-1.2
"""Bounded lock waits and person-level locks, the one place booking takes locks.

Counter time itself needs no explicit lock: the unique constraint on counter time units
serialises competing inserts, and rows are inserted in (counter, time) order so two visits
never wait on each other in opposite orders.
"""

import hashlib

from django.db import connection

LOCK_TIMEOUT_MS = 3000


def bound_lock_waits() -> None:
    """Make every lock wait in the current transaction give up after a few seconds."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
    # SQLite serialises writers on the database lock; its busy timeout bounds the wait.


def lock_person(*, municipality_id: int, identifiers: list[str]) -> None:
    """Serialise confirmations for the same person, so hoarding limits hold under races."""
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        int.from_bytes(
            hashlib.sha256(f"{municipality_id}:{value}".encode()).digest()[:8], "big", signed=True
        )
        for value in identifiers
        if value
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
