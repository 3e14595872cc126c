# SPDX-License-Identifier: EUPL-1.2
"""A citizen's rights from "My appointments": download what Balie holds, remove the link."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_scopes import scopes_disabled

from balie.audit.models import AuditAction, AuditEvent
from balie.booking.models import Reservation
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.models import CitizenAccount
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.integrations.oidc.tests.conftest import book
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def lotte():  # type: ignore[no-untyped-def]
    town = build_town(slug="noord")
    lotte = sign_in_citizen(identity=Identity(sub="sub-lotte", capacity=CITIZEN))
    other = sign_in_citizen(identity=Identity(sub="sub-other", capacity=CITIZEN))
    mine = book(town, given_name="Lotte", national_number="85073003328")
    link_appointment(account=lotte, reservation=mine)
    link_appointment(account=other, reservation=book(town, given_name="Other"))
    client = Client()
    client.force_login(lotte.user)
    return client, lotte, mine


def test_my_appointments_links_to_both_rights(lotte):
    client, _account, _mine = lotte

    html = client.get("/my/appointments/").content.decode()

    assert 'href="/my/data.json"' in html and 'href="/my/remove-link/"' in html


def test_a_citizen_downloads_everything_balie_holds_about_them_and_nothing_else(lotte):
    client, _account, mine = lotte

    response = client.get("/my/data.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["government_login_subject"] == "sub-lotte"
    assert [row["reference"] for row in data["appointments"]] == [mine.reference]
    assert data["appointments"][0]["given_name"] == "Lotte"
    assert "85073003328" not in response.content.decode()
    assert "Other" not in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.DATA_EXPORTED).exists()


def test_a_citizen_removes_the_link_with_their_login(lotte):
    client, account, mine = lotte

    confirm = client.get("/my/remove-link/")
    done = client.post("/my/remove-link/")

    assert confirm.status_code == 200
    assert done.status_code == 302
    assert not CitizenAccount.objects.filter(pk=account.pk).exists()
    assert not User.objects.filter(pk=account.user_id).exists()
    # The appointment stays for the municipality, until retention erases it
    with scopes_disabled():
        assert Reservation.objects.filter(pk=mine.pk).exists()
    assert client.get("/my/data.json").status_code == 302
    unlinked = AuditEvent.objects.get(action=AuditAction.ACCOUNT_UNLINKED)
    assert unlinked.municipality_id == mine.municipality_id


def test_anonymous_visitors_are_asked_to_log_in():
    assert Client().get("/my/data.json").status_code == 302
