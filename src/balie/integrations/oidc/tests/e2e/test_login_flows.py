# SPDX-License-Identifier: EUPL-1.2
"""Citizens and civil servants log in through the development provider in real Chromium."""

import pytest
from django_scopes import scopes_disabled

from balie.core.testing.browser import check_accessibility, new_page
from balie.integrations.devidp.people import get_person
from balie.integrations.oidc.tests.conftest import TEST_URLS, book
from balie.portal.tests.conftest import build_town
from balie.tenants.models import Role, StaffMembership

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(TEST_URLS),
]


def _log_in_at_provider(page, person: str, *, fault: str = "", org: str = "", role: str = ""):  # type: ignore[no-untyped-def]
    page.get_by_label(person, exact=True).check()
    if org:
        page.get_by_label("Municipality").select_option(org)
    if role:
        page.get_by_label("Role").select_option(label=role)
    if fault:
        page.get_by_label("Token to issue").select_option(fault)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in", exact=True).click()


def test_a_citizen_logs_in_sees_only_her_appointments_and_logs_out(browser, provider):
    lotte, ahmed = get_person(key="lotte"), get_person(key="ahmed")
    town = build_town(slug="noord", requires_national_number=True)
    hers = book(town, given_name="Lotte", national_number=lotte.national_number)
    his = book(town, given_name="Ahmed", national_number=ahmed.national_number)
    page = new_page(browser)
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))

    page.goto(f"{provider.url}/my/appointments/")
    assert "/dev-idp/v1/auth" in page.url
    assert "code_challenge_method=S256" in page.url and "nonce=" in page.url
    _log_in_at_provider(page, "Lotte Janssens")

    assert page.url == f"{provider.url}/my/appointments/"
    body = page.locator("main").inner_text()
    assert "Logged in as Lotte" in body
    assert hers.reference in body
    assert his.reference not in body
    assert lotte.national_number not in page.content()
    check_accessibility(page, "my appointments")
    api = page.request.get(f"{provider.url}/api/v1/me/appointments/")
    assert [item["reference"] for item in api.json()["upcoming"]] == [hers.reference]

    # Out at the provider too, and back at the start page through Balie's logged-out page.
    with page.expect_navigation(url=f"{provider.url}/"):
        page.get_by_role("button", name="Log out").click()
    assert any("/auth/logged-out/?state=" in url for url in visited)
    page.goto(f"{provider.url}/my/appointments/")
    assert "/dev-idp/v1/auth" in page.url


def test_a_civil_servant_logs_in_with_a_role_and_reaches_the_desk(browser, provider):
    town = build_town(slug="noord")
    page = new_page(browser)

    page.goto(f"{provider.url}/auth/login/?capacity=LB&next=/accounts/desk/")
    _log_in_at_provider(page, "Sam De Smet", org=town.municipality.nis_code, role="Counter staff")

    assert page.url.startswith(f"{provider.url}/noord/desk/")
    with scopes_disabled():
        membership = StaffMembership.objects.get(municipality=town.municipality)
    assert membership.role == Role.STAFF
    assert membership.user.first_name == "Sam"


def test_a_civil_servant_without_a_balie_role_is_told_whom_to_ask(browser, provider):
    town = build_town(slug="noord")
    page = new_page(browser)

    page.goto(f"{provider.url}/auth/login/?capacity=LB")
    _log_in_at_provider(page, "Ilse Maes", org=town.municipality.nis_code, role="No Balie role")

    assert page.get_by_role("heading", name="No Balie role").is_visible()
    assert "Gebruikersbeheer" in page.locator("main").inner_text()


@pytest.mark.parametrize(
    ("fault", "heading", "message"),
    [
        ("expired", "Login expired", "The login has expired. Please log in again."),
        ("wrong_audience", "Login meant for another application", "another application"),
        ("wrong_issuer", "Login from an unknown issuer", "does not trust"),
        ("wrong_nonce", "Login response does not match", "does not belong to this login"),
        ("missing_claim", "Information missing from the login", "your family name"),
        ("bad_signature", "Login could not be verified", "signature"),
    ],
)
def test_a_broken_login_is_refused_with_a_clear_message(
    browser, provider, fault, heading, message
):
    build_town(slug="noord")
    page = new_page(browser)

    page.goto(f"{provider.url}/auth/login/")
    _log_in_at_provider(page, "Ahmed Peeters", fault=fault)

    assert "/auth/callback/" in page.url
    assert page.get_by_role("heading", name=heading).is_visible()
    assert message in page.locator("main").inner_text()
    page.goto(f"{provider.url}/my/appointments/")
    assert "/dev-idp/v1/auth" in page.url, "a refused login leaves nobody logged in"


def test_cancelling_at_the_provider_is_explained(browser, provider):
    page = new_page(browser)
    page.goto(f"{provider.url}/auth/login/")

    with page.expect_navigation():
        page.get_by_role("button", name="Cancel").click()

    assert "cancelled or refused" in page.locator("main").inner_text()
    check_accessibility(page, "login refused")
