# SPDX-License-Identifier: EUPL-1.2
"""GET /api/v1/me/appointments/ with access tokens the certified provider issued to another
application (a Mijn Burgerprofiel widget), checked as JWT or by introspection."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import Client

from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.integrations.oidc.tests.certified.conftest import (
    API_JWT,
    API_OPAQUE,
    LONG_SECRET,
    CertifiedProvider,
    is_login_page,
)
from balie.integrations.oidc.tests.conftest import TEST_URLS, book
from balie.portal.tests.conftest import build_town

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]
URL = "/api/v1/me/appointments/"
WIDGET_CALLBACK = "http://widget.test/callback"


def widget_access_token(provider: CertifiedProvider, *, person: str, resource: str) -> str:
    """The widget's own code flow at the provider, for Balie's API as the resource."""
    browser = requests.Session()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    response = browser.get(
        f"{provider.issuer}/v1/auth",
        params={
            "client_id": "mbp-widget",
            "response_type": "code",
            "scope": "openid balie-api",
            "redirect_uri": WIDGET_CALLBACK,
            "code_challenge": challenge.decode(),
            "code_challenge_method": "S256",
            "resource": resource,
            "state": "widget-state",
            "nonce": "widget-nonce",
        },
        allow_redirects=False,
    )
    for _hop in range(10):
        if is_login_page(response):
            action = urljoin(response.url, response.text.split('action="')[1].split('"')[0])
            response = browser.post(
                action, data={"person": person, "acr": ""}, allow_redirects=False
            )
            continue
        assert response.is_redirect, response.text[:500]
        location = urljoin(response.url, response.headers["Location"])
        if location.startswith(WIDGET_CALLBACK):
            code = parse_qs(urlsplit(location).query)["code"][0]
            break
        response = browser.get(location, allow_redirects=False)
    else:
        raise AssertionError("the widget got no code")
    token = requests.post(
        f"{provider.issuer}/v1/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": WIDGET_CALLBACK,
            "code_verifier": verifier,
            "client_id": "mbp-widget",
            "client_secret": LONG_SECRET,
            "resource": resource,
        },
        timeout=5,
    )
    assert token.status_code == 200, token.text
    return str(token.json()["access_token"])


@pytest.fixture
def lottes_appointment():  # type: ignore[no-untyped-def]
    town = build_town(slug="noord")
    account = sign_in_citizen(identity=Identity(sub="lotte", capacity=CITIZEN))
    reservation = book(town, given_name="Lotte")
    link_appointment(account=account, reservation=reservation)
    return reservation


def _mode(acm, settings, mode: str) -> tuple[CertifiedProvider, str]:  # type: ignore[no-untyped-def]
    provider = acm()
    settings.OIDC_API_TOKEN_CHECK = mode
    resource = API_JWT if mode == "jwt" else API_OPAQUE
    settings.OIDC_API_AUDIENCES = [resource]
    return provider, resource


def _get(token: str):  # type: ignore[no-untyped-def]
    return Client(HTTP_ACCEPT_LANGUAGE="en").get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.parametrize("mode", ["jwt", "introspection"])
def test_a_citizens_token_lists_her_appointments(acm, settings, mode, lottes_appointment):
    provider, resource = _mode(acm, settings, mode)
    token = widget_access_token(provider, person="lotte", resource=resource)
    assert (token.count(".") == 2) == (mode == "jwt")

    response = _get(token)

    assert response.status_code == 200, response.content
    assert [a["reference"] for a in response.json()["upcoming"]] == [lottes_appointment.reference]


@pytest.mark.parametrize("mode", ["jwt", "introspection"])
@pytest.mark.parametrize(
    ("person", "reason"),
    [("ilse", "does not belong to a citizen"), ("anon", "vo_doelgroepcode")],
    ids=["civil-servant", "no-capacity"],
)
def test_defect_8_only_tokens_that_say_citizen_read_citizens_data(
    acm, settings, mode, person, reason, lottes_appointment
):
    provider, resource = _mode(acm, settings, mode)
    token = widget_access_token(provider, person=person, resource=resource)

    response = _get(token)

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert reason in response.json()["detail"]


def test_defect_8_an_introspection_refusal_is_not_called_unreachable(acm, settings):
    provider, resource = _mode(acm, settings, "introspection")
    token = widget_access_token(provider, person="lotte", resource=resource)
    settings.OIDC_CLIENT_SECRET = "not-the-registered-secret"

    response = _get(token)

    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "refused to check the token (HTTP 401)" in detail
    assert "cannot be reached" not in detail
