# SPDX-License-Identifier: EUPL-1.2
"""The scripted pg_dump backup restores into a fresh PostgreSQL database, chain intact."""

import secrets
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from balie.audit.models import AuditAction
from balie.audit.services import Actor, record_event
from balie.tenants.tests.factories import MunicipalityFactory

OPS = Path(__file__).resolve().parents[4] / "ops"


def _url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database(postgres, tmp_path):
    # Given a municipality and an audit entry, committed
    municipality = MunicipalityFactory(slug="backup-town")
    record_event(
        action=AuditAction.LOGIN,
        actor=Actor.system("test"),
        municipality_id=municipality.pk,
        occurred_at=timezone.now(),
    )
    fresh = f"balie_restore_{secrets.token_hex(4)}"
    try:
        # When the backup script dumps the database and the restore script loads it fresh
        dumped = subprocess.run(  # noqa: S603 - our own script
            [str(OPS / "backup.sh")],
            env={
                "PATH": "/usr/bin:/bin",
                "DATABASE_URL": _url(connection.settings_dict["NAME"]),
                "BACKUP_DIR": str(tmp_path),
            },
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        subprocess.run(  # noqa: S603 - our own script
            [str(OPS / "restore.sh"), dumped, _url(fresh)],
            env={"PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        )
        # Then the fresh database has the data and the audit chain's head
        with psycopg.connect(_url(fresh)) as restored:
            slugs = restored.execute("select slug from tenants_municipality").fetchall()
            heads = restored.execute("select last_sequence from audit_auditchainhead").fetchall()
        assert ("backup-town",) in slugs
        assert heads == [(1,)]
        # And restoring again into a database that has data is refused
        again = subprocess.run(  # noqa: S603 - our own script
            [str(OPS / "restore.sh"), dumped, _url(fresh)],
            env={"PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        assert again.returncode == 3 and "not empty" in again.stderr
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'drop database if exists "{fresh}"')
