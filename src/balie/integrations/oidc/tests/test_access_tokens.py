# SPDX-License-Identifier: EUPL-1.2
"""Access tokens for the API: only the provider's, for Balie, for a citizen, not expired."""

import time

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from balie.integrations.devidp.keys import get_signing_key
from balie.integrations.oidc.identity import AccessTokenError, validate_access_token
from balie.integrations.oidc.tests.conftest import CLIENT_ID, ISSUER, offline_client, tokens_for


def _access_token(*, key: RSAKey | None = None, typ: str = "at+jwt", **changes: object) -> str:
    now = int(time.time())
    claims = {
        "iss": ISSUER,
        "sub": "citizen-1",
        "aud": [CLIENT_ID],
        "iat": now,
        "exp": now + 600,
        "vo_doelgroepcode": "BUR",
    }
    claims |= changes
    key = key or get_signing_key()
    return jwt.encode({"alg": "RS256", "kid": key.kid, "typ": typ}, claims, key)


def test_the_providers_citizen_access_token_is_accepted():
    claims = validate_access_token(client=offline_client(), access_token=_access_token())

    assert claims["sub"] == "citizen-1"


def test_the_development_providers_own_access_token_is_accepted():
    token = tokens_for("lotte")["access_token"]

    claims = validate_access_token(client=offline_client(), access_token=token)

    assert claims["sub"] == "d3c1a0e6-0000-4000-8000-000000000001"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (lambda: _access_token(aud=["another-application"]), "aud"),
        (lambda: _access_token(iss="https://elders.example/op"), "iss"),
        (lambda: _access_token(exp=int(time.time()) - 600), "expired"),
        (lambda: _access_token(vo_doelgroepcode="LB"), "citizen"),
        (lambda: _access_token(typ="JWT"), "not an access token"),
        (
            lambda: _access_token(key=RSAKey.generate_key(2048, parameters={"kid": "x"})),
            "not signed by the identity provider",
        ),
        (lambda: tokens_for("lotte")["id_token"], "not an access token"),
        (lambda: "not-a-token", "not signed by the identity provider"),
    ],
)
def test_other_tokens_are_refused(token, reason):
    with pytest.raises(AccessTokenError) as refused:
        validate_access_token(client=offline_client(), access_token=token())

    assert reason in refused.value.reason
