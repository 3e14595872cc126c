# SPDX-License-Identifier: EUPL-1.2
"""JSON bodies within bounds: too large is 413, nested too deep is 400, never a 500.

Booking bodies are small and flat (a visit, a citizen); a limit well above them keeps a
client from making the server parse megabytes or recurse until Python gives up.
"""

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from balie.api.problems import Problem

MAX_BODY_BYTES = 64 * 1024
MAX_DEPTH = 16


def _max_body_bytes() -> int:
    return int(getattr(settings, "BALIE_API_MAX_BODY_BYTES", MAX_BODY_BYTES))


def _too_large(limit: int) -> Problem:
    return Problem(
        code="body_too_large",
        status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        title=str(_("The request body is too large.")),
        detail=str(_("Send at most %(bytes)s bytes.")) % {"bytes": limit},
    )


def _depth(raw: bytes) -> int:
    """The deepest nesting of arrays and objects, outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = _max_body_bytes()
        request = (parser_context or {}).get("request")
        declared = getattr(request, "META", {}).get("CONTENT_LENGTH") if request else None
        if declared and str(declared).isdigit() and int(declared) > limit:
            raise _too_large(limit)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise _too_large(limit)
        if _depth(raw) > MAX_DEPTH:
            raise ParseError(
                _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}
            )
        try:
            return json.loads(raw.decode((parser_context or {}).get("encoding") or "utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(_("The request body is not valid JSON.")) from error
