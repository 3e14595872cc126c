#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Back up Balie's PostgreSQL database (and uploaded logos) into BACKUP_DIR.
#
#   DATABASE_URL=postgres://user@host:5432/balie BACKUP_DIR=/var/backups/balie ops/backup.sh
#
# Writes balie-<UTC time>.dump (pg_dump custom format, compressed) and, when MEDIA_ROOT is
# set and exists, balie-<UTC time>-media.tar.gz; keeps the newest BACKUP_KEEP (default 14)
# of each and prints the dump's path. Run it from cron; docs/operations/backup.md explains.
set -euo pipefail

: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
BACKUP_DIR="${BACKUP_DIR:-./var/backups}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL (SQLite: copy the file)" >&2; exit 2 ;;
esac

mkdir -p "$BACKUP_DIR"
umask 077  # the dump holds personal data: readable by the backup user only
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="$BACKUP_DIR/balie-$stamp.dump"
# Written under a temporary name, so a failed run never leaves a file that looks complete.
pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"

if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -czf "$BACKUP_DIR/balie-$stamp-media.tar.gz" -C "$MEDIA_ROOT" .
fi

# Keep the newest BACKUP_KEEP dumps and media archives.
prune() {
  local pattern="$1" old
  old="$(ls -1t "$BACKUP_DIR"/$pattern 2>/dev/null | tail -n +"$((BACKUP_KEEP + 1))" || true)"
  [ -z "$old" ] || printf '%s\n' "$old" | xargs rm -f
}
prune 'balie-*Z.dump'
prune 'balie-*-media.tar.gz'
echo "$dump"
