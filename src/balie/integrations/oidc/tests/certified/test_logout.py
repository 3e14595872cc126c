# SPDX-License-Identifier: EUPL-1.2
"""Logging out ends the provider's session too, from the portal, the desk and the admin."""

import pytest

from balie.integrations.oidc.selectors import SESSION_ID_TOKEN
from balie.integrations.oidc.tests.certified.conftest import ACR_HIGH, Browser, is_login_page
from balie.integrations.oidc.tests.conftest import TEST_URLS
from balie.portal.tests.conftest import build_town
from balie.tenants.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


@pytest.fixture
def town():  # type: ignore[no-untyped-def]
    from balie.integrations.oidc.models import MunicipalityLoginSettings

    town = build_town(slug="noord")
    MunicipalityLoginSettings.objects.create(
        municipality=town.municipality, acm_org_codes="OVO000123"
    )
    return town


def _admin_at_the_desk(acm) -> Browser:  # type: ignore[no-untyped-def]
    browser = Browser(acm())
    page = browser.get(
        "/auth/login/?capacity=LB&next=/noord/desk/overview/", person="sam", acr=ACR_HIGH
    )
    assert page.status_code == 200 and "/noord/desk/overview/" in browser.visited[-1]
    return browser


def test_defect_1_on_a_shared_pc_the_next_person_is_asked_who_they_are(acm, town):
    browser = _admin_at_the_desk(acm)

    landed = browser.post("/accounts/logout/")
    landed_at = browser.visited[-1]
    next_person = browser.get("/auth/login/?capacity=LB&next=/accounts/desk/")

    assert landed.status_code == 200 and landed_at.endswith("/accounts/login/")
    assert is_login_page(next_person), "the provider asks again instead of logging in the admin"
    assert browser.balie.get("/noord/desk/overview/").status_code == 302


def test_defect_3_logout_names_the_client_and_comes_back_with_its_state(acm, town):
    browser = _admin_at_the_desk(acm)

    browser.post("/accounts/logout/")

    logout = next(q for q in browser.provider_requests() if "post_logout_redirect_uri" in q)
    assert logout["client_id"] == ["balie-post"]
    assert logout["post_logout_redirect_uri"] == ["http://testserver/auth/logged-out/"]
    assert logout["id_token_hint"][0].count(".") == 2
    state = logout["state"][0]
    assert any(url.endswith(f"/auth/logged-out/?state={state}") for url in browser.visited)


def test_without_a_readable_id_token_client_id_still_ends_the_provider_session(acm, town):
    browser = _admin_at_the_desk(acm)
    session = browser.balie.session
    session[SESSION_ID_TOKEN] = "sealed-under-a-rotated-secret-key"
    session.save()

    browser.post("/accounts/logout/")

    logout = next(q for q in browser.provider_requests() if "post_logout_redirect_uri" in q)
    assert "id_token_hint" not in logout and logout["client_id"] == ["balie-post"]
    assert is_login_page(browser.get("/auth/login/?capacity=LB"))


def test_the_admin_face_logs_out_at_the_provider_too(acm, town):
    browser = _admin_at_the_desk(acm)

    browser.post("/admin/logout/")

    assert browser.visited[-1].endswith("/admin/login/")
    assert is_login_page(browser.get("/auth/login/?capacity=LB"))


def test_a_citizen_logs_out_of_the_portal_and_of_the_provider(acm, town):
    browser = Browser(acm())
    browser.get("/auth/login/?capacity=BUR", person="lotte")

    home = browser.post("/auth/logout/")

    assert home.status_code == 200 and browser.visited[-1] == "http://testserver/"
    assert browser.balie.get("/my/appointments/").status_code == 302
    assert is_login_page(browser.get("/auth/login/?capacity=BUR"))


def test_not_you_forces_the_provider_to_ask_again_even_while_it_remembers_someone(acm, town):
    first = _admin_at_the_desk(acm)
    # Balie's session ended (expired, or someone cleared the cookies); ACM's did not.
    first.balie.logout()

    remembered = first.get("/auth/login/?capacity=LB&next=/accounts/desk/")
    first.balie.logout()
    not_you = first.get("/auth/login/?capacity=LB&prompt=login&next=/accounts/desk/")

    assert not is_login_page(remembered), "single sign-on: ACM remembered the admin"
    assert is_login_page(not_you)


def test_a_local_account_logs_out_of_the_desk_as_before(client, town):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_the_desk_login_page_offers_not_you(acm, town):
    html = Browser(acm()).balie.get("/accounts/login/").content.decode()

    assert 'href="/auth/login/?capacity=LB&amp;prompt=login&amp;next=/accounts/desk/"' in html
    assert "Not you? Log in as someone else" in html
