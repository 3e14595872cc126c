# SPDX-License-Identifier: EUPL-1.2
"""Liveness, readiness and metrics for load balancers, orchestrators and Prometheus."""

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from balie.ops import metrics, selectors


@never_cache
@require_GET
def liveness(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is checked, so a database outage never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readiness(request: HttpRequest) -> JsonResponse:
    states = selectors.list_dependency_states()
    ready = all(state.ok for state in states)
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {
            s.name: ({"status": "ok"} if s.ok else {"status": "down", "error": s.detail})
            for s in states
        },
    }
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
@require_GET
def prometheus_metrics(request: HttpRequest) -> HttpResponse:
    token = settings.BALIE_METRICS_TOKEN
    if token:
        offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(offered.encode(), token.encode()):
            return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(metrics.render_metrics(), content_type=CONTENT_TYPE_LATEST)
