# SPDX-License-Identifier: EUPL-1.2
"""Login, callback and logout through ACM/IDM, and the citizen's "My appointments" page.

The views adapt: Authlib runs the protocol, ``identity`` checks what came back, and
``services`` signs the person in. Every refusal renders one page with a clear reason.
"""

import base64
import json
import logging

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods

from balie.integrations.oidc.backends import BACKEND_PATH
from balie.integrations.oidc.embed import embeddable
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import (
    CITIZEN,
    CIVIL_SERVANT,
    LEEWAY_SECONDS,
    id_token_rules,
    read_identity,
    refusing_bad_tokens,
)
from balie.integrations.oidc.provider import get_client
from balie.integrations.oidc.selectors import (
    SESSION_CAPACITY,
    SESSION_ID_TOKEN,
    SESSION_PREFILL,
    get_citizen_account,
    list_citizen_appointments,
)
from balie.integrations.oidc.services import sign_in_citizen, sign_in_civil_servant

logger = logging.getLogger(__name__)
SESSION_NEXT = "oidc_next"
_STATUS = {
    LoginErrorCode.NOT_CONFIGURED: 503,
    LoginErrorCode.PROVIDER_UNAVAILABLE: 503,
    LoginErrorCode.NO_ROLE: 403,
    LoginErrorCode.UNSUPPORTED_CAPACITY: 403,
}


def _safe_next(request: HttpRequest, target: str) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _refused(request: HttpRequest, error: LoginError) -> HttpResponse:
    logger.info("OIDC login refused: %s", error.code)
    return render(
        request,
        "oidc/login_problem.html",
        {"title": error.title, "detail": error.detail, "code": error.code.value},
        status=_STATUS.get(error.code, 400),
    )


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """Redirect to the provider; ``capacity=LB`` asks for a civil servant login."""
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    capacity = request.GET.get("capacity", "")
    extra = {}
    if capacity in (CITIZEN, CIVIL_SERVANT):
        # ACM/IDM's targeted login ("gericht aanmelden"): the capacity as base64 JSON.
        hint = json.dumps({"cap_hint": capacity}).encode()
        extra["login_hint"] = base64.b64encode(hint).decode()
    try:
        client = get_client()
        with refusing_bad_tokens():
            return client.authorize_redirect(
                request, request.build_absolute_uri(reverse("oidc:callback")), **extra
            )
    except LoginError as error:
        return _refused(request, error)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    target = request.session.get(SESSION_NEXT, "")
    try:
        client = get_client()
        with refusing_bad_tokens():
            metadata = client.load_server_metadata()
            token = client.authorize_access_token(
                request,
                claims_options=id_token_rules(
                    issuer=metadata["issuer"], client_id=client.client_id
                ),
                leeway=LEEWAY_SECONDS,
            )
        if not token.get("userinfo"):
            raise LoginError(LoginErrorCode.INVALID_TOKEN)
        identity = read_identity(claims=dict(token["userinfo"]))
        if identity.capacity == CITIZEN:
            user = sign_in_citizen(identity=identity).user
        else:
            user = sign_in_civil_servant(identity=identity)
    except LoginError as error:
        return _refused(request, error)
    auth_login(request, user, backend=BACKEND_PATH)
    request.session[SESSION_ID_TOKEN] = token["id_token"]
    request.session[SESSION_CAPACITY] = identity.capacity
    if identity.capacity == CITIZEN:
        # Kept server-side in the session only, to prefill the booking form; never shown.
        request.session[SESSION_PREFILL] = {
            "given_name": identity.given_name,
            "family_name": identity.family_name,
            "rrn": identity.national_number,
        }
        return redirect(target or reverse("oidc:my-appointments"))
    return redirect(target or settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation (no logout by a stray link); POST logs out everywhere."""
    if request.method == "GET":
        return render(request, "oidc/logout.html", {})
    id_token = request.session.get(SESSION_ID_TOKEN, "")
    auth_logout(request)
    home = request.build_absolute_uri("/")
    if not id_token:
        return HttpResponseRedirect(home)
    try:
        client = get_client()
        with refusing_bad_tokens():
            return client.logout_redirect(
                request, post_logout_redirect_uri=home, id_token_hint=id_token
            )
    except (LoginError, RuntimeError):
        # Without an end-session endpoint Balie's own session is still gone.
        return HttpResponseRedirect(home)


@require_GET
@embeddable
def my_appointments(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path(), "capacity": CITIZEN})
        return redirect(f"{reverse('oidc:login')}?{query}")
    account = get_citizen_account(user=request.user)
    appointments = list_citizen_appointments(sub=account.sub) if account else []
    rows = [
        {
            "appointment": appointment,
            "manage_url": reverse(
                "portal:appointment",
                args=[appointment.municipality.slug, appointment.reservation.reference],
            ),
        }
        for appointment in appointments
    ]
    return render(
        request,
        "oidc/my_appointments.html",
        {
            "is_citizen": account is not None,
            "upcoming": [row for row in rows if row["appointment"].upcoming],
            "past": [row for row in reversed(rows) if not row["appointment"].upcoming],
        },
        status=200 if account is not None else 403,
    )
