# SPDX-License-Identifier: EUPL-1.2
"""The replica read rule's pieces that need no replica (the whole rule: test_replica_reads)."""

import os
import subprocess
import sys

from django.db import DEFAULT_DB_ALIAS

from balie.booking.replica import REPLICA, ReplicaRouter, availability_reads, parse_lsn


def test_wal_positions_compare_as_postgresql_orders_them():
    # Given positions whose text order differs from their order in the WAL
    # Then the integers order them as PostgreSQL does (high word first, hexadecimal)
    assert parse_lsn("0/FFFFFFFF") < parse_lsn("1/0") < parse_lsn("1/A") < parse_lsn("A/0")
    assert parse_lsn("16/B374D848") == (0x16 << 32) + 0xB374D848


def test_without_a_replica_availability_reads_stay_on_the_primary(settings):
    # Given no replica configured (the embedded default)
    assert REPLICA not in settings.DATABASES
    # When a calendar is read
    with availability_reads(location_id=1) as alias:
        # Then it is read from the primary
        assert alias == DEFAULT_DB_ALIAS
        assert ReplicaRouter().db_for_read(object) == DEFAULT_DB_ALIAS


def test_the_router_sends_every_write_and_migration_to_the_primary():
    router = ReplicaRouter()
    # Even for an object that was loaded from the replica
    assert router.db_for_write(object, instance=object()) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "booking") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "booking") is True
    # and reads outside an availability read go to the primary, not to where an object
    # came from
    assert router.db_for_read(object) == DEFAULT_DB_ALIAS


def _settings_in_a_fresh_process(**env: str) -> subprocess.CompletedProcess[str]:
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'), "
        "'replica' in settings.DATABASES, getattr(settings, 'DATABASE_ROUTERS', []))"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "balie.conf.test", **env}
    environment.pop("REDIS_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )


def test_behind_pgbouncer_in_transaction_mode_no_server_side_cursors_are_used():
    # Given PostgreSQL reached through a transaction pooler
    result = _settings_in_a_fresh_process(
        DATABASE_URL="postgres://postgres@127.0.0.1:6432/balie",
        DATABASE_TRANSACTION_POOLING="true",
    )
    # Then .iterator() fetches on the client: a named cursor would not outlive its transaction
    assert result.stdout.split()[0] == "True", result.stderr


def test_a_replica_with_redis_gets_the_router_and_without_redis_is_refused():
    replica = "postgres://postgres@127.0.0.1:5433/balie"
    # Given a replica and Redis, the replica alias and its router are configured
    result = _settings_in_a_fresh_process(
        DATABASE_REPLICA_URL=replica, REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.stdout.split()[1:] == ["True", "['balie.booking.replica.ReplicaRouter']"]
    # Given a replica without Redis, the settings refuse to load: positions must be shared
    result = _settings_in_a_fresh_process(DATABASE_REPLICA_URL=replica)
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL needs REDIS_URL" in result.stderr
