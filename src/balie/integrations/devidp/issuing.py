# SPDX-License-Identifier: EUPL-1.2
"""Claims and tokens in ACM/IDM's shape, including deliberately broken ones for tests.

ACM/IDM answers the scopes ``openid profile rrn vo`` plus the application's role scope
with ``sub``, ``given_name``/``family_name``, ``rrn``, ``vo_doelgroepcode`` (BUR for a
citizen, LB for a local civil servant), ``vo_orgcode`` and ``<app>_rol_3d`` roles written
``Role:OrgCode``. A *fault* lets a developer (and the browser tests) see every refusal.
"""

import hashlib
import secrets
import uuid
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from balie.integrations.devidp.keys import get_signing_key
from balie.integrations.devidp.people import CIVIL_SERVANT, FictionalPerson

ID_TOKEN_SECONDS = 300
ACCESS_TOKEN_SECONDS = 3600
FOREIGN_ISSUER = "https://elders.example/op"
FOREIGN_AUDIENCE = "another-application"


class Fault(models.TextChoices):
    NONE = "", _("None: a valid login")
    EXPIRED = "expired", _("An expired ID token")
    WRONG_AUDIENCE = "wrong_audience", _("An ID token for another application")
    WRONG_ISSUER = "wrong_issuer", _("An ID token from another issuer")
    WRONG_NONCE = "wrong_nonce", _("An ID token with another nonce")
    MISSING_CLAIM = "missing_claim", _("A missing claim (family_name, or vo_orgcode for staff)")
    BAD_SIGNATURE = "bad_signature", _("An ID token signed with an unknown key")


@dataclass(frozen=True)
class Grant:
    """What the person chose on the provider's page, carried inside the code."""

    person: FictionalPerson
    scope: str
    nonce: str
    org_code: str = ""
    org_name: str = ""
    role: str = ""  # Balie's role name ("admin", "staff"), mapped back to an ACM role
    fault: str = Fault.NONE
    acr: str = ""  # the authentication means, as ACM/IDM names it


# ACM/IDM's means at each assurance level (the URNs of its documentation).
MEANS = [
    ("urn:be:vlaanderen:authmech:eid", _("eID card reader (high)")),
    ("urn:be:vlaanderen:authmech:csamtotp", _("Authenticator app (substantial)")),
    ("urn:be:vlaanderen:authmech:csampassword", _("User name and password (low)")),
]


def acm_role_name(*, balie_role: str) -> str:
    """The ACM role that Balie's OIDC_ROLE_MAP turns into ``balie_role``."""
    for pair in settings.OIDC_ROLE_MAP:
        acm_role, _sep, mapped = pair.partition("=")
        if mapped.strip() == balie_role:
            return acm_role.strip()
    return balie_role


def build_claims(*, grant: Grant) -> dict[str, Any]:
    """The identity claims the requested scopes allow, as ACM/IDM would send them."""
    person = grant.person
    scopes = set(grant.scope.split())
    claims: dict[str, Any] = {"sub": person.sub}
    if "profile" in scopes:
        claims |= {"given_name": person.given_name, "family_name": person.family_name}
    if "rrn" in scopes:
        claims["rrn"] = person.national_number
    if "vo" in scopes:
        claims |= {
            "vo_id": str(uuid.uuid5(uuid.NAMESPACE_URL, person.sub)),
            "vo_doelgroepcode": person.capacity,
        }
        if person.capacity == CIVIL_SERVANT:
            claims |= {
                "vo_orgcode": grant.org_code,
                "vo_orgnaam": grant.org_name,
                "vo_email": f"{person.email}:{grant.org_code}",
            }
    if person.capacity == CIVIL_SERVANT and grant.role:
        claims[settings.OIDC_ROLE_CLAIM] = [
            f"{acm_role_name(balie_role=grant.role)}:{grant.org_code}"
        ]
    return claims


def _sign(claims: dict[str, Any], *, key: RSAKey | None = None, typ: str = "JWT") -> str:
    key = key or get_signing_key()
    header = {"alg": "RS256", "kid": key.kid, "typ": typ}
    return jwt.encode(header, claims, key)


def _at_hash(access_token: str) -> str:
    digest = hashlib.sha256(access_token.encode()).digest()
    return urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def issue_tokens(*, grant: Grant, issuer: str, client_id: str, now: datetime) -> dict[str, Any]:
    """The token endpoint's answer: an access token and an ID token (faults applied)."""
    issued_at = int(now.timestamp())
    access_claims = {
        "iss": issuer,
        "sub": grant.person.sub,
        "aud": [client_id],
        "client_id": client_id,
        "scope": grant.scope,
        "iat": issued_at,
        "exp": issued_at + ACCESS_TOKEN_SECONDS,
        "jti": secrets.token_urlsafe(12),
        "vo_doelgroepcode": grant.person.capacity,
    }
    missing = "vo_orgcode" if grant.person.capacity == CIVIL_SERVANT else "family_name"
    if grant.fault == Fault.MISSING_CLAIM:
        # Userinfo must lack the claim too, or Balie would rightly take it from there.
        access_claims["dev_missing_claim"] = missing
    access_token = _sign(access_claims, typ="at+jwt")
    id_claims = {
        "iss": issuer,
        "aud": client_id,
        "iat": issued_at,
        "auth_time": issued_at,
        "acr": grant.acr or MEANS[0][0],
        "exp": issued_at + ID_TOKEN_SECONDS,
        "nonce": grant.nonce,
        "at_hash": _at_hash(access_token),
        **build_claims(grant=grant),
    }
    key = None
    if grant.fault == Fault.EXPIRED:
        id_claims |= {"iat": issued_at - 3600, "exp": issued_at - 1800}
    elif grant.fault == Fault.WRONG_AUDIENCE:
        id_claims["aud"] = FOREIGN_AUDIENCE
    elif grant.fault == Fault.WRONG_ISSUER:
        id_claims["iss"] = FOREIGN_ISSUER
    elif grant.fault == Fault.WRONG_NONCE:
        id_claims["nonce"] = secrets.token_urlsafe(16)
    elif grant.fault == Fault.MISSING_CLAIM:
        id_claims.pop(missing, None)
    elif grant.fault == Fault.BAD_SIGNATURE:
        key = RSAKey.generate_key(2048, parameters={"kid": "balie-dev-idp-1"}, private=True)
    return {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "scope": grant.scope,
        "id_token": _sign(id_claims, key=key),
    }


def read_access_token(*, token: str) -> dict[str, Any] | None:
    """The claims of an access token this provider signed, or None."""
    try:
        decoded = jwt.decode(token, get_signing_key(), algorithms=["RS256"])
    except (JoseError, ValueError):
        return None
    if decoded.header.get("typ") != "at+jwt":
        return None
    return dict(decoded.claims)
