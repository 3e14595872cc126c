# SPDX-License-Identifier: EUPL-1.2
"""One id per request, in the response header and on every log line written meanwhile.

A proxy's X-Request-ID is kept when it looks like an id, so one request can be followed from
the load balancer through Balie into Celery; anything else is replaced, because a header is
attacker-controlled and ends up in log files.
"""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "balie_request_id", default="-"
)


def current_request_id() -> str:
    return _current_request_id.get()


def choose_request_id(*, offered: str | None) -> str:
    if offered and _ACCEPTED_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = choose_request_id(offered=request.headers.get(REQUEST_ID_HEADER))
        token = _current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record, so formatters can always name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
