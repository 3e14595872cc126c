# SPDX-License-Identifier: EUPL-1.2
"""The SMS gateway's delivery reports: a signed callback, adapted to one service call."""

import json

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from balie.notifications import reminders, sms

SIGNATURE_HEADER = "X-Balie-Signature"
MAX_REPORT_BYTES = 4096


@csrf_exempt  # The gateway cannot hold a CSRF token; the HMAC signature authenticates it.
@require_POST
def sms_delivery_report(request: HttpRequest) -> HttpResponse:
    body = request.body[: MAX_REPORT_BYTES + 1]
    if len(body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    if not sms.delivery_report_is_authentic(
        body=body, signature=request.headers.get(SIGNATURE_HEADER, "")
    ):
        return HttpResponse(status=401)
    try:
        report = json.loads(body)
        provider_id = str(report["id"])
        delivered = report["status"] == "delivered"
        error = str(report.get("error", ""))
    except (ValueError, KeyError, TypeError):
        return HttpResponse(status=400)
    found = reminders.record_delivery_report(
        provider_id=provider_id, delivered=delivered, error=error
    )
    return HttpResponse(status=204 if found else 404)
