# SPDX-License-Identifier: EUPL-1.2
"""Turn what the provider sent into an Identity, or refuse it with a clear reason.

Authlib and joserfc check signatures and the registered claims; the rules here add what
ACM/IDM logins must carry and translate every library error into a LoginError whose
message a citizen or clerk can understand.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

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


def id_token_rules(*, issuer: str, client_id: str) -> dict:
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
    except requests.RequestException as error:
        raise LoginError(LoginErrorCode.PROVIDER_UNAVAILABLE) from error


def _parse_roles(claims: dict) -> tuple[tuple[str, str], ...]:
    """ACM roles ``Role:OrgCode`` mapped through OIDC_ROLE_MAP; unknown roles are ignored."""
    mapping = {}
    for pair in settings.OIDC_ROLE_MAP:
        acm_role, _sep, balie_role = pair.partition("=")
        mapping[acm_role.strip()] = balie_role.strip()
    raw = claims.get(settings.OIDC_ROLE_CLAIM) or []
    values = [raw] if isinstance(raw, str) else list(raw)
    roles = []
    for value in values:
        name, _sep, org = str(value).partition(":")
        if name in mapping:
            roles.append((mapping[name], org or str(claims.get("vo_orgcode", ""))))
    return tuple(roles)


def read_identity(*, claims: dict) -> Identity:
    """Check the ACM/IDM claims a login must carry; refuse other capacities."""
    for name in ("sub", "vo_doelgroepcode"):
        if not claims.get(name):
            raise LoginError(LoginErrorCode.MISSING_CLAIM, claim=name)
    capacity = str(claims["vo_doelgroepcode"])
    required = {CITIZEN: ("given_name", "family_name", "rrn"), CIVIL_SERVANT: ("vo_orgcode",)}
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
        org_code=str(claims.get("vo_orgcode", "")),
        roles=_parse_roles(claims) if capacity == CIVIL_SERVANT else (),
    )


def validate_id_token(*, client, token: dict, nonce: str) -> Identity:  # type: ignore[no-untyped-def]
    """The identity in a token response's ID token, after every check the callback makes."""
    metadata = client.load_server_metadata()
    with refusing_bad_tokens():
        claims = client.parse_id_token(
            token,
            nonce=nonce,
            claims_options=id_token_rules(issuer=metadata["issuer"], client_id=client.client_id),
            leeway=LEEWAY_SECONDS,
        )
    return read_identity(claims=dict(claims))


# --- access tokens for the API ------------------------------------------------------------


class AccessTokenError(Exception):
    """An access token that must not be accepted; ``reason`` is safe to show the caller."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _api_audiences() -> list[str]:
    return list(settings.OIDC_API_AUDIENCES) or [settings.OIDC_CLIENT_ID]


def _decode_jwt_access_token(*, client, access_token: str) -> dict:  # type: ignore[no-untyped-def]
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


def _introspect_access_token(*, client, access_token: str) -> dict:  # type: ignore[no-untyped-def]
    from authlib.integrations.requests_client import OAuth2Session

    metadata = client.load_server_metadata()
    endpoint = metadata.get("introspection_endpoint")
    if not endpoint:
        raise AccessTokenError(_("The identity provider offers no token introspection."))
    session = OAuth2Session(
        client.client_id,
        client.client_secret,
        token_endpoint_auth_method=settings.OIDC_TOKEN_AUTH_METHOD,
    )
    with session:
        response = session.introspect_token(
            endpoint, token=access_token, timeout=settings.OIDC_HTTP_TIMEOUT
        )
    response.raise_for_status()
    answer = response.json()
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


def validate_access_token(*, client, access_token: str) -> dict:  # type: ignore[no-untyped-def]
    """The claims of an access token from the configured provider, meant for Balie."""
    try:
        if settings.OIDC_API_TOKEN_CHECK == "introspection":
            claims = _introspect_access_token(client=client, access_token=access_token)
        else:
            claims = _decode_jwt_access_token(client=client, access_token=access_token)
    except requests.RequestException as error:
        raise AccessTokenError(_("The identity provider cannot be reached.")) from error
    capacity = claims.get("vo_doelgroepcode")
    if capacity and capacity != CITIZEN:
        raise AccessTokenError(_("The token does not belong to a citizen login."))
    return claims
