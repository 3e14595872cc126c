# SPDX-License-Identifier: EUPL-1.2
"""Ready to shard by municipality: every table either distributes by it or is global.

A distributed PostgreSQL (Citus) puts each municipality's rows on one node. That needs, for
every table holding a municipality's data: a NOT NULL distribution column; every primary,
unique and exclusion key including it; and every foreign key to another distributed table
carrying it on both sides (the rows of one visit then live on one node). Global tables
(reference tables copied to every node, or local tables on the coordinator) must not point
at distributed ones. docs/scaling.md describes the plan; this test reads PostgreSQL's
catalogs of the migrated schema, so a new model that would not distribute fails here.

Two keys are prepared rather than final, because Django keeps its one-column ``id``:
- the primary key (id): the Citus migration swaps it for (municipality_id, id), which the
  UNIQUE (municipality_id, id) constraint of every referenced table already enforces;
- a unique key on a foreign-key column, such as UNIQUE (reservation_id) of an arrival: the
  composite foreign key (municipality_id, reservation_id) pins the municipality to the
  referenced row, so adding municipality_id to the key changes nothing it allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

DISTRIBUTION_COLUMN = "municipality_id"

# Tables distributed by another column, with the reason.
OTHER_DISTRIBUTION_COLUMNS = {
    # One hash chain per municipality plus one for the platform ("platform" or the
    # municipality's key); the platform chain has no municipality, so the chain name is
    # the distribution column of both audit tables (co-located with each other).
    "audit_auditchainhead": "chain",
    "audit_auditevent": "chain",
}

# Tables that hold no municipality's data: (kind, reason). "reference": copied to every node
# (read in joins with tenant rows); "local": stays on the coordinator.
GLOBAL_TABLES = {
    "tenants_municipality": (
        "reference",
        "the distribution key itself: every node resolves slugs and settings",
    ),
    "catalog_ipdcconcept": ("reference", "the Flemish IPDC catalogue, shared by everyone"),
    "auth_user": ("reference", "a staff member may serve several municipalities"),
    "auth_group": ("reference", "Django permissions"),
    "auth_permission": ("reference", "Django permissions"),
    "auth_group_permissions": ("reference", "Django permissions"),
    "auth_user_groups": ("reference", "Django permissions"),
    "auth_user_user_permissions": ("reference", "Django permissions"),
    "django_content_type": ("reference", "Django's model registry"),
    "django_admin_log": ("local", "admin history of platform accounts"),
    "django_migrations": ("local", "schema history, run from the coordinator"),
    "django_session": ("local", "sessions are per browser, not per municipality"),
    "axes_accessattempt": ("local", "login throttling is per account and address"),
    "axes_accessattemptexpiration": ("local", "login throttling"),
    "axes_accessfailurelog": ("local", "login throttling"),
    "axes_accesslog": ("local", "login throttling"),
    "otp_static_staticdevice": ("reference", "a staff member's second factor"),
    "otp_static_statictoken": ("reference", "a staff member's second factor"),
    "otp_totp_totpdevice": ("reference", "a staff member's second factor"),
    "oidc_citizenaccount": ("reference", "one citizen, appointments in any municipality"),
    "oidc_staffidentity": ("reference", "a staff login, linked to auth_user"),
    "privacy_housekeepingrun": ("local", "bookkeeping of platform-wide periodic jobs"),
}

# Unique keys without the distribution column that cannot simply gain it, with the reason
# and what the Citus migration does with them.
GLOBAL_UNIQUE_KEYS = {
    ("booking_reservation", ("public_id",)): (
        "random UUID of the manage link, which carries no municipality: unique across "
        "municipalities by construction, per municipality by constraint under Citus"
    ),
    ("booking_reservation", ("reference",)): (
        "the reference citizens quote, looked up without a municipality; only 30 random "
        "bits, so under Citus a reference table (reference UNIQUE -> municipality) keeps "
        "it unique and routes the lookup"
    ),
    ("desk_shift", ("user_id",)): (
        "one open shift per person across municipalities; per municipality under Citus, "
        "checked in the shift service for the rare staff member of two municipalities"
    ),
    ("oslo_productsnapshot", ("public_id",)): (
        "random UUID of an LDES member; per municipality under Citus (the feed is per "
        "municipality)"
    ),
    ("oslo_productipdcrecord", ("instance_uuid",)): (
        "IPDC instance UUID issued by the Flemish catalogue; per municipality under Citus"
    ),
}


@dataclass(frozen=True)
class Key:
    table: str
    name: str
    kind: str  # p, u, x or i (a unique index without a constraint, e.g. a partial one)
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ForeignKey:
    table: str
    name: str
    columns: tuple[str, ...]
    target: str
    target_columns: tuple[str, ...]


def _tables() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, a.attname, a.attnotnull FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
        tables: dict[str, set[str]] = {}
        for table, column, not_null in cursor.fetchall():
            tables.setdefault(table, set())
            tables[table].add(column if not_null else f"{column}?")
    return tables


def _keys() -> list[Key]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, i.relname, coalesce(con.contype::text, 'i'), "
            "array(SELECT a.attname FROM unnest(x.indkey) k "
            "      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k) "
            "FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid "
            "AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x') "
            "WHERE n.nspname = current_schema() "
            "AND (x.indisunique OR con.contype = 'x')"
        )
        return [Key(t, name, kind, tuple(columns)) for t, name, kind, columns in cursor]


def _foreign_keys() -> list[ForeignKey]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.relname, con.conname, "
            "array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, o) "
            "      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n "
            "      ORDER BY k.o), "
            "r.relname, "
            "array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, o) "
            "      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n "
            "      ORDER BY k.o) "
            "FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid "
            "JOIN pg_class r ON r.oid = con.confrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE con.contype = 'f' AND n.nspname = current_schema()"
        )
        return [
            ForeignKey(t, name, tuple(cols), target, tuple(target_cols))
            for t, name, cols, target, target_cols in cursor
        ]


def distribution_blockers() -> list[str]:
    """Every reason the schema would not distribute by municipality, one line each."""
    tables = _tables()
    keys = _keys()
    foreign_keys = _foreign_keys()
    blockers: list[str] = []

    def column_of(table: str) -> str | None:
        if table in GLOBAL_TABLES:
            return None
        return OTHER_DISTRIBUTION_COLUMNS.get(table, DISTRIBUTION_COLUMN)

    distributed = {table for table in tables if column_of(table)}
    for table in sorted(distributed):
        column = column_of(table)
        if column not in tables[table]:
            state = "nullable" if f"{column}?" in tables[table] else "missing"
            blockers.append(f"{table}: distribution column {column} is {state}")

    # Foreign keys between distributed tables must carry the distribution column; a
    # one-column key is prepared when a composite one covers the same column.
    composite: set[tuple[str, str]] = set()
    for fk in foreign_keys:
        if fk.table in distributed and fk.target in distributed:
            column = column_of(fk.table)
            if column in fk.columns and column_of(fk.target) in fk.target_columns:
                composite |= {(fk.table, c) for c in fk.columns if c != column}
    for fk in foreign_keys:
        if fk.table in distributed and fk.target in distributed:
            if column_of(fk.table) != column_of(fk.target):
                blockers.append(f"{fk.table}.{fk.name}: points at {fk.target}, distributed "
                                f"by another column")  # fmt: skip
            elif len(fk.columns) == 1 and (fk.table, fk.columns[0]) not in composite:
                blockers.append(
                    f"{fk.table}.{fk.columns[0]}: foreign key to {fk.target} without "
                    f"{column_of(fk.table)} (add the composite key)"
                )
        elif fk.table not in distributed and fk.target in distributed:
            blockers.append(f"{fk.table}.{fk.name}: a global table points at the distributed "
                            f"{fk.target}")  # fmt: skip

    for key in keys:
        if key.table not in distributed:
            continue
        column = column_of(key.table)
        if column in key.columns:
            continue
        if key.kind == "p" and key.columns == ("id",):
            continue  # swapped for (municipality_id, id) by the Citus migration
        if any((key.table, c) in composite for c in key.columns):
            continue  # the composite foreign key fixes the municipality of that column
        if (key.table, key.columns) in GLOBAL_UNIQUE_KEYS:
            continue
        blockers.append(
            f"{key.table}.{key.name}: unique key ({', '.join(key.columns)}) without {column}"
        )
    return blockers


def test_every_table_distributes_by_municipality_or_is_listed_as_global():
    # Given the migrated schema, when it is read as Citus would distribute it,
    blockers = distribution_blockers()

    # then nothing stands in the way.
    assert blockers == [], "\n".join(blockers)


def test_the_lists_of_exceptions_name_only_real_tables_and_keys():
    # Given the schema, every listed global table and global key exists (a stale entry
    # would hide nothing today but excuse a future table of the same name).
    tables = _tables()
    keys = {(key.table, key.columns) for key in _keys()}

    assert sorted(set(GLOBAL_TABLES) - set(tables)) == []
    assert sorted(set(OTHER_DISTRIBUTION_COLUMNS) - set(tables)) == []
    assert sorted(set(GLOBAL_UNIQUE_KEYS) - keys) == []
    # and no global table carries a municipality's rows.
    assert sorted(t for t in GLOBAL_TABLES if DISTRIBUTION_COLUMN in tables[t]) == []


def test_a_table_without_the_municipality_is_reported():
    # Given a table of tenant data that forgot the municipality and points at a visit,
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE zz_forgetful (id bigint PRIMARY KEY, note text UNIQUE, "
            "reservation_id bigint REFERENCES booking_reservation (id))"
        )
    # when the schema is checked, then each missing piece is named.
    blockers = distribution_blockers()

    assert "zz_forgetful: distribution column municipality_id is missing" in blockers
    assert any(line.startswith("zz_forgetful.reservation_id: foreign key") for line in blockers)
    assert any(line.startswith("zz_forgetful.zz_forgetful_note_key: unique key (note)")
               for line in blockers)  # fmt: skip
