# SPDX-License-Identifier: EUPL-1.2
"""Availability reads from a streaming replica, never older than the location's last booking.

With ``DATABASE_REPLICA_URL`` set, the availability facade may read a location's schedule
from the ``replica`` database; everything else (every write, every read inside a booking
transaction, every other read) stays on the primary. Without it nothing here does anything.

The rule that keeps the calendar honest: a location is read from the replica only when the
replica has replayed the WAL up to that location's latest change of counter time.

- A write that takes or frees counter time marks the location *pending* in Redis inside its
  transaction, before it commits (``note_availability_change``). After the commit it records
  the primary's WAL position (``pg_current_wal_insert_lsn()``, past its own commit record) as the
  location's required position, keeping the highest one, and removes its mark.
- A read (``availability_reads``) goes to the primary while any live mark exists; otherwise
  it asks the replica ``pg_last_wal_replay_lsn()`` and uses the replica only when that is at
  or past the required position.

So every booking that committed before a page began is either still marked (primary) or has
its position recorded (replica only once replayed): a page never offers a time that was
already taken when it was computed. Holds and confirmations always solve on the primary, so
nothing is sold twice even if a replica read were stale. When Redis has lost a location's
position, or a mark outlived ``PENDING_SECONDS`` (its writer died between commit and
record), the primary's current position stands in for it: everything committed so far is
at or before it.
"""

import logging
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from prometheus_client import Counter

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Far longer than the moment between the mark (the last step of a write) and its commit.
PENDING_SECONDS = 30
# A location's recorded position is kept this long after its last change (then healed).
POSITION_TTL_SECONDS = 7 * 24 * 3600

AVAILABILITY_READS = Counter(
    "balie_availability_reads_total",
    "Availability schedules read, by the database that served them and why.",
    ["database", "reason"],
)

_read_alias: ContextVar[str | None] = ContextVar("balie_read_alias", default=None)
_attempt_marks: ContextVar[list[tuple[tuple[int, ...], str]] | None] = ContextVar(
    "balie_attempt_marks", default=None
)


class ReplicaRouter:
    """Reads go where ``availability_reads`` sends them, everything else to the primary.

    Both answers are explicit: Django would otherwise send a related lookup on an object
    loaded from the replica back to the replica, outside any freshness check.
    """

    def db_for_read(self, model: object, **hints: object) -> str:
        return _read_alias.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model: object, **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS


def is_replica_configured() -> bool:
    return REPLICA in settings.DATABASES


# --- positions in Redis -------------------------------------------------------------------

# KEYS: per location its position key and its marks key; ARGV: position, token, ttl.
_PUBLISH = """
for i = 1, #KEYS, 2 do
  local current = tonumber(redis.call('GET', KEYS[i]) or '-1')
  if tonumber(ARGV[1]) > current then
    redis.call('SET', KEYS[i], ARGV[1], 'EX', ARGV[3])
  else
    redis.call('EXPIRE', KEYS[i], ARGV[3])
  end
  if ARGV[2] ~= '' then redis.call('ZREM', KEYS[i + 1], ARGV[2]) end
end
return 1
"""
# KEYS: position key, marks key; ARGV: position, now, ttl. Drops marks that outlived
# their deadline, after raising the position past anything their writers committed.
_HEAL = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3]) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
return 1
"""


def _keys(location_id: int) -> tuple[str, str]:
    # One hash tag per location keeps both keys in one slot of a Redis cluster.
    return f"balie:replica:{{{location_id}}}:lsn", f"balie:replica:{{{location_id}}}:pending"


@cache
def _redis() -> "redis.Redis":
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def parse_lsn(text: str) -> int:
    """PostgreSQL's ``X/Y`` WAL position as one integer (exact in Redis below 2**53)."""
    high, low = text.split("/")
    return (int(high, 16) << 32) + int(low, 16)


def _primary_position() -> int:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        return parse_lsn(cursor.fetchone()[0])


