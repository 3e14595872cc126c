# SPDX-License-Identifier: EUPL-1.2
"""Fixed-window rate limits kept in Django's cache (locmem, or Redis with REDIS_URL)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from balie.api.problems import RateLimited

WINDOW_SECONDS = 60


def get_client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy
    # overwrites it, so trusting it by default would let anyone pick a fresh address per
    # request and escape the limit. Behind a proxy, have the proxy set REMOTE_ADDR.
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limits_enabled() -> bool:
    # Read per request, so that BALIE_RATE_LIMITS can be switched with override_settings.
    return bool(getattr(settings, "BALIE_RATE_LIMITS", True))


def check_rate_limit(*, name: str, client: str, limit: int) -> None:
    """Count one request of ``client`` for ``name``; raise RateLimited beyond ``limit``."""
    if not rate_limits_enabled():
        return
    now = time.time()
    window_start = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
    key = f"balie:ratelimit:{name}:{client}:{window_start}"
    # add() is atomic on every backend, incr() too on Redis; locmem locks per process.
    cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, int(window_start + WINDOW_SECONDS - now + 0.999)))


def check_hold_rate_limit(request: HttpRequest) -> None:
    check_rate_limit(
        name="holds",
        client=get_client_address(request),
        limit=int(getattr(settings, "BALIE_HOLD_RATE_PER_MINUTE", 30)),
    )
