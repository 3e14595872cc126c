# SPDX-License-Identifier: EUPL-1.2
"""Prepared schedules reused across requests, invalidated by a version every booking bumps.

Building a location's free time (one busy query, then the engine's bitsets) is most of the
cost of an availability read and of a hold's solve. A process keeps the prepared schedule
of a (location, audience, days) and reuses it for as long as the location's schedule
version is unchanged and the entry is younger than ``ENTRY_SECONDS``. The version is per
location: a rush at the town hall leaves the prepared schedules of the district offices
valid.

Why this never offers a time that is already taken, and never sells one:

- Every write that takes or frees counter time at a location bumps its version, now and
  once it commits (``bump_schedule_versions``, called where the unit rows are inserted or
  deleted, so no act can forget it). A reader reads the version first
  and the bookings after, so an entry stored under version V holds at least every booking
  committed before V was bumped to; the only bookings it can miss are those whose commit
  and bump are still in flight, which a read a moment earlier would have missed as well.
- The version lives in Django's cache, shared by every web process through Redis
  (production refuses a per-process cache unless one embedded process serves everything).
  It starts at a random number, so a version lost with a flushed cache never repeats one
  that an old entry was stored under.
- An entry is only a hint for a hold: the unique counter-time units in PostgreSQL decide,
  and a hold that the entry calls unavailable is solved again on a fresh read before it is
  refused, so a hold that expired since the entry was built never blocks anyone.
- A hold that lapses changes the free time without a booking act until the expiry sweep
  bumps the version; ``ENTRY_SECONDS`` bounds how long an entry may still show that time as
  taken (on the safe side: hidden, never offered twice).
"""

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date, datetime
from functools import partial

from django.conf import settings
from django.db import transaction

from balie.booking.replica import availability_reads
from balie.booking.selectors import build_schedule
from balie.catalog.models import Location
from balie.core.versions import bump_version, read_version
from balie.scheduling import Audience, PreparedSchedule, prepare
from balie.tenants.models import Municipality

logger = logging.getLogger(__name__)

# Settings may shorten it (BALIE_PREPARED_SCHEDULE_SECONDS; 0 turns reuse off).
ENTRY_SECONDS = 30.0
_CACHE_SIZE = 512
# (key) -> (monotonic birth, prepared schedule)
_PREPARED: OrderedDict[tuple[object, ...], tuple[float, PreparedSchedule]] = OrderedDict()
_clock = time.monotonic  # tests turn it
# Threaded servers (gunicorn gthread) share the dict; the engine's own lazy caches only
# ever store the same value twice, which needs no lock.
_LOCK = threading.Lock()


def _entry_seconds() -> float:
    return min(
        float(getattr(settings, "BALIE_PREPARED_SCHEDULE_SECONDS", ENTRY_SECONDS)), ENTRY_SECONDS
    )


def _version_key(location_id: int) -> str:
    return f"balie:schedule-version:location:{location_id}"


def get_schedule_version(*, location_id: int) -> int:
    return read_version(_version_key(location_id))


def bump_schedule_version(*, location_id: int) -> None:
    """Make every process's prepared schedules of the location stale (entries age out after
    ``ENTRY_SECONDS`` when the cache does not answer)."""
    bump_version(_version_key(location_id))


def bump_schedule_versions(*, location_ids: Iterable[int]) -> None:
    """Call inside a write's transaction once it has taken or freed counter time there.

    Bumped now, for reads later in the same transaction (a booking in one request, a test),
    and again after the commit: a reader that sees that version also sees the change.
    """
    for location_id in sorted(set(location_ids)):
        bump_schedule_version(location_id=location_id)
        transaction.on_commit(partial(bump_schedule_version, location_id=location_id))


def clear_prepared_schedules() -> None:
    _PREPARED.clear()


def get_prepared_schedule(
    *,
    municipality: Municipality,
    location: Location,
    first_day: date,
    last_day: date,
    now: datetime,
    audience: Audience,
) -> tuple[PreparedSchedule, bool]:
    """Every product of ``location`` prepared over the local days; True when reused."""
    try:
        version = get_schedule_version(location_id=location.pk)
    except Exception:  # noqa: BLE001 - without the version nothing may be reused
        logger.warning("schedule version unreadable; reading afresh", exc_info=True)
        fresh = build_prepared_schedule(
            municipality=municipality,
            location=location,
            first_day=first_day,
            last_day=last_day,
            now=now,
            audience=audience,
        )
        return fresh, False
    key = (
        municipality.pk,
        municipality.catalog_version,
        municipality.updated_at,
        location.pk,
        location.walking_gap_minutes,
        audience,
        first_day,
        last_day,
        version,
    )
    with _LOCK:
        found = _PREPARED.get(key)
        if found is not None and _clock() - found[0] < _entry_seconds():
            _PREPARED.move_to_end(key)
            return found[1], True
    prepared = build_prepared_schedule(
        municipality=municipality,
        location=location,
        first_day=first_day,
        last_day=last_day,
        now=now,
        audience=audience,
    )
    with _LOCK:
        _PREPARED[key] = (_clock(), prepared)
        if len(_PREPARED) > _CACHE_SIZE:
            _PREPARED.popitem(last=False)
    return prepared, False


def build_prepared_schedule(
    *,
    municipality: Municipality,
    location: Location,
    first_day: date,
    last_day: date,
    now: datetime,
    audience: Audience,
) -> PreparedSchedule:
    """A fresh read, never cached: what a refusal is decided on.

    From the replica only once it has replayed the location's last booking; inside a
    booking's transaction always from the primary (``replica.availability_reads``).
    """
    with availability_reads(location_id=location.pk):
        schedule = build_schedule(
            municipality=municipality,
            location=location,
            product_ids=None,
            first_day=first_day,
            last_day=last_day,
            now=now,
            staff=audience == Audience.STAFF,
        )
    return prepare(schedule, first_day=first_day, last_day=last_day, audience=audience)
