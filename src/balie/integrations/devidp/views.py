# SPDX-License-Identifier: EUPL-1.2
"""The development provider's endpoints, laid out like ACM/IDM's ``/op`` and ``/v1/...``.

For development and tests only: it trusts any redirect back to the host it runs on and
lets the person at the keyboard choose who they are. Authorization codes are signed,
short-lived and usable once; PKCE (S256) is required, as Balie always sends it.
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balie.integrations.devidp.issuing import MEANS, Fault, Grant, issue_tokens, read_access_token
from balie.integrations.devidp.keys import get_public_key_set
from balie.integrations.devidp.people import (
    CIVIL_SERVANT,
    PEOPLE,
    get_person,
    get_person_by_sub,
)
from balie.tenants.selectors import list_municipalities

CODE_SALT = "balie.devidp.code"
CODE_SECONDS = 120
AUTHORIZE_FIELDS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "login_hint",
)


def _enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every endpoint disappears unless DEV_IDP_ENABLED (the default only with DEBUG)."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.DEV_IDP_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _issuer(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("devidp:root")).rstrip("/")


def _absolute(request: HttpRequest, name: str) -> str:
    return request.build_absolute_uri(reverse(name))


@require_GET
@_enabled
def discovery(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "issuer": _issuer(request),
            "authorization_endpoint": _absolute(request, "devidp:authorize"),
            "token_endpoint": _absolute(request, "devidp:token"),
            "userinfo_endpoint": _absolute(request, "devidp:userinfo"),
            "jwks_uri": _absolute(request, "devidp:jwks"),
            "end_session_endpoint": _absolute(request, "devidp:logout"),
            "introspection_endpoint": _absolute(request, "devidp:introspect"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "rrn", "vo", *_role_scopes()],
            "claims_supported": [
                "sub",
                "given_name",
                "family_name",
                "rrn",
                "vo_id",
                "vo_doelgroepcode",
                "vo_orgcode",
                "vo_orgnaam",
                "vo_email",
                settings.OIDC_ROLE_CLAIM,
            ],
        }
    )


def _role_scopes() -> list[str]:
    known = {"openid", "profile", "rrn", "vo"}
    return [scope for scope in settings.OIDC_SCOPES.split() if scope not in known]


@require_GET
@_enabled
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(get_public_key_set())


def _refuse(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "devidp/message.html", {"message": message}, status=status)


def _check_authorize(request: HttpRequest, params: dict[str, str]) -> str:
    """An explanation of what is wrong with the request, or an empty string."""
    if not hmac.compare_digest(params.get("client_id", ""), settings.DEV_IDP_CLIENT_ID):
        return _("Unknown client_id.")
    redirect = urlsplit(params.get("redirect_uri", ""))
    if redirect.scheme not in ("http", "https") or redirect.netloc != request.get_host():
        return _("The redirect_uri must point back to this host.")
    if params.get("response_type") != "code":
        return _("Only response_type=code is supported.")
    if "openid" not in params.get("scope", "").split():
        return _("The scope must include openid.")
    if not params.get("state") or not params.get("nonce"):
        return _("State and nonce are required.")
    if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
        return _("PKCE with code_challenge_method=S256 is required.")
    return ""


@require_http_methods(["GET", "POST"])
@_enabled
def authorize(request: HttpRequest) -> HttpResponse:
    """Show the fictional people; a POST logs in as one and redirects with a code."""
    source = request.POST if request.method == "POST" else request.GET
    params = {name: source.get(name, "") for name in AUTHORIZE_FIELDS}
    problem = _check_authorize(request, params)
    if problem:
        return _refuse(request, problem)
    municipalities = list_municipalities()
    if request.method == "GET":
        return render(
            request,
            "devidp/authorize.html",
            {
                "params": params,
                "citizens": [p for p in PEOPLE if p.capacity != CIVIL_SERVANT],
                "civil_servants": [p for p in PEOPLE if p.capacity == CIVIL_SERVANT],
                "municipalities": municipalities,
                "faults": Fault.choices,
                "means": MEANS,
            },
        )
    if request.POST.get("cancel"):
        query = {"error": "access_denied", "state": params["state"]}
        return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")
    person = get_person(key=request.POST.get("person", ""))
    if person is None:
        return _refuse(request, _("Choose a person."))
    org = next((m for m in municipalities if m.nis_code == request.POST.get("org", "")), None)
    if person.capacity == CIVIL_SERVANT and org is None:
        return _refuse(request, _("Choose the municipality the civil servant works for."))
    fault = request.POST.get("fault", "")
    acr = request.POST.get("acr", "")
    code = signing.dumps(
        {
            "person": person.key,
            "scope": params["scope"],
            "nonce": params["nonce"],
            "org": org.nis_code if org and person.capacity == CIVIL_SERVANT else "",
            "org_name": org.name if org and person.capacity == CIVIL_SERVANT else "",
            "role": request.POST.get("role", "staff") if person.capacity == CIVIL_SERVANT else "",
            "fault": fault if fault in Fault.values else "",
            "acr": acr if acr in dict(MEANS) else "",
            "challenge": params["code_challenge"],
            "redirect_uri": params["redirect_uri"],
            "client_id": params["client_id"],
            "jti": secrets.token_urlsafe(12),
        },
        salt=CODE_SALT,
    )
    query = {"code": code, "state": params["state"]}
    return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")


def _client_authenticated(request: HttpRequest) -> bool:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    client_id, secret = request.POST.get("client_id", ""), request.POST.get("client_secret", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except ValueError:
            return False
        raw_id, _sep, raw_secret = decoded.partition(":")
        client_id, secret = unquote(raw_id), unquote(raw_secret)
    return hmac.compare_digest(client_id, settings.DEV_IDP_CLIENT_ID) and hmac.compare_digest(
        secret, settings.DEV_IDP_CLIENT_SECRET
    )


def _token_error(error: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error, "error_description": description}, status=status)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


@csrf_exempt
@require_POST
@_enabled
def token(request: HttpRequest) -> JsonResponse:
    if not _client_authenticated(request):
        return _token_error("invalid_client", "Client authentication failed.", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "Only authorization_code.")
    try:
        data = signing.loads(request.POST.get("code", ""), salt=CODE_SALT, max_age=CODE_SECONDS)
    except signing.BadSignature:
        return _token_error("invalid_grant", "The code is unknown or expired.")
    # A code works once: a replayed code is refused like an unknown one.
    if not cache.add(f"devidp:code:{data['jti']}", True, CODE_SECONDS * 2):
        return _token_error("invalid_grant", "The code was already used.")
    if data["redirect_uri"] != request.POST.get("redirect_uri"):
        return _token_error("invalid_grant", "redirect_uri does not match.")
    if not hmac.compare_digest(_s256(request.POST.get("code_verifier", "")), data["challenge"]):
        return _token_error("invalid_grant", "PKCE verification failed.")
    person = get_person(key=data["person"])
    if person is None:
        return _token_error("invalid_grant", "Unknown person.")
    grant = Grant(
        person=person,
        scope=data["scope"],
        nonce=data["nonce"],
        org_code=data["org"],
        org_name=data["org_name"],
        role=data["role"],
        fault=data["fault"],
        acr=data.get("acr", ""),
    )
    answer = issue_tokens(
        grant=grant, issuer=_issuer(request), client_id=data["client_id"], now=timezone.now()
    )
    response = JsonResponse(answer)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@_enabled
def userinfo(request: HttpRequest) -> JsonResponse:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    claims = read_access_token(token=header.removeprefix("Bearer ").strip())
    person = get_person_by_sub(sub=claims.get("sub", "") if claims else "")
    if claims is None or person is None:
        return JsonResponse({"error": "invalid_token"}, status=401)
    info = {"sub": person.sub, "given_name": person.given_name}
    info |= {"family_name": person.family_name, "vo_doelgroepcode": person.capacity}
    info.pop(str(claims.get("dev_missing_claim", "")), None)
    return JsonResponse(info)


@csrf_exempt
@require_POST
@_enabled
def introspect(request: HttpRequest) -> JsonResponse:
    """RFC 7662: whether an access token is active, for resource servers."""
    if not _client_authenticated(request):
        return _token_error("invalid_client", "Client authentication failed.", 401)
    claims = read_access_token(token=request.POST.get("token", ""))
    if claims is None or claims["exp"] <= timezone.now().timestamp():
        return JsonResponse({"active": False})
    return JsonResponse({"active": True, "token_type": "Bearer", **claims})


@require_GET
@_enabled
def logout(request: HttpRequest) -> HttpResponse:
    """RP-initiated logout: back to the client when it asks, on this same host."""
    target = request.GET.get("post_logout_redirect_uri", "")
    if target and urlsplit(target).netloc == request.get_host():
        state = request.GET.get("state", "")
        separator = "&" if "?" in target else "?"
        return HttpResponseRedirect(
            f"{target}{separator}{urlencode({'state': state})}" if state else target
        )
    return render(request, "devidp/message.html", {"message": _("You are logged out.")})


@require_GET
@_enabled
def root(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "devidp/message.html",
        {"message": _("Development identity provider. Log in through Balie's login button.")},
    )
