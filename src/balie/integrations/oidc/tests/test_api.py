# SPDX-License-Identifier: EUPL-1.2
"""GET /api/v1/me/appointments/: a citizen's own appointments only, other tokens refused."""

import pytest
from django.test import Client

from balie.integrations.oidc import api
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.integrations.oidc.tests.conftest import TEST_URLS, book, offline_client, tokens_for
from balie.portal.tests.conftest import build_town
from balie.tenants.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]
URL = "/api/v1/me/appointments/"
LOTTE_SUB = "d3c1a0e6-0000-4000-8000-000000000001"
AHMED_SUB = "d3c1a0e6-0000-4000-8000-000000000002"


@pytest.fixture(autouse=True)
def provider_without_network(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(api, "get_client", offline_client)


@pytest.fixture
def appointments():  # type: ignore[no-untyped-def]
    """Lotte has one appointment in each of two towns; Ahmed has one in the first."""
    north, south = build_town(slug="noord"), build_town(slug="zuid")
    lotte = sign_in_citizen(identity=Identity(sub=LOTTE_SUB, capacity=CITIZEN))
    ahmed = sign_in_citizen(identity=Identity(sub=AHMED_SUB, capacity=CITIZEN))
    hers = [book(north, given_name="Lotte"), book(south, given_name="Lotte", days=2)]
    for reservation in hers:
        link_appointment(account=lotte, reservation=reservation)
    his = book(north, given_name="Ahmed")
    link_appointment(account=ahmed, reservation=his)
    return {"lotte": hers, "ahmed": [his], "lotte_account": lotte}


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_citizen_token_lists_only_that_citizens_appointments_in_every_town(appointments, dutch):
    token = tokens_for("lotte")["access_token"]

    response = Client().get(URL, **_bearer(token))

    assert response.status_code == 200
    body = response.json()
    assert [item["reference"] for item in body["upcoming"]] == [
        r.reference for r in appointments["lotte"]
    ]
    assert body["past"] == []
    first = body["upcoming"][0]
    assert first["municipality"]["slug"] == "noord"
    assert first["products"] == [{"title": "Elektronische identiteitskaart", "quantity": 1}]
    assert first["links"]["manage"].endswith(f"/noord/appointments/{first['reference']}/")


def test_the_municipality_filter_keeps_one_town(appointments):
    token = tokens_for("lotte")["access_token"]

    response = Client().get(URL, {"municipality": "zuid"}, **_bearer(token))

    assert [item["municipality"]["slug"] for item in response.json()["upcoming"]] == ["zuid"]


def test_another_citizens_token_sees_only_their_own(appointments):
    token = tokens_for("ahmed")["access_token"]

    response = Client().get(URL, **_bearer(token))

    assert [item["reference"] for item in response.json()["upcoming"]] == [
        appointments["ahmed"][0].reference
    ]


@pytest.mark.parametrize(
    "token",
    [
        lambda: tokens_for("lotte")["id_token"],
        lambda: tokens_for("sam", org_code="11001", role="staff")["access_token"],
        lambda: tokens_for("lotte", issuer="https://elders.example/op")["access_token"],
        lambda: "garbage",
    ],
    ids=["id-token", "civil-servant", "other-issuer", "garbage"],
)
def test_other_tokens_are_refused_with_a_problem(appointments, token):
    response = Client().get(URL, **_bearer(token()))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_without_credentials_the_answer_is_401_problem():
    response = Client().get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_session_of_a_logged_in_citizen_works_too(appointments):
    client = Client()
    client.force_login(appointments["lotte_account"].user)

    response = client.get(URL)

    assert len(response.json()["upcoming"]) == 2


def test_a_staff_session_is_not_a_citizen():
    client = Client()
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"
