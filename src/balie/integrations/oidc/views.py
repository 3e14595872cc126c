# SPDX-License-Identifier: EUPL-1.2
"""Login, callback and logout through ACM/IDM, and the citizen's "My appointments" page.

The views adapt: Authlib runs the protocol, ``identity`` checks what came back, and
``services`` signs the person in. Every refusal renders one page with a clear reason.
"""

import base64
import json
import logging
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods

from balie.integrations.oidc.backends import BACKEND_PATH
from balie.integrations.oidc.embed import embeddable
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import (
    CITIZEN,
    CIVIL_SERVANT,
    LEEWAY_SECONDS,
    check_max_age,
    complete_claims,
    id_token_rules,
    read_identity,
    refusing_bad_tokens,
)
from balie.integrations.oidc.provider import get_client, get_public_key_set
from balie.integrations.oidc.selectors import (
    get_citizen_account,
    is_acm_login,
    list_citizen_appointments,
)
from balie.integrations.oidc.services import sign_in_citizen, sign_in_civil_servant
from balie.integrations.oidc.sessions import SESSION_ID_TOKEN, open_id_token, remember_login

logger = logging.getLogger(__name__)
SESSION_NEXT = "oidc_next"
SESSION_MAX_AGE = "oidc_max_age"
SESSION_LOGOUT = "oidc_logout"
_STATUS = {
    LoginErrorCode.NOT_CONFIGURED: 503,
    LoginErrorCode.PROVIDER_UNAVAILABLE: 503,
    LoginErrorCode.PROVIDER_TIMEOUT: 504,
    LoginErrorCode.NO_ROLE: 403,
    LoginErrorCode.UNSUPPORTED_CAPACITY: 403,
}
_ACR_VALUES = {CITIZEN: "OIDC_ACR_VALUES_CITIZEN", CIVIL_SERVANT: "OIDC_ACR_VALUES_CIVIL_SERVANT"}


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


def authorization_params(*, capacity: str, prompt: str) -> dict[str, str]:
    """What the login asks of ACM/IDM besides the protocol: targeted capacity, assurance,
    re-authentication for "not you?" (``prompt=login``) and a recent login for staff."""
    params: dict[str, str] = {}
    if capacity in (CITIZEN, CIVIL_SERVANT):
        # ACM/IDM's targeted login ("gericht aanmelden"): the capacity as base64 JSON.
        hint = json.dumps({"cap_hint": capacity}).encode()
        params["login_hint"] = base64.b64encode(hint).decode()
        if acr_values := getattr(settings, _ACR_VALUES[capacity]).strip():
            params["acr_values"] = acr_values
    if capacity == CIVIL_SERVANT and settings.OIDC_STAFF_MAX_AGE:
        params["max_age"] = str(int(settings.OIDC_STAFF_MAX_AGE))
    if prompt == "login":
        params["prompt"] = "login"
    return params


@require_GET
def login(request: HttpRequest) -> HttpResponse:
    """Redirect to the provider; ``capacity=LB`` asks for a civil servant login and
    ``prompt=login`` makes the provider ask who is there even when it remembers someone."""
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    extra = authorization_params(
        capacity=request.GET.get("capacity", ""), prompt=request.GET.get("prompt", "")
    )
    request.session[SESSION_MAX_AGE] = int(extra.get("max_age", 0))
    try:
        client = get_client()
        with refusing_bad_tokens():
            response: HttpResponse = client.authorize_redirect(
                request, request.build_absolute_uri(reverse("oidc:callback")), **extra
            )
            return response
    except LoginError as error:
        return _refused(request, error)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    target = request.session.get(SESSION_NEXT, "")
    max_age = int(request.session.pop(SESSION_MAX_AGE, 0) or 0)
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
        claims = complete_claims(client=client, token=token, claims=dict(token["userinfo"]))
        identity = read_identity(claims=claims)
        check_max_age(identity=identity, max_age=max_age)
        if identity.capacity == CITIZEN:
            user = sign_in_citizen(identity=identity).user
        else:
            user = sign_in_civil_servant(identity=identity)
    except LoginError as error:
        return _refused(request, error)
    auth_login(request, user, backend=BACKEND_PATH)
    remember_login(session=request.session, identity=identity, id_token=token["id_token"])
    if identity.capacity == CITIZEN:
        return redirect(target or reverse("oidc:my-appointments"))
    return redirect(target or settings.LOGIN_REDIRECT_URL)


def _landing(after: str) -> str:
    try:
        return reverse(after)
    except NoReverseMatch:
        return "/"


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest, after: str = "landing") -> HttpResponse:
    """GET asks for confirmation (no logout by a stray link); POST logs out everywhere.

    One view for every face: the portal, the desk (``accounts/logout/``) and the admin
    (``admin/logout/``), each passing the page to land on as ``after``. An ACM/IDM session
    also ends at the provider (RP-initiated logout with ``id_token_hint``, ``client_id``,
    ``post_logout_redirect_uri`` and ``state``): on a shared PC the next person must not
    find the previous one still logged in there.
    """
    if request.method == "GET":
        return render(request, "oidc/logout.html", {"action": request.path})
    landing = _landing(after)
    ended_at_provider = is_acm_login(request=request)
    id_token = open_id_token(request.session.get(SESSION_ID_TOKEN, ""))
    auth_logout(request)
    if not ended_at_provider:
        return HttpResponseRedirect(landing)
    try:
        client = get_client()
        with refusing_bad_tokens():
            endpoint = client.load_server_metadata().get("end_session_endpoint")
    except LoginError as error:
        logger.warning("OIDC logout: the provider's session could not be ended (%s)", error.code)
        endpoint = None
    if not endpoint:
        return render(request, "oidc/logged_out_here_only.html", {"landing": landing}, status=503)
    state = secrets.token_urlsafe(24)
    # The session was just flushed; the new one only remembers where to land afterwards.
    request.session[SESSION_LOGOUT] = {"state": state, "landing": landing}
    params = {
        "client_id": client.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("oidc:logged-out")),
        "state": state,
    }
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return HttpResponseRedirect(f"{endpoint}{separator}{urlencode(params)}")


@require_GET
def logged_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back after ending its session."""
    pending = request.session.pop(SESSION_LOGOUT, None) or {}
    if not pending or not secrets.compare_digest(
        str(pending.get("state", "")), request.GET.get("state", "")
    ):
        # Nobody is logged in here any more either way; just do not trust the target.
        return HttpResponseRedirect("/")
    return HttpResponseRedirect(pending.get("landing") or "/")


@require_GET
def public_keys(request: HttpRequest) -> JsonResponse:
    """Balie's public key set, for a provider that checks private_key_jwt assertions."""
    response = JsonResponse(get_public_key_set())
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@embeddable
def my_appointments(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path(), "capacity": CITIZEN})
        return redirect(f"{reverse('oidc:login')}?{query}")
    account = get_citizen_account(user=request.user)
    appointments = list_citizen_appointments(sub=account.sub) if account else []
    rows: list[dict[str, Any]] = [
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
