#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Restore a dump made by ops/backup.sh into a fresh, empty PostgreSQL database.
#
#   ops/restore.sh /var/backups/balie/balie-20261202T030000Z.dump postgres://user@host:5432/balie_restored
#
# Creates the target database when it does not exist and refuses one that already has
# tables, so a restore never mixes with live data. Then verify it:
#   DATABASE_URL=<target> manage.py verify_audit_chain
set -euo pipefail

dump="${1:?usage: restore.sh DUMP TARGET_DATABASE_URL}"
target="${2:?usage: restore.sh DUMP TARGET_DATABASE_URL}"
[ -f "$dump" ] || { echo "restore.sh: no such dump: $dump" >&2; exit 2; }

database="${target##*/}"
database="${database%%\?*}"
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || { echo "restore.sh: odd database name: $database" >&2; exit 2; }
server="${target%/*}/postgres"
exists="$(psql "$server" -tAc "select 1 from pg_database where datname = '$database'")"
if [ "$exists" != "1" ]; then
  psql "$server" -q -c "create database \"$database\""
fi
tables="$(psql "$target" -tAc "select count(*) from information_schema.tables where table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "restore.sh: $database is not empty ($tables tables); restore into a fresh database" >&2
  exit 3
fi
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target" "$dump"
echo "restored $dump into $database"
