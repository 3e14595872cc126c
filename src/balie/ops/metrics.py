# SPDX-License-Identifier: EUPL-1.2
"""Prometheus metrics: request latency by route, booking outcomes, queue depth.

Latency is observed per route pattern (never the raw path, which would carry references and
grow without bound). Booking outcomes are read from the answers the booking endpoints give:
a 409 is a time taken by someone else, a 503 is BUSY, a 429 a rate limit. Figures that live in
the database or the broker are read when Prometheus scrapes, so every web process reports the
same numbers and nothing has to be kept in sync between processes.
"""

import os
import time
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

from balie.ops import selectors

# Buckets from a cached month view (a few ms) to a request queued behind a rush (seconds).
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_LATENCY = Histogram(
    "balie_http_request_duration_seconds",
    "Time to answer an HTTP request, by route pattern, method and status.",
    ["route", "method", "status"],
    buckets=_LATENCY_BUCKETS,
)


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
        REQUEST_LATENCY.labels(
            route=route_of(request), method=request.method or "", status=str(response.status_code)
        ).observe(time.perf_counter() - started)
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
