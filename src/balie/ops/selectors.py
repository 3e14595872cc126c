# SPDX-License-Identifier: EUPL-1.2
"""Reads an operator needs: the state of the parts Balie runs on."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.notifications.models import Message, MessageKind, MessageStatus

# Readiness must answer before a load balancer's own timeout; a hung dependency is "down".
DEPENDENCY_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True, kw_only=True)
class DependencyState:
    name: str
    ok: bool
    detail: str = ""


def check_database() -> DependencyState:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return DependencyState(name="database", ok=False, detail=type(error).__name__)
    return DependencyState(name="database", ok=True)


def check_cache() -> DependencyState | None:
    """The shared cache holds the rate-limit counters; a per-process cache needs no check."""
    if not settings.REDIS_URL:
        return None
    try:
        cache.set("balie:readiness", "1", timeout=5)
        ok = cache.get("balie:readiness") == "1"
    except Exception as error:  # noqa: BLE001
        return DependencyState(name="cache", ok=False, detail=type(error).__name__)
    return DependencyState(name="cache", ok=ok, detail="" if ok else "read back failed")


def check_broker() -> DependencyState | None:
    """The Celery broker; in the embedded default tasks run in process and there is none."""
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory"):
        return None
    from balie.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=DEPENDENCY_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001
        return DependencyState(name="broker", ok=False, detail=type(error).__name__)
    return DependencyState(name="broker", ok=True)


def list_dependency_states() -> list[DependencyState]:
    states = [check_database(), check_cache(), check_broker()]
    return [state for state in states if state is not None]


def count_reservations_by_status() -> dict[str, int]:
    with scopes_disabled():
        rows = Reservation.objects.values("status").annotate(n=Count("id")).order_by()
        return {row["status"]: row["n"] for row in rows}


def get_task_queue_depth() -> int | None:
    """Length of Celery's default queue when the broker is Redis; None when unknown."""
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("redis://", "rediss://")):
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            broker,
            socket_timeout=DEPENDENCY_TIMEOUT_SECONDS,
            socket_connect_timeout=DEPENDENCY_TIMEOUT_SECONDS,
        )
        return int(client.llen("celery"))
    except redis.RedisError:
        return None


def get_reminder_lag_seconds() -> float:
    """How long the oldest due, unsent reminder has waited; 0 when none is waiting.

    A growing value means the workers (or beat) do not keep up or do not run.
    """
    now = timezone.now()
    with scopes_disabled():
        oldest = Message.objects.filter(
            kind=MessageKind.REMINDER,
            status=MessageStatus.PLANNED,
            next_attempt_at__lte=now,
        ).aggregate(oldest=Min("next_attempt_at"))["oldest"]
    return max(0.0, (now - oldest).total_seconds()) if oldest else 0.0
