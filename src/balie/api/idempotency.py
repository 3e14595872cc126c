# SPDX-License-Identifier: EUPL-1.2
"""Idempotency-Key for POST: a retry returns the first answer instead of acting twice.

The first request stores an "in progress" record (status 0) in its own short transaction,
so a concurrent duplicate sees it at once and gets 409. A 2xx answer is stored and replayed
for retries with the same body; an error deletes the record, because errors change
nothing and a retry must run again. The stored answer is encrypted (it carries the
appointment's manage token), with a key derived from SECRET_KEY.
"""

import base64
import hashlib
import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from balie.api.problems import Problem
from balie.booking.models import IdempotencyRecord
from balie.booking.services import IDEMPOTENCY_IN_PROGRESS, claim_idempotency_key
from balie.tenants.models import Municipality

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
IN_PROGRESS = IDEMPOTENCY_IN_PROGRESS
# Answers are replayed for a day; after that the key may be used afresh.
RECORD_LIFETIME = timedelta(hours=24)
# A record still in progress after this long belongs to a crashed worker.
STALE_IN_PROGRESS = timedelta(minutes=5)
_VALID_KEY = re.compile(r"[\x21-\x7e]{1,255}")


def get_idempotency_key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not _VALID_KEY.fullmatch(key):
        raise exceptions.ValidationError(
            {
                HEADER: [
                    _("Use 1 to %(max)s visible ASCII characters, for example a UUID.")
                    % {"max": MAX_KEY_LENGTH}
                ]
            }
        )
    return key


def _request_hash(request: Request) -> str:
    payload = json.dumps(
        {"path": request.path, "body": request.data},
        sort_keys=True,
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _fernet() -> Fernet:
    key = hashlib.sha256(f"balie.api.idempotency:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(body: Any) -> dict[str, str]:
    plain = json.dumps(body, cls=DjangoJSONEncoder).encode()
    return {"sealed": _fernet().encrypt(plain).decode()}


def _unseal(stored: Any) -> Any | None:
    """The stored answer, or None when it cannot be read (SECRET_KEY changed since)."""
    try:
        return json.loads(_fernet().decrypt(stored["sealed"].encode()))
    except (InvalidToken, KeyError, TypeError):
        return None


def _replay(record: IdempotencyRecord, body: Any) -> Response:
    return Response(
        body,
        status=record.response_status,
        headers={REPLAYED_HEADER: "true"},
    )


def _in_progress() -> Problem:
    return Problem(
        code="idempotency_in_progress",
        status_code=status.HTTP_409_CONFLICT,
        title=str(_("A request with this Idempotency-Key is still running.")),
        detail=str(_("Wait a moment, then retry with the same key.")),
        headers={"Retry-After": "1"},
    )


def _claim(
    *, municipality: Municipality, scope_name: str, key: str, request_hash: str
) -> IdempotencyRecord | Response:
    """The new in-progress record, or the answer to give instead of running again."""
    now = timezone.now()
    for _attempt in range(2):
        claimed = claim_idempotency_key(
            municipality=municipality, scope_name=scope_name, key=key, request_hash=request_hash
        )
        if claimed is not None:
            return claimed
        existing = IdempotencyRecord.objects.filter(
            municipality=municipality, scope=scope_name, key=key
        ).first()
        if existing is None:
            continue  # deleted by a failing first attempt in the meantime: claim it
        abandoned = existing.response_status == IN_PROGRESS and (
            existing.created_at <= now - STALE_IN_PROGRESS
        )
        if abandoned or existing.created_at <= now - RECORD_LIFETIME:
            existing.delete()
            continue
        if existing.request_hash != request_hash:
            raise Problem(
                code="idempotency_key_reused",
                status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
                title=str(_("This Idempotency-Key was used for another request.")),
                detail=str(_("Use a new key for every different request.")),
            )
        if existing.response_status == IN_PROGRESS:
            raise _in_progress()
        body = _unseal(existing.response_body)
        if body is None:
            existing.delete()  # unreadable: run the request again rather than guess
            continue
        return _replay(existing, body)
    raise _in_progress()


def run_idempotently(
    request: Request,
    *,
    municipality: Municipality,
    scope_name: str,
    operation: Callable[[], Response],
) -> Response:
    """Run ``operation`` once per Idempotency-Key; without the header, just run it.

    Call this after validating the input, so a malformed request leaves no record.
    """
    key = get_idempotency_key(request)
    if key is None:
        return operation()
    request_hash = _request_hash(request)
    with scope(municipality=municipality.pk):
        claimed = _claim(
            municipality=municipality, scope_name=scope_name, key=key, request_hash=request_hash
        )
        if isinstance(claimed, Response):
            return claimed
        try:
            response = operation()
        except BaseException:
            IdempotencyRecord.objects.filter(pk=claimed.pk).delete()
            raise
        if not status.is_success(response.status_code):
            IdempotencyRecord.objects.filter(pk=claimed.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=claimed.pk).update(
            response_status=response.status_code, response_body=_seal(response.data)
        )
        return response
