# SPDX-License-Identifier: EUPL-1.2
"""Citizens and civil servants log in at the certified provider; what the session keeps."""

import pytest
from django.contrib.sessions.models import Session
from django_scopes import scopes_disabled

from balie.integrations.oidc.models import CitizenAccount, MunicipalityLoginSettings
from balie.integrations.oidc.tests.certified.conftest import (
    ACR_HIGH,
    Browser,
)
from balie.integrations.oidc.tests.conftest import TEST_URLS
from balie.portal.tests.conftest import build_town, hold_first_time
from balie.tenants.models import Role, StaffMembership

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


def test_a_citizen_logs_in_and_lands_on_her_appointments(acm):
    browser = Browser(acm())

    page = browser.get("/auth/login/?capacity=BUR", person="lotte")

    assert page.status_code == 200
    assert "Logged in as Lotte" in page.content.decode()
    account = CitizenAccount.objects.get(sub="lotte")
    assert account.user.last_name == "Janssens"


def test_the_session_table_holds_neither_the_register_number_nor_the_id_token(acm):
    browser = Browser(acm())

    browser.get("/auth/login/?capacity=BUR", person="lotte")

    stored = [
        Session.objects.get(pk=key).get_decoded() for key in [browser.balie.session.session_key]
    ]
    text = repr(stored)
    assert "85031412302" not in text
    assert "eyJ" not in text, "no readable JWT (ID token) in the session"
    assert "•••••••2302" in text, "the masked number is kept to show which one the login had"


def test_defect_4_a_citizen_without_register_number_logs_in_and_the_form_asks_for_it(acm):
    town = build_town(slug="noord", requires_national_number=True)
    browser = Browser(acm())

    page = browser.get("/auth/login/?capacity=BUR", person="noor")

    assert page.status_code == 200 and "Logged in as Noor" in page.content.decode()
    hold_first_time(browser.balie, town)
    form = browser.balie.get("/noord/details/").content.decode()
    assert 'value="Noor"' in form
    assert 'name="national_number"' in form
    refused = browser.balie.post(
        "/noord/details/",
        {
            "given_name": "Noor",
            "family_name": "Claes",
            "email": "noor@example.org",
            "national_number": "12345678901",
        },
    )
    assert refused.status_code == 400, "a wrong number is refused with a message"
    booked = browser.balie.post(
        "/noord/details/",
        {
            "given_name": "Noor",
            "family_name": "Claes",
            "email": "noor@example.org",
            "national_number": "92.07.07-246.70",
        },
    )
    assert booked.status_code == 302


def test_defect_8_claims_missing_from_the_id_token_are_taken_from_userinfo(acm):
    browser = Browser(acm())

    page = browser.get("/auth/login/?capacity=BUR", person="wout")

    assert page.status_code == 200, page.content.decode()[:500]
    assert CitizenAccount.objects.get(sub="wout").user.first_name == "Wout"


def test_defect_7_one_role_value_for_two_organisations_with_a_dotted_kbo_number(acm):
    north = build_town(slug="noord")
    south = build_town(slug="zuid")
    MunicipalityLoginSettings.objects.create(
        municipality=north.municipality, acm_org_codes="OVO000123"
    )
    MunicipalityLoginSettings.objects.create(
        municipality=south.municipality, acm_org_codes="0207451227"
    )
    browser = Browser(acm())

    page = browser.get("/auth/login/?capacity=LB&next=/accounts/desk/", person="sam", acr=ACR_HIGH)

    assert page.status_code == 200, page.content.decode()[:500]
    with scopes_disabled():
        roles = {
            m.municipality.slug: m.role
            for m in StaffMembership.objects.filter(user__staff_identity__sub="sam")
        }
    assert roles == {"noord": Role.ADMIN, "zuid": Role.ADMIN}