def _replayed_position() -> int | None:
    """How far the replica has replayed; None when it is not a replica (or not reachable)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
        row = cursor.fetchone()
    return parse_lsn(row[0]) if row and row[0] else None


# --- writes -------------------------------------------------------------------------------


def note_availability_change(*, location_ids: Iterable[int]) -> None:
    """Call inside a write's transaction once it has taken or freed counter time there."""
    if not is_replica_configured():
        return
    ids = tuple(sorted(set(location_ids)))
    if not ids:
        return
    token = secrets.token_hex(8)
    deadline = time.time() + PENDING_SECONDS
    pipe = _redis().pipeline(transaction=False)
    for location_id in ids:
        _position, marks = _keys(location_id)
        pipe.zadd(marks, {token: deadline})
        pipe.expire(marks, PENDING_SECONDS * 4)
    # A failure here fails the write: committing unmarked could let a replica read miss it.
    pipe.execute()
    attempt = _attempt_marks.get()
    if attempt is not None:
        attempt.append((ids, token))
    transaction.on_commit(lambda: _record_position(ids, token), robust=True)


def _record_position(ids: tuple[int, ...], token: str) -> None:
    position = _primary_position()
    keys = [key for location_id in ids for key in _keys(location_id)]
    _redis().eval(_PUBLISH, len(keys), *keys, position, token, POSITION_TTL_SECONDS)


@contextmanager
def write_attempt() -> Iterator[None]:
    """Around one write attempt: a rolled-back attempt takes its marks back at once.

    Without this a refused hold (the time was just taken) would keep its location on the
    primary until the mark's deadline.
    """
    marks: list[tuple[tuple[int, ...], str]] = []
    reset = _attempt_marks.set(marks)
    try:
        yield
    except BaseException:
        if marks:
            _take_back(marks)
        raise
    finally:
        _attempt_marks.reset(reset)


def _take_back(marks: list[tuple[tuple[int, ...], str]]) -> None:
    try:
        pipe = _redis().pipeline(transaction=False)
        for ids, token in marks:
            for location_id in ids:
                pipe.zrem(_keys(location_id)[1], token)
        pipe.execute()
    except Exception:  # noqa: BLE001 - the marks lapse at their deadline anyway
        logger.warning("could not take back replica marks", exc_info=True)


# --- reads --------------------------------------------------------------------------------


def _choose_database(location_id: int) -> tuple[str, str]:
    """(alias, reason) for reading ``location_id``'s schedule now."""
    if not is_replica_configured():
        return DEFAULT_DB_ALIAS, "no_replica"
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS, "in_transaction"
    position_key, marks_key = _keys(location_id)
    try:
        now = time.time()
        pipe = _redis().pipeline(transaction=False)
        pipe.get(position_key)
        pipe.zcount(marks_key, f"({now}", "+inf")
        pipe.zcount(marks_key, "-inf", now)
        raw, live, lapsed = pipe.execute()
        if live:
            return DEFAULT_DB_ALIAS, "pending_write"
        if raw is None or lapsed:
            required = _primary_position()
            _redis().eval(_HEAL, 2, position_key, marks_key, required, now, POSITION_TTL_SECONDS)
        else:
            required = int(raw)
        replayed = _replayed_position()
    except (DatabaseError, redis.RedisError) as error:
        # The primary always has the truth; a replica or Redis outage only costs speed.
        logger.warning("availability read falls back to the primary: %s", error)
        return DEFAULT_DB_ALIAS, "replica_unavailable"
    if replayed is None:
        return DEFAULT_DB_ALIAS, "replica_unavailable"
    if replayed < required:
        return DEFAULT_DB_ALIAS, "replica_behind"
    return REPLICA, "replayed"


@contextmanager
def availability_reads(*, location_id: int) -> Iterator[str]:
    """Send the reads inside to the replica when it is fresh for ``location_id``.

    Yields the alias chosen. Writes inside still go to the primary (the router's rule).
    """
    alias, reason = _choose_database(location_id)
    if is_replica_configured():
        AVAILABILITY_READS.labels(database=alias, reason=reason).inc()
    reset = _read_alias.set(alias)
    try:
        yield alias
    finally:
        _read_alias.reset(reset)
