# SPDX-License-Identifier: EUPL-1.2
"""The Django admin an operator still uses speaks Balie's names, translated."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from balie.backoffice.tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():  # type: ignore[no-untyped-def]
    # A Dutch request leaves Dutch active in this thread; later tests expect the default.
    yield
    translation.deactivate()


def test_the_admin_shows_balies_header_and_translated_authenticator_labels(client, town):
    # Given the operator with a verified second factor, reading Dutch
    town.admin = User.objects.create_superuser("operator", "op@example.org", "x-long-password-1")
    signed_in(client, town)
    client.cookies["django_language"] = "nl-be"
    # When they open the admin's index
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="nl-be").content.decode()
    # Then the header is Balie's and django-otp's raw labels are gone
    assert "Django-beheer" not in page
    assert "OTP_TOTP" not in page and "TOTP devices" not in page and "OTP_STATIC" not in page
    assert "Authenticator-apps" in page
