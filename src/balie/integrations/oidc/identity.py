# SPDX-License-Identifier: EUPL-1.2
"""Turn what the provider sent into an Identity, or refuse it with a clear reason.

Authlib and joserfc check signatures and the registered claims; the rules here add what
ACM/IDM logins must carry and translate every library error into a LoginError whose
message a citizen or clerk can understand.
"""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from joserfc import jwt
from joserfc.errors import (
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from balie.integrations.oidc.assurance import level_for_acr
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode

CITIZEN = "BUR"
CIVIL_SERVANT = "LB"
# Clocks drift a little between ACM/IDM and us; far less than Authlib's default two minutes.
LEEWAY_SECONDS = 30
_JWKS_REFRESH_KEY = "oidc:jwks-refresh"
_CLAIM_ERRORS = {
    "iss": LoginErrorCode.WRONG_ISSUER,
    "aud": LoginErrorCode.WRONG_AUDIENCE,
    "azp": LoginErrorCode.WRONG_AUDIENCE,
    "nonce": LoginErrorCode.NONCE_MISMATCH,
    "exp": LoginErrorCode.EXPIRED,
}


@dataclass(frozen=True)
class Identity:
    sub: str
    capacity: str  # vo_doelgroepcode: BUR or LB
    given_name: str = ""
    family_name: str = ""
    national_number: str = ""
    org_code: str = ""
    roles: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (Balie role, org code)
    acr: str = ""
    auth_time: int | None = None

    @property
    def assurance_level(self) -> str:
        return level_for_acr(self.acr)


def id_token_rules(*, issuer: str, client_id: str) -> dict[str, Any]:
    """Claim options for Authlib: our issuer, our client id as audience, all essential."""
    return {
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [client_id]},
        "sub": {"essential": True},
        "exp": {"essential": True},
        "iat": {"essential": True},
    }


@contextmanager
def refusing_bad_tokens() -> Iterator[None]:
    """Translate Authlib, joserfc and network errors into LoginErrors."""
    try:
        yield
    except MismatchingStateError as error:
        raise LoginError(LoginErrorCode.STATE_MISMATCH) from error
    except OAuthError as error:
        raise LoginError(LoginErrorCode.PROVIDER_REFUSED) from error
    except ExpiredTokenError as error:
        raise LoginError(LoginErrorCode.EXPIRED) from error
    except MissingClaimError as error:
        raise LoginError(LoginErrorCode.MISSING_CLAIM, claim=error.claim) from error
    except InvalidClaimError as error:
        code = _CLAIM_ERRORS.get(error.claim, LoginErrorCode.INVALID_TOKEN)
        raise LoginError(code) from error
    except (JoseError, ValueError) as error:
        raise LoginError(LoginErrorCode.INVALID_TOKEN) from error
    except requests.Timeout as error:
        raise LoginError(LoginErrorCode.PROVIDER_TIMEOUT) from error
    except requests.RequestException as error:
        raise LoginError(LoginErrorCode.PROVIDER_UNAVAILABLE) from error


# Enterprise numbers have ten digits starting with 0 or 1; old ones are written with nine.
_KBO = re.compile(r"^(?:BE)?([01]\d{9}|\d{9})$")
_OVO = re.compile(r"^OVO(\d{6})$")


def normalise_org_code(code: str) -> str:
    """One spelling per organisation: KBO ``0207.451.227`` and ``BE 207451227`` are
    ``0207451227``, ``ovo000123`` is ``OVO000123``; NIS codes and the rest stay as given."""
    compact = re.sub(r"[\s.\-/]", "", code).upper()
    if match := _KBO.match(compact):
        return match.group(1).rjust(10, "0")
    if match := _OVO.match(compact):
        return f"OVO{match.group(1)}"
    return code.strip()


