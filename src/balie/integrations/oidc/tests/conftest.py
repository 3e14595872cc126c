# SPDX-License-Identifier: EUPL-1.2
"""Tokens signed with the development provider's key, a client that needs no network,
and a town with confirmed appointments."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.integrations.devidp.issuing import Fault, Grant, issue_tokens
from balie.integrations.devidp.keys import get_public_key_set
from balie.integrations.devidp.people import get_person
from balie.integrations.oidc.provider import build_client, forget_clients
from balie.portal.selectors import list_free_starts
from balie.portal.tests.conftest import Town

TEST_URLS = "balie.integrations.oidc.tests.urls"
ISSUER = "https://idp.test/op"
CLIENT_ID = "balie-dev"
CLIENT_SECRET = "balie-dev-secret"
SCOPES = "openid profile rrn vo balie"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end in headless Chromium (Playwright)")


@pytest.fixture(autouse=True)
def oidc_settings(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.DEV_IDP_CLIENT_ID = CLIENT_ID
    settings.DEV_IDP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_SCOPES = SCOPES
    settings.OIDC_API_TOKEN_CHECK = "jwt"
    settings.OIDC_API_AUDIENCES = []
    settings.DEV_IDP_ENABLED = True
    forget_clients()
    yield
    forget_clients()


def offline_client():  # type: ignore[no-untyped-def]
    """A client whose provider metadata is given, not discovered: no network needed."""
    return build_client(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scope=SCOPES,
        metadata={
            "issuer": ISSUER,
            "jwks": get_public_key_set(),
            "id_token_signing_alg_values_supported": ["RS256"],
        },
    )


def tokens_for(
    person_key: str,
    *,
    nonce: str = "expected-nonce",
    fault: str = Fault.NONE,
    org_code: str = "",
    role: str = "",
    issuer: str = ISSUER,
) -> dict:
    person = get_person(key=person_key)
    assert person is not None
    grant = Grant(
        person=person, scope=SCOPES, nonce=nonce, org_code=org_code, role=role, fault=fault
    )
    return issue_tokens(grant=grant, issuer=issuer, client_id=CLIENT_ID, now=timezone.now())


def book(town: Town, *, given_name: str, national_number: str = "", days: int = 1) -> Reservation:
    """A confirmed appointment in ``town`` for the first free time ``days`` from now."""
    now = timezone.now()
    items = [(town.eid.pk, 1)]
    starts: tuple = ()
    for offset in range(days, days + 7):
        starts = list_free_starts(
            municipality=town.municipality,
            location=town.location,
            items=items,
            day=(now + timedelta(days=offset)).date(),
            now=now,
        )
        if starts:
            break
    assert starts, "the town has free times"
    held = hold_visit(
        municipality=town.municipality, location=town.location, items=items, start=starts[0]
    )
    reservation, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=held.public_id,
        details=CitizenDetails(
            given_name=given_name,
            family_name="Test",
            email=f"{given_name.lower()}@example.org",
            national_number=national_number,
        ),
    )
    with scopes_disabled():
        return Reservation.objects.select_related("municipality").get(pk=reservation.pk)
