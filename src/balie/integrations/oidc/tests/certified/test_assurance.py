# SPDX-License-Identifier: EUPL-1.2
"""The assurance level reached decides whether Balie's own second factor is still asked."""

import pytest

from balie.integrations.oidc.models import MunicipalityLoginSettings
from balie.integrations.oidc.sessions import SESSION_ASSURANCE
from balie.integrations.oidc.tests.certified.conftest import (
    ACR_HIGH,
    ACR_LOW,
    ACR_SUBSTANTIAL,
    Browser,
)
from balie.integrations.oidc.tests.conftest import TEST_URLS
from balie.portal.tests.conftest import build_town

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]
OVERVIEW = "/noord/desk/overview/"


def _town(minimum: str = "") -> None:
    town = build_town(slug="noord")
    row = MunicipalityLoginSettings(municipality=town.municipality, acm_org_codes="OVO000123")
    if minimum:
        row.minimum_staff_assurance = minimum
    row.save()


def _admin_logs_in(acm, acr: str):  # type: ignore[no-untyped-def]
    browser = Browser(acm())
    page = browser.get(f"/auth/login/?capacity=LB&next={OVERVIEW}", person="sam", acr=acr)
    return browser, page


def test_defect_5_below_the_bar_the_admin_is_asked_for_balies_second_factor(acm):
    _town()

    browser, page = _admin_logs_in(acm, ACR_LOW)

    assert "/accounts/two-factor/setup/" in browser.visited[-1]
    assert browser.balie.session[SESSION_ASSURANCE] == "low"
    assert browser.balie.get(OVERVIEW).status_code == 302


def test_at_the_bar_the_acm_login_replaces_balies_second_factor(acm):
    _town()

    browser, page = _admin_logs_in(acm, ACR_SUBSTANTIAL)

    assert page.status_code == 200 and browser.visited[-1].endswith(OVERVIEW)
    assert browser.balie.session[SESSION_ASSURANCE] == "substantial"


def test_a_municipality_may_set_the_bar_higher(acm):
    _town(minimum="high")

    substantial, _page = _admin_logs_in(acm, ACR_SUBSTANTIAL)
    high, page = _admin_logs_in(acm, ACR_HIGH)

    assert "/accounts/two-factor/setup/" in substantial.visited[-1]
    assert high.visited[-1].endswith(OVERVIEW)


def test_counter_staff_below_the_bar_are_asked_too(acm):
    _town()
    browser = Browser(acm())

    browser.get("/auth/login/?capacity=LB&next=/noord/desk/", person="ilse", acr=ACR_LOW)

    assert "/accounts/two-factor/setup/" in browser.visited[-1]


def test_staff_logins_ask_for_acr_values_and_a_recent_authentication(acm, settings):
    _town()
    settings.OIDC_STAFF_MAX_AGE = 3600

    browser, _page = _admin_logs_in(acm, ACR_HIGH)

    authorization = next(q for q in browser.provider_requests() if "redirect_uri" in q)
    assert authorization["acr_values"] == [f"{ACR_SUBSTANTIAL} {ACR_HIGH}"]
    assert authorization["max_age"] == ["3600"]
    assert "login_hint" in authorization
