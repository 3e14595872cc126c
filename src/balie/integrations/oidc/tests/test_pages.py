# SPDX-License-Identifier: EUPL-1.2
"""My appointments, embed mode's headers, and refusals that need no provider."""

import pytest
from django.test import Client

from balie.integrations.oidc import views
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.integrations.oidc.tests.conftest import TEST_URLS, book, offline_client
from balie.portal.tests.conftest import build_town

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


@pytest.fixture
def lotte_client():  # type: ignore[no-untyped-def]
    town = build_town(slug="noord")
    lotte = sign_in_citizen(identity=Identity(sub="sub-lotte", capacity=CITIZEN))
    other = sign_in_citizen(identity=Identity(sub="sub-other", capacity=CITIZEN))
    link_appointment(account=lotte, reservation=book(town, given_name="Lotte"))
    link_appointment(account=other, reservation=book(town, given_name="Other"))
    client = Client()
    client.force_login(lotte.user)
    return client


def test_my_appointments_shows_only_the_logged_in_citizens(lotte_client):
    response = lotte_client.get("/my/appointments/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-reference="BAL-') == 1
    assert "Other" not in html


def test_my_appointments_asks_an_anonymous_visitor_to_log_in():
    response = Client().get("/my/appointments/")

    assert response.status_code == 302
    assert response["Location"].startswith("/auth/login/?next=%2Fmy%2Fappointments%2F")


def test_embed_mode_allows_framing_by_the_configured_hosts_only(lotte_client, settings):
    settings.EMBED_FRAME_ANCESTORS = [
        "https://*.burgerprofiel.be",
        "https://gemeente.example",
        "https://evil.example; script-src *",
        "javascript:alert(1)",
    ]

    response = lotte_client.get("/my/appointments/?embed=1")

    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert (
        "frame-ancestors 'self' https://*.burgerprofiel.be https://gemeente.example" in directives
    )
    assert "evil.example" not in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_embed_mode_stays_on_for_the_session_until_switched_off(lotte_client):
    lotte_client.get("/my/appointments/?embed=1")

    kept = lotte_client.get("/my/appointments/")
    switched_off = lotte_client.get("/my/appointments/?embed=0")

    assert "frame-ancestors 'self' https://" in kept["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in switched_off["Content-Security-Policy"]
    assert switched_off["X-Frame-Options"] == "DENY"


def test_outside_embed_mode_pages_cannot_be_framed(lotte_client):
    response = lotte_client.get("/my/appointments/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_a_callback_nobody_started_is_refused_clearly(monkeypatch):
    monkeypatch.setattr(views, "get_client", offline_client)

    response = Client().get("/auth/callback/", {"code": "abc", "state": "forged"})

    assert response.status_code == 400
    assert "This login was not started here" in response.content.decode()


def test_without_configuration_login_says_so(settings):
    settings.OIDC_DISCOVERY_URL = ""

    response = Client().get("/auth/login/")

    assert response.status_code == 503
    assert "not set up on this server" in response.content.decode()


def test_the_development_provider_is_absent_unless_enabled(settings):
    settings.DEV_IDP_ENABLED = False

    response = Client().get("/dev-idp/.well-known/openid-configuration")

    assert response.status_code == 404
