# SPDX-License-Identifier: EUPL-1.2
"""The replica read rule's pieces that need no replica (the whole rule: test_replica_reads)."""

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
