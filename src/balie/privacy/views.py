# SPDX-License-Identifier: EUPL-1.2
"""A citizen's rights from "My appointments": download their data, remove the link."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from balie.audit.services import (
    Actor,
    ActorKind,
    AuditAction,
    get_request_address,
    record_event,
)
from balie.privacy.selectors import build_citizen_export
from balie.privacy.services import unlink_citizen_account


def _login_first(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('oidc:login')}?next={reverse('oidc:my-appointments')}")


@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login_first(request)
    export = build_citizen_export(user=request.user)
    if export is None:
        return render(request, "privacy/not_a_citizen.html", status=403)
    actor = Actor(kind=ActorKind.CITIZEN, label="citizen", address=get_request_address(request))
    # One export spans municipalities: it goes to the platform's chain.
    record_event(
        action=AuditAction.DATA_EXPORTED,
        actor=actor,
        municipality_id=None,
        target_type="citizen_account",
        detail={"appointments": len(export["appointments"])},
    )
    response = HttpResponse(
        json.dumps(export, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="balie-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def remove_account_link(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return _login_first(request)
    if build_citizen_export(user=request.user) is None:
        return render(request, "privacy/not_a_citizen.html", status=403)
    if request.method == "POST":
        unlink_citizen_account(user=request.user, address=get_request_address(request))
        logout(request)
        messages.success(request, _("Balie no longer links your appointments to your login."))
        return redirect("landing")
    return render(request, "privacy/remove_account_link.html")
