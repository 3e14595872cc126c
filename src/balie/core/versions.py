# SPDX-License-Identifier: EUPL-1.2
"""Version counters in the shared cache (Redis), for what a process keeps between requests.

A process reuses what it built (a prepared schedule, a municipality's row) while the
version it was built under is unchanged; a write bumps the version, and every process then
builds afresh. A version starts at a random number, so one lost with a flushed cache never
repeats a value that an old entry was kept under.
"""

import logging
import secrets

from django.core.cache import cache

logger = logging.getLogger(__name__)


def read_version(key: str) -> int:
    """The version under ``key``; raises when the cache does not answer (reuse nothing)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.randbelow(2**62), timeout=None)
        version = cache.get(key, 0)
    return int(version)


def bump_version(key: str) -> None:
    """Make what every process keeps under ``key`` stale.

    A cache that does not answer must not fail the write that is committing: it is logged,
    and the keepers' own lifetimes bound how long they may still reuse an entry.
    """
    try:
        try:
            cache.incr(key)
        except ValueError:  # never read yet, or evicted: any fresh random start is new
            cache.set(key, secrets.randbelow(2**62), timeout=None)
    except Exception:  # noqa: BLE001 - Redis down or unreachable
        logger.warning("version %s not bumped", key)
