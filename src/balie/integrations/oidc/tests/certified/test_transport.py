# SPDX-License-Identifier: EUPL-1.2
"""How Balie talks to the provider: every client authentication method, and a timeout."""

import pytest
from django.test import Client

from balie.integrations.oidc.models import CitizenAccount
from balie.integrations.oidc.provider import get_client
from balie.integrations.oidc.tests.certified.conftest import Browser
from balie.integrations.oidc.tests.conftest import TEST_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


@pytest.mark.parametrize(
    "method", ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"]
)
def test_defect_6_each_client_authentication_method_logs_in(acm, method):
    browser = Browser(acm(method))

    page = browser.get("/auth/login/?capacity=BUR", person="lotte")

    assert page.status_code == 200, page.content.decode()[:800]
    assert CitizenAccount.objects.filter(sub="lotte").exists()


def test_the_basic_secret_is_form_encoded_so_percent_and_plus_survive(acm):
    provider = acm("client_secret_basic")
    assert "%" in provider.secrets["balie-basic"] and "+" in provider.secrets["balie-basic"]

    page = Browser(provider).get("/auth/login/?capacity=BUR", person="lotte")

    assert page.status_code == 200


def test_the_public_key_set_served_is_the_one_the_provider_trusts(acm):
    provider = acm("private_key_jwt")

    served = Client().get("/auth/jwks.json").json()

    assert served["keys"][0]["kid"] == provider.public_jwks["keys"][0]["kid"]
    assert served["keys"][0]["n"] == provider.public_jwks["keys"][0]["n"]
    assert "d" not in served["keys"][0], "never the private part"


def test_without_private_key_jwt_no_key_is_published(acm):
    acm("client_secret_post")

    assert Client().get("/auth/jwks.json").json() == {"keys": []}


def test_defect_2_a_provider_that_never_answers_gets_the_timeout_page(
    acm, settings, hanging_provider
):
    acm()
    settings.OIDC_DISCOVERY_URL = f"{hanging_provider}/.well-known/openid-configuration"
    settings.OIDC_HTTP_TIMEOUT = 1

    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/auth/login/?capacity=BUR")

    assert response.status_code == 504
    html = response.content.decode()
    assert 'data-problem="provider_timeout"' in html
    assert "did not answer in time" in html


def test_a_token_endpoint_that_never_answers_gets_the_timeout_page(
    acm, settings, hanging_provider
):
    browser = Browser(acm())
    settings.OIDC_HTTP_TIMEOUT = 1
    client = get_client()
    client.load_server_metadata()
    # Discovery answered; the code exchange goes to a token endpoint that never answers.
    client.server_metadata["token_endpoint"] = f"{hanging_provider}/v1/token"

    page = browser.get("/auth/login/?capacity=BUR", person="lotte")

    assert page.status_code == 504
    assert 'data-problem="provider_timeout"' in page.content.decode()
    assert "_auth_user_id" not in browser.balie.session


def test_logout_while_the_provider_does_not_answer_says_what_remains(
    acm, settings, hanging_provider
):
    browser = Browser(acm())
    browser.get("/auth/login/?capacity=BUR", person="lotte")
    settings.OIDC_DISCOVERY_URL = f"{hanging_provider}/.well-known/openid-configuration"
    settings.OIDC_HTTP_TIMEOUT = 1

    page = browser.balie.post("/auth/logout/")

    assert page.status_code == 503
    assert "you may still be logged in there" in page.content.decode()
    assert "_auth_user_id" not in browser.balie.session, "Balie's own session is gone"


def test_an_introspection_endpoint_that_never_answers_is_reported_as_such(
    acm, settings, hanging_provider
):
    acm()
    settings.OIDC_API_TOKEN_CHECK = "introspection"
    settings.OIDC_HTTP_TIMEOUT = 1
    client = get_client()
    client.load_server_metadata()
    client.server_metadata["introspection_endpoint"] = f"{hanging_provider}/v1/introspect"

    response = Client().get(
        "/api/v1/me/appointments/", HTTP_AUTHORIZATION="Bearer some-opaque-token"
    )

    assert response.status_code == 401
    assert "did not answer in time" in response.json()["detail"]