def _parse_roles(claims: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """ACM roles ``Role:OrgCode`` mapped through OIDC_ROLE_MAP; unknown roles are ignored.

    One value may grant the role for several organisations (``Role:OVO000123;0207451227``,
    commas, semicolons or spaces between the codes); each becomes a (role, code) pair.
    """
    mapping = {}
    for pair in settings.OIDC_ROLE_MAP:
        acm_role, _sep, balie_role = pair.partition("=")
        mapping[acm_role.strip()] = balie_role.strip()
    raw = claims.get(settings.OIDC_ROLE_CLAIM) or []
    values = [raw] if isinstance(raw, str) else list(raw)
    own_org = normalise_org_code(str(claims.get("vo_orgcode", "")))
    roles = []
    for value in values:
        name, _sep, orgs = str(value).partition(":")
        if name.strip() not in mapping:
            continue
        codes = [normalise_org_code(code) for code in re.split(r"[,;\s]+", orgs) if code]
        for code in codes or [own_org]:
            roles.append((mapping[name.strip()], code))
    return tuple(dict.fromkeys(roles))


def read_identity(*, claims: dict[str, Any]) -> Identity:
    """Check the ACM/IDM claims a login must carry; refuse other capacities.

    A citizen's national register number is optional: ACM/IDM sends none for means not
    linked to one, and only with the ``rrn`` scope. Where a municipality needs the number,
    its booking form asks for it.
    """
    for name in ("sub", "vo_doelgroepcode"):
        if not claims.get(name):
            raise LoginError(LoginErrorCode.MISSING_CLAIM, claim=name)
    capacity = str(claims["vo_doelgroepcode"])
    required = {CITIZEN: ("given_name", "family_name"), CIVIL_SERVANT: ("vo_orgcode",)}
    if capacity not in required:
        raise LoginError(LoginErrorCode.UNSUPPORTED_CAPACITY, capacity=capacity)
    for name in required[capacity]:
        if not claims.get(name):
            raise LoginError(LoginErrorCode.MISSING_CLAIM, claim=name)
    return Identity(
        sub=str(claims["sub"]),
        capacity=capacity,
        given_name=str(claims.get("given_name", "")),
        family_name=str(claims.get("family_name", "")),
        national_number=str(claims.get("rrn", "")) if capacity == CITIZEN else "",
        org_code=normalise_org_code(str(claims.get("vo_orgcode", ""))),
        roles=_parse_roles(claims) if capacity == CIVIL_SERVANT else (),
        acr=str(claims.get("acr", "")),
        auth_time=int(claims["auth_time"]) if isinstance(claims.get("auth_time"), int) else None,
    )


def _wanted_claims(claims: dict[str, Any]) -> list[str]:
    """The claims a login of this capacity uses; all of them while the capacity is unknown."""
    citizen = ["given_name", "family_name"]
    if "rrn" in settings.OIDC_SCOPES.split():
        citizen.append("rrn")
    clerk = ["vo_orgcode", settings.OIDC_ROLE_CLAIM]
    by_capacity = {CITIZEN: citizen, CIVIL_SERVANT: clerk}
    capacity = str(claims.get("vo_doelgroepcode", ""))
    return ["vo_doelgroepcode", *by_capacity.get(capacity, citizen + clerk)]


def complete_claims(*, client, token: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The ID token's claims, with those it lacks taken from the userinfo endpoint.

    Providers may keep profile claims out of the ID token of a code flow (OIDC Core §5.4);
    userinfo is asked only then, and only an answer about the same ``sub`` is used.
    """
    if all(name in claims for name in _wanted_claims(claims)) or not settings.OIDC_USE_USERINFO:
        return claims
    metadata = client.load_server_metadata()
    if not metadata.get("userinfo_endpoint") or not token.get("access_token"):
        return claims
    with refusing_bad_tokens():
        answer = dict(client.userinfo(token=token))
    if str(answer.get("sub")) != str(claims.get("sub")):
        raise LoginError(LoginErrorCode.INVALID_TOKEN)
    wanted = set(_wanted_claims({**answer, **claims}))
    return {**{name: value for name, value in answer.items() if name in wanted}, **claims}


def check_max_age(*, identity: Identity, max_age: int, now: float | None = None) -> None:
    """Refuse a login whose authentication is older than the ``max_age`` that was asked."""
    if not max_age:
        return
    if identity.auth_time is None:
        raise LoginError(LoginErrorCode.MISSING_CLAIM, claim="auth_time")
    if (now or time.time()) - identity.auth_time > max_age + LEEWAY_SECONDS:
        raise LoginError(LoginErrorCode.STALE_AUTHENTICATION)


def validate_id_token(*, client, token: dict[str, Any], nonce: str) -> Identity:  # type: ignore[no-untyped-def]
    """The identity in a token response's ID token, after every check the callback makes."""
    metadata = client.load_server_metadata()
    with refusing_bad_tokens():
        claims = client.parse_id_token(
            token,
            nonce=nonce,
            claims_options=id_token_rules(issuer=metadata["issuer"], client_id=client.client_id),
            leeway=LEEWAY_SECONDS,
        )
    return read_identity(claims=complete_claims(client=client, token=token, claims=dict(claims)))


# --- access tokens for the API ------------------------------------------------------------


class AccessTokenError(Exception):
    """An access token that must not be accepted; ``reason`` is safe to show the caller."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _api_audiences() -> list[str]:
    return list(settings.OIDC_API_AUDIENCES) or [settings.OIDC_CLIENT_ID]


def _decode_jwt_access_token(*, client, access_token: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    metadata = client.load_server_metadata()
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    try:
        try:
            decoded = jwt.decode(
                access_token, KeySet.import_key_set(client.fetch_jwk_set()), algorithms=algorithms
            )
        except InvalidKeyIdError:
            # The provider may have rotated its key; ask again, but at most once a minute
            # so that tokens with made-up key ids cannot make Balie hammer the provider.
            if not metadata.get("jwks_uri") or not cache.add(_JWKS_REFRESH_KEY, True, 60):
                raise
            decoded = jwt.decode(
                access_token,
                KeySet.import_key_set(client.fetch_jwk_set(force=True)),
                algorithms=algorithms,
            )
    except (JoseError, ValueError) as error:
        raise AccessTokenError(_("The token is not signed by the identity provider.")) from error
    # RFC 9068: an ID token (typ JWT) must not be replayed as an access token.
    if str(decoded.header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
        raise AccessTokenError(_("This is not an access token."))
    rules = JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": metadata["issuer"]},
        aud={"essential": True, "values": _api_audiences()},
        sub={"essential": True},
        exp={"essential": True},
    )
    try:
        rules.validate(decoded.claims)
    except ExpiredTokenError as error:
        raise AccessTokenError(_("The token has expired.")) from error
    except (InvalidClaimError, MissingClaimError) as error:
        raise AccessTokenError(
            _("The token's %(claim)s claim is not accepted.") % {"claim": error.claim}
        ) from error
    return dict(decoded.claims)


def _introspect_access_token(*, client, access_token: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from balie.integrations.oidc.provider import open_session

    metadata = client.load_server_metadata()
    endpoint = metadata.get("introspection_endpoint")
    if not endpoint:
        raise AccessTokenError(_("The identity provider offers no token introspection."))
    with open_session(client=client) as session:
        response = session.introspect_token(endpoint, token=access_token)
    if response.status_code != 200:
        # The provider answered, so it is reachable: it refused Balie's question (RFC 7662
        # §2.3), most often because Balie's client authentication is set up wrongly.
        raise AccessTokenError(
            _("The identity provider refused to check the token (HTTP %(status)s).")
            % {"status": response.status_code}
        )
    try:
        answer = response.json()
    except ValueError as error:
        raise AccessTokenError(
            _("The identity provider's answer about the token is not readable.")
        ) from error
    if not answer.get("active"):
        raise AccessTokenError(_("The token is not active."))
    if answer.get("iss") and answer["iss"] != metadata["issuer"]:
        raise AccessTokenError(
            _("The token's %(claim)s claim is not accepted.") % {"claim": "iss"}
        )
    audiences = answer.get("aud") or answer.get("client_id") or []
    audiences = [audiences] if isinstance(audiences, str) else list(audiences)
    if not set(audiences) & set(_api_audiences()):
        raise AccessTokenError(
            _("The token's %(claim)s claim is not accepted.") % {"claim": "aud"}
        )
    if not answer.get("sub"):
        raise AccessTokenError(
            _("The token's %(claim)s claim is not accepted.") % {"claim": "sub"}
        )
    return dict(answer)


def _claim_refused(claim: str) -> AccessTokenError:
    return AccessTokenError(_("The token's %(claim)s claim is not accepted.") % {"claim": claim})


def validate_access_token(*, client, access_token: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The claims of an access token from the configured provider, meant for Balie."""
    try:
        if settings.OIDC_API_TOKEN_CHECK == "introspection":
            claims = _introspect_access_token(client=client, access_token=access_token)
        else:
            claims = _decode_jwt_access_token(client=client, access_token=access_token)
    except requests.Timeout as error:
        raise AccessTokenError(_("The identity provider did not answer in time.")) from error
    except requests.RequestException as error:
        raise AccessTokenError(_("The identity provider cannot be reached.")) from error
    # Without the capacity nothing tells a citizen's token from a civil servant's, and a
    # clerk's token must never read citizens' appointments: absent is refused like LB.
    capacity = claims.get("vo_doelgroepcode")
    if not capacity:
        raise _claim_refused("vo_doelgroepcode")
    if capacity != CITIZEN:
        raise AccessTokenError(_("The token does not belong to a citizen login."))
    return claims
