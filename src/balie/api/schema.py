# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""OpenAPI description helpers: the Problem component, shared parameters, token scheme."""

from collections.abc import Callable
from typing import Any, TypeVar

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from balie.api.problems import PROBLEM_CONTENT_TYPE, ProblemJSONRenderer


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, with Balie's stable ``code``."""

    type = serializers.URLField(help_text="https://balie.be/problems/<code>")
    title = serializers.CharField(help_text="Short summary, in the request language.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="Explanation, in the request language.")
    code = serializers.CharField(help_text="Stable snake_case error code.")
    # Shadows Serializer.errors; this serializer only describes the schema, never validates.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field; nested fields are joined with dots.",
    )
    alternatives = serializers.ListField(
        child=serializers.DateTimeField(),
        required=False,
        help_text="For slot_unavailable: the nearest free start times.",
    )

    class Meta:
        ref_name = "Problem"


ACCEPT_LANGUAGE = OpenApiParameter(
    name="Accept-Language",
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="nl (default), fr, en or de: the language of texts and problem titles.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Unique key (e.g. a UUID) that makes a retry return the first answer instead of "
        "acting twice. Reusing a key with a different body answers 422."
    ),
)

_DESCRIPTIONS = {
    400: "The request is not valid (problem codes validation_error, parse_error or a "
    "booking code such as unknown_product).",
    401: "Authentication is required.",
    403: "Not allowed.",
    404: "Not found (or not visible to you).",
    405: "Method not allowed.",
    406: "Not acceptable.",
    409: "Conflict with the current state (slot_unavailable, hold_expired, ...).",
    413: "The body is larger than 64 KiB.",
    415: "Send application/json.",
    422: "Idempotency-Key reused with a different request.",
    429: "Too many requests; see Retry-After.",
    503: "Busy; retry shortly.",
}


def problems(*statuses: int) -> dict[Any, Any]:
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(
            response=ProblemSerializer, description=_DESCRIPTIONS[code]
        )
        for code in statuses
    }


_F = TypeVar("_F", bound=Callable[..., Any])
_UNSET: Any = object()
# Anyone may call these; a signed-in staff member sees staff-only times and products.
OPTIONAL_STAFF_AUTH: list[dict[str, list[str]]] = [{}, {"staffSession": []}]


def api_schema(
    *,
    operation_id: str,
    summary: str,
    responses: dict[Any, Any],
    problem_statuses: tuple[int, ...] = (),
    request: Any = _UNSET,
    # OpenApiParameter objects, or a serializer class whose fields are query parameters.
    parameters: list[Any] | None = None,
    idempotent_post: bool = False,
    tags: list[str] | None = None,
    auth: list[dict[str, list[str]]] | None = None,
) -> Callable[[_F], _F]:
    """extend_schema with the parameters and problem responses every operation shares."""
    extra = [ACCEPT_LANGUAGE, *(parameters or [])]
    if idempotent_post:
        extra.append(IDEMPOTENCY_KEY)
    statuses = sorted({*problem_statuses, 405, 406, *((413, 415, 422) if idempotent_post else ())})
    kwargs: dict[str, Any] = {
        "summary": summary,
        "parameters": extra,
        "responses": {**responses, **problems(*statuses)},
        "tags": tags,
        "operation_id": operation_id,
    }
    if request is not _UNSET:
        kwargs["request"] = request
    if auth is not None:
        kwargs["auth"] = auth
    decorator: Callable[[_F], _F] = extend_schema(**kwargs)
    return decorator


class BalieAutoSchema(AutoSchema):
    """Names components after their view and leaves problem+json out of success bodies."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        # Views nest their InputSerializer/OutputSerializer; HoldCreateView.InputSerializer
        # becomes "HoldCreateInput" instead of colliding with every other "Input".
        outer, _dot, inner = type(serializer).__qualname__.rpartition(".")
        if outer.endswith("View"):
            return outer.removesuffix("View") + inner
        return str(super().get_serializer_name(serializer, direction))

    def map_renderers(self, attribute: str) -> Any:
        return [
            media_type
            for media_type in super().map_renderers(attribute)
            if media_type != ProblemJSONRenderer.media_type
        ]


class ManageTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "balie.api.authentication.ManageTokenAuthentication"
    name = "manageToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'The manage token of one appointment, prefixed with "Token ", e.g. '
                '"Token 3q2-7w...". It is returned once, when the appointment is made.'
            ),
        }


class StaffSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "balie.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The session of a signed-in staff member of the municipality.",
        }
