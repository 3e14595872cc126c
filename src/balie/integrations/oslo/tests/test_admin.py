# SPDX-License-Identifier: EUPL-1.2
"""The back office says why nothing is published until the LBLOD (or OVO) id is set."""

import pytest
from django_scopes import scopes_disabled

from balie.core.testing.otp import force_verified_login
from balie.integrations.oslo.models import OrganisationIdentifiers, ProductSnapshot
from balie.integrations.oslo.tests.conftest import make_town


@pytest.fixture
def admin_client(admin_client, admin_user):
    """The operator, past the second factor the admin asks for."""
    return force_verified_login(admin_client, admin_user)


def test_saving_identifiers_without_lblod_id_warns_and_publishes_nothing(
    admin_client, db, django_capture_on_commit_callbacks
) -> None:
    # Given a municipality without identifiers
    town = make_town(slug="nieuwdorp")
    # When an administrator saves only its KBO number
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/oslo/organisationidentifiers/add/",
            {"municipality": town.municipality.pk, "kbo_number": "0207451227"},
            follow=True,
        )
    # Then the page says what to set, and the feed stays empty
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any("LBLOD" in message for message in shown), shown
    with scopes_disabled():
        assert not ProductSnapshot.objects.filter(municipality=town.municipality).exists()
    # When the LBLOD id is added, every product is published
    identifiers = OrganisationIdentifiers.objects.get(municipality=town.municipality)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/oslo/organisationidentifiers/{identifiers.pk}/change/",
            {
                "municipality": town.municipality.pk,
                "kbo_number": "0207451227",
                "lblod_id": "0123456789abcdef0123",
            },
            follow=True,
        )
    assert not [str(m) for m in response.context["messages"] if "LBLOD" in str(m)]
    with scopes_disabled():
        assert ProductSnapshot.objects.filter(municipality=town.municipality).count() == 2


def test_an_invalid_lblod_id_is_refused_with_its_reason(admin_client, db) -> None:
    town = make_town(slug="foutdorp")
    response = admin_client.post(
        "/admin/oslo/organisationidentifiers/add/",
        {"municipality": town.municipality.pk, "lblod_id": "kort"},
    )
    assert response.status_code == 200
    assert "at least 12" in response.content.decode()
    assert not OrganisationIdentifiers.objects.filter(municipality=town.municipality).exists()
