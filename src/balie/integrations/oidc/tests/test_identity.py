# SPDX-License-Identifier: EUPL-1.2
"""ID-token validation: tokens signed with the development provider's key, every refusal
with its own clear message."""

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from balie.integrations.devidp.issuing import Fault
from balie.integrations.devidp.keys import get_signing_key
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import (
    CITIZEN,
    CIVIL_SERVANT,
    normalise_org_code,
    read_identity,
    validate_id_token,
)
from balie.integrations.oidc.tests.conftest import offline_client, tokens_for


def test_a_valid_citizen_login_gives_name_and_national_number():
    token = tokens_for("lotte")

    identity = validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert identity.capacity == CITIZEN
    assert (identity.given_name, identity.family_name) == ("Lotte", "Janssens")
    assert identity.national_number == "85031412302"


def test_a_civil_servant_login_maps_the_role_claim_to_balie_roles():
    token = tokens_for("sam", org_code="24901", role="admin")

    identity = validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert identity.capacity == CIVIL_SERVANT
    assert identity.roles == (("admin", "24901"),)
    assert identity.national_number == ""


@pytest.mark.parametrize(
    ("fault", "code", "message"),
    [
        (Fault.WRONG_AUDIENCE, LoginErrorCode.WRONG_AUDIENCE, "issued for another application"),
        (Fault.WRONG_ISSUER, LoginErrorCode.WRONG_ISSUER, "does not trust"),
        (Fault.WRONG_NONCE, LoginErrorCode.NONCE_MISMATCH, "does not belong to this login"),
        (Fault.EXPIRED, LoginErrorCode.EXPIRED, "The login has expired"),
        (Fault.MISSING_CLAIM, LoginErrorCode.MISSING_CLAIM, "your family name"),
        (Fault.BAD_SIGNATURE, LoginErrorCode.INVALID_TOKEN, "could not be verified"),
    ],
)
def test_a_broken_id_token_is_refused_with_a_clear_message(fault, code, message):
    token = tokens_for("lotte", fault=fault)

    with pytest.raises(LoginError) as refused:
        validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert refused.value.code == code
    assert message in refused.value.detail


def test_a_civil_servant_without_organisation_is_refused():
    token = tokens_for("sam", org_code="24901", role="staff", fault=Fault.MISSING_CLAIM)

    with pytest.raises(LoginError) as refused:
        validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert refused.value.code == LoginErrorCode.MISSING_CLAIM
    assert "the organisation you work for" in refused.value.detail


def _resigned(token: dict, **changes: object) -> dict:
    """The same ID token with claims changed, signed again with the provider's key."""
    claims = dict(jwt.decode(token["id_token"], get_signing_key()).claims)
    for name, value in changes.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    key: RSAKey = get_signing_key()
    return {**token, "id_token": jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)}


def test_another_capacity_than_citizen_or_local_civil_servant_is_refused():
    token = _resigned(tokens_for("lotte"), vo_doelgroepcode="GID")

    with pytest.raises(LoginError) as refused:
        validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert refused.value.code == LoginErrorCode.UNSUPPORTED_CAPACITY
    assert "GID" in refused.value.detail


def test_a_token_without_audience_is_refused():
    token = _resigned(tokens_for("lotte"), aud=None)

    with pytest.raises(LoginError) as refused:
        validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert refused.value.code == LoginErrorCode.MISSING_CLAIM
    assert "the audience" in refused.value.detail


def test_an_audience_list_with_an_authorised_party_of_another_client_is_refused():
    token = _resigned(tokens_for("lotte"), aud=["balie-dev", "other"], azp="other")

    with pytest.raises(LoginError) as refused:
        validate_id_token(client=offline_client(), token=token, nonce="expected-nonce")

    assert refused.value.code == LoginErrorCode.WRONG_AUDIENCE


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("0207.451.227", "0207451227"),
        ("BE 0207 451 227", "0207451227"),
        ("207451227", "0207451227"),
        ("1012.345.678", "1012345678"),
        ("ovo000123", "OVO000123"),
        ("44021", "44021"),
    ],
)
def test_organisation_codes_are_normalised_before_matching(typed, normal):
    assert normalise_org_code(typed) == normal


def test_one_role_value_may_name_several_organisations(settings):
    settings.OIDC_ROLE_CLAIM = "balie_rol_3d"
    claims = {
        "sub": "sam",
        "vo_doelgroepcode": CIVIL_SERVANT,
        "vo_orgcode": "OVO000123",
        "balie_rol_3d": ["BalieLoketmedewerker:OVO000123, 0207.451.227", "BalieBeheerder"],
    }

    identity = read_identity(claims=claims)

    assert identity.roles == (
        ("staff", "OVO000123"),
        ("staff", "0207451227"),
        ("admin", "OVO000123"),
    )
