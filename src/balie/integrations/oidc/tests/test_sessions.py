# SPDX-License-Identifier: EUPL-1.2
"""What a login leaves in the session, assurance levels, and staff's recent-login rule."""

import time

import pytest

from balie.integrations.oidc.assurance import level_for_acr, meets
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import CIVIL_SERVANT, Identity, check_max_age
from balie.integrations.oidc.sessions import open_id_token, seal_id_token

ID_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb3R0ZSIsInJybiI6Ijg1MDMxNDEyMzAyIn0.c2ln"


def test_the_sealed_id_token_reads_back_and_shows_nothing_of_itself():
    sealed = seal_id_token(ID_TOKEN)

    assert ID_TOKEN not in sealed and "eyJ" not in sealed
    assert open_id_token(sealed) == ID_TOKEN


def test_a_token_sealed_under_another_secret_key_is_simply_gone(settings):
    sealed = seal_id_token(ID_TOKEN)
    settings.SECRET_KEY = "rotated-secret-key"

    assert open_id_token(sealed) == ""
    assert open_id_token("not-sealed-at-all") == ""


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        ("urn:be:vlaanderen:authmech:eid", "high"),
        ("urn:be:vlaanderen:authmech:csamtotp", "substantial"),
        ("urn:be:vlaanderen:authmech:csampassword", "low"),
        ("something-unknown", ""),
        ("", ""),
    ],
)
def test_acr_values_map_onto_assurance_levels(acr, level):
    assert level_for_acr(acr) == level


def test_an_unknown_level_never_meets_any_bar():
    assert meets(level="substantial", minimum="substantial")
    assert meets(level="high", minimum="substantial")
    assert not meets(level="low", minimum="substantial")
    assert not meets(level="", minimum="low")


def _clerk(auth_time: int | None) -> Identity:
    return Identity(sub="sam", capacity=CIVIL_SERVANT, auth_time=auth_time)


def test_a_staff_login_older_than_max_age_is_refused():
    now = time.time()

    check_max_age(identity=_clerk(int(now) - 60), max_age=3600, now=now)
    with pytest.raises(LoginError) as stale:
        check_max_age(identity=_clerk(int(now) - 7200), max_age=3600, now=now)
    with pytest.raises(LoginError) as missing:
        check_max_age(identity=_clerk(None), max_age=3600, now=now)

    assert stale.value.code == LoginErrorCode.STALE_AUTHENTICATION
    assert missing.value.code == LoginErrorCode.MISSING_CLAIM
