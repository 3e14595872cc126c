# SPDX-License-Identifier: EUPL-1.2
"""Prometheus metrics: request latency by route, booking acts, refusals, queue, reminders.

Latency is observed per route pattern (never the raw path, which would carry references and
grow without bound). Booking acts (held, confirmed, moved, cancelled, ...) are counted by a
consequence handler once each act commits, so a rolled-back act is never counted and booking
itself knows nothing of metrics. Refusals are read from the answers: a 409 is a time taken by
someone else (or a state that changed), a 503 with Retry-After is BUSY. Figures that live in
the database or the broker (reservations by status, task queue depth, reminder lag) are read
when Prometheus scrapes, so every web process reports the same numbers.
"""

import os
import time
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from balie.booking.consequences import BookingEvent
from balie.ops import selectors

# Buckets from a cached month view (a few ms) to a request queued behind a rush (seconds).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_LATENCY = Histogram(
    "balie_http_request_duration_seconds",
    "Time to answer an HTTP request, by route pattern, method and status.",
    ["route", "method", "status"],
    buckets=_LATENCY_BUCKETS,
)


BOOKING_ACTS = Counter(
    "balie_booking_acts_total",
    "Committed booking acts by act (held, confirmed, moved, cancelled, released, expired, "
    "checked_in, no_show, completed); holds are act=held.",
    ["act"],
)
CONFLICT_ANSWERS = Counter(
    "balie_conflict_answers_total",
    "409 answers by route and problem code (slot_unavailable: the time was taken).",
    ["route", "code"],
)
BUSY_ANSWERS = Counter(
    "balie_busy_answers_total",
    "503 BUSY answers (a lock stayed taken after the retries) by route.",
    ["route"],
)


def count_booking_act(event: BookingEvent) -> None:
    """Consequence handler: one committed act."""
    BOOKING_ACTS.labels(act=str(event.kind)).inc()


def _problem_code(response: HttpResponse) -> str:
    data = getattr(response, "data", None)
    code = data.get("code") if isinstance(data, dict) else None
    return str(code) if code else "-"


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.route or match.view_name or "unresolved"


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        route = route_of(request)
        status = response.status_code
        elapsed = time.perf_counter() - started
        method = request.method or ""
        REQUEST_LATENCY.labels(route=route, method=method, status=str(status)).observe(elapsed)
        if status == 409:
            CONFLICT_ANSWERS.labels(route=route, code=_problem_code(response)).inc()
        elif status == 503 and response.has_header("Retry-After"):
            BUSY_ANSWERS.labels(route=route).inc()
        return response


class StateCollector(Collector):
    """Gauges read at scrape time from PostgreSQL/SQLite and the broker."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = selectors.count_reservations_by_status()
        reservations = GaugeMetricFamily(
            "balie_reservations",
            "Reservations by status (held, confirmed, cancelled, ...), all municipalities.",
            labels=["status"],
        )
        for status, count in sorted(counts.items()):
            reservations.add_metric([status], count)
        yield reservations
        lag = selectors.get_reminder_lag_seconds()
        yield GaugeMetricFamily(
            "balie_reminder_lag_seconds",
            "Age of the oldest reminder that is due and not sent yet (0: none waiting).",
            value=lag,
        )
        depth = selectors.get_task_queue_depth()
        if depth is not None:
            yield GaugeMetricFamily(
                "balie_task_queue_depth", "Tasks waiting in the Celery queue.", value=depth
            )


_state_collector = StateCollector()


def render_metrics() -> bytes:
    """Everything this process (or, under gunicorn, every worker) has observed."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(_state_collector)
        return generate_latest(registry)
    registry = CollectorRegistry()
    registry.register(_state_collector)
    return generate_latest(REGISTRY) + generate_latest(registry)
