# SPDX-License-Identifier: EUPL-1.2
"""Abuse limits every public channel shares: hold rate, kiosk ticket rate, hoarding identity.

Counters are fixed one-minute windows in Django's cache. Several server processes must
share it (Redis with REDIS_URL); production settings refuse a per-process cache unless the
deployment says it runs as one embedded process.
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def rate_limits_enabled() -> bool:
    # Read per call, so that BALIE_RATE_LIMITS can be switched with override_settings.
    return bool(getattr(settings, "BALIE_RATE_LIMITS", True))


def count_against_limit(*, name: str, client: str, limit: int) -> int | None:
    """Count one act of ``client`` for ``name``; the seconds to wait beyond ``limit``."""
    if not rate_limits_enabled():
        return None
    now = time.time()
    window_start = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
    key = f"balie:ratelimit:{name}:{client or 'unknown'}:{window_start}"
    # add() is atomic on every backend, incr() too on Redis; locmem locks per process.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count <= limit:
        return None
    return max(1, int(window_start + WINDOW_SECONDS - now + 0.999))


def hold_rate_per_minute() -> int:
    return int(getattr(settings, "BALIE_HOLD_RATE_PER_MINUTE", 30))


def kiosk_rate_per_minute() -> int:
    return int(getattr(settings, "BALIE_KIOSK_RATE_PER_MINUTE", 10))


def normalise_email(email: str) -> str:
    """One person's address however it is written: case and plus-tags do not count.

    ``Name+1@Example.be`` and ``name@example.be`` reach the same mailbox, so they share one
    hoarding limit.
    """
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    return f"{local.split('+', 1)[0]}@{domain}"
