# SPDX-License-Identifier: EUPL-1.2
"""RFC 9457 problem details for every error the API answers.

Every problem carries a stable snake_case ``code`` and a ``type`` URI built from it,
``https://balie.be/problems/<code>``; ``title`` and ``detail`` are translated into the
language LocaleMiddleware activated from Accept-Language. Booking and desk errors
(``DomainError``) keep their codes and the status their code carries, so that clients share
one table of codes with the portal.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import set_rollback

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.core.errors import DomainError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://balie.be/problems/"
API_PATH_PREFIX = "/api/"


def problem_type(code: str) -> str:
    return f"{PROBLEM_TYPE_BASE}{code}"


class ProblemJSONRenderer(JSONRenderer):
    """Lets clients that accept only ``application/problem+json`` still negotiate."""

    media_type = PROBLEM_CONTENT_TYPE


class Problem(exceptions.APIException):
    """An API error with its own stable code, title and optional extra headers."""

    def __init__(
        self,
        *,
        code: str,
        status_code: int,
        title: str,
        detail: str | None = None,
        headers: Mapping[str, str] | None = None,
        errors: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.problem_code = code
        self.status_code = status_code
        self.title = title
        self.headers = dict(headers or {})
        self.errors = dict(errors or {})
        super().__init__(detail=detail or title, code=code)


class RateLimited(Problem):
    def __init__(self, *, retry_after: int) -> None:
        super().__init__(
            code="rate_limited",
            status_code=status.HTTP_429_TOO_MANY_REQUESTS,
            title=str(_("Too many requests.")),
            detail=str(_("Please wait %(seconds)s seconds before trying again."))
            % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


# Titles and codes for DRF's own exceptions, in the order of their class hierarchy.
_DRF_PROBLEMS: list[tuple[type[exceptions.APIException], str, Any]] = [
    (exceptions.ValidationError, "validation_error", _("Your request is not valid.")),
    (exceptions.ParseError, "parse_error", _("The request body could not be read.")),
    (exceptions.AuthenticationFailed, "authentication_failed", _("Authentication failed.")),
    (exceptions.NotAuthenticated, "not_authenticated", _("Authentication is required.")),
    (exceptions.PermissionDenied, "permission_denied", _("You may not do this.")),
    (exceptions.NotFound, "not_found", _("This resource does not exist.")),
    (exceptions.MethodNotAllowed, "method_not_allowed", _("This method is not allowed here.")),
    (exceptions.NotAcceptable, "not_acceptable", _("This response format is not available.")),
    (
        exceptions.UnsupportedMediaType,
        "unsupported_media_type",
        _("This request format is not supported; send JSON."),
    ),
    (exceptions.Throttled, "rate_limited", _("Too many requests.")),
]


def problem_body(
    *,
    code: str,
    status_code: int,
    title: str,
    detail: str,
    errors: Mapping[str, list[str]] | None = None,
    alternatives: list[str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": problem_type(code),
        "title": title,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = dict(errors)
    if alternatives is not None:
        body["alternatives"] = alternatives
    return body


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as ``{"products.0.quantity": ["..."]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" and not prefix else str(key)
            flat.update(flatten_errors(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(detail, list) and any(isinstance(item, Mapping | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                flat.update(flatten_errors(value, f"{prefix}.{index}" if prefix else str(index)))
    elif isinstance(detail, list):
        flat[prefix or "non_field_errors"] = [str(item) for item in detail]
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def _problem_response(body: dict[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    response = Response(body, status=body["status"], headers=dict(headers or {}))
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def domain_problem(error: DomainError) -> Response:
    """Every booking and desk refusal, with the status its code carries."""
    alternatives = (
        [moment.isoformat() for moment in _localised(error.alternatives)]
        if isinstance(error, BookingError) and error.code == BookingErrorCode.SLOT_UNAVAILABLE
        else None
    )
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    return _problem_response(
        problem_body(
            code=error.code_value,
            status_code=error.status,
            title=error.title,
            detail=str(error.detail),
            errors=error.field_errors,
            alternatives=alternatives,
        ),
        headers,
    )


def _localised(moments: Any) -> list[Any]:
    return [timezone.localtime(moment) for moment in moments]


def handle_api_exception(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: every error as application/problem+json."""
    if isinstance(exc, DomainError):
        set_rollback()
        return domain_problem(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, Problem):
        set_rollback()
        return _problem_response(
            problem_body(
                code=exc.problem_code,
                status_code=exc.status_code,
                title=exc.title,
                detail=str(exc.detail),
                errors=exc.errors,
            ),
            exc.headers,
        )
    if isinstance(exc, exceptions.APIException):
        set_rollback()
        code, title = "error", _("The request could not be handled.")
        for exception_class, known_code, known_title in _DRF_PROBLEMS:
            if isinstance(exc, exception_class):
                code, title = known_code, known_title
                break
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
        if isinstance(exc, exceptions.ValidationError):
            errors = flatten_errors(exc.detail)
            detail = str(_("Correct the fields listed in “errors”."))
        else:
            errors = {}
            detail = str(exc.detail) if not isinstance(exc.detail, list | dict) else str(title)
        return _problem_response(
            problem_body(
                code=code,
                status_code=exc.status_code,
                title=str(title),
                detail=detail,
                errors=errors,
            ),
            headers,
        )
    # Anything else is a bug: log it and answer a problem rather than an HTML error page.
    logger.exception("Unhandled error in API view", exc_info=exc)
    set_rollback()
    return _problem_response(_server_error_body())


def _server_error_body() -> dict[str, Any]:
    return problem_body(
        code="server_error",
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        title=str(_("Something went wrong on our side.")),
        detail=str(_("The error was logged. Please try again later.")),
    )


def _plain_problem(body: dict[str, Any]) -> HttpResponse:
    return JsonResponse(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)


def handle_page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: problems for API paths, Django's page everywhere else."""
    if request.path.startswith(API_PATH_PREFIX):
        return _plain_problem(
            problem_body(
                code="not_found",
                status_code=status.HTTP_404_NOT_FOUND,
                title=str(_("This resource does not exist.")),
                detail=str(_("There is nothing at this address.")),
            )
        )
    return defaults.page_not_found(request, exception)


def handle_server_error(request: HttpRequest) -> HttpResponse:
    """handler500: problems for API paths, Django's page everywhere else."""
    if request.path.startswith(API_PATH_PREFIX):
        return _plain_problem(_server_error_body())
    return defaults.server_error(request)
