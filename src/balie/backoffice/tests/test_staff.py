# SPDX-License-Identifier: EUPL-1.2
"""Staff: an admin invites a colleague, changes roles and resets a lost authenticator."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from balie.tenants.models import Role, StaffMembership

pytestmark = pytest.mark.django_db


def _staff_url(town) -> str:  # type: ignore[no-untyped-def]
    return reverse("backoffice:staff", args=[town.municipality.slug])


def _member_url(town, user) -> str:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        membership = StaffMembership.objects.get(municipality=town.municipality, user=user)
    return reverse("backoffice:staff-member", args=[town.municipality.slug, membership.pk])


def test_an_invited_colleague_chooses_a_password_through_the_e_mailed_link(
    admin_client, town, client, django_capture_on_commit_callbacks
):
    # When the admin invites a new colleague as counter staff,
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _staff_url(town),
            {
                "email": "Sara.Claes@Asdorp.example",
                "given_name": "Sara",
                "family_name": "Claes",
                "role": Role.STAFF,
            },
        )
    # then an account with that role exists, without a usable password,
    assert response.status_code == 302
    user = User.objects.get(email="sara.claes@asdorp.example")
    assert not user.has_usable_password()
    with scopes_disabled():
        assert StaffMembership.objects.get(user=user).role == Role.STAFF
    # and the e-mail carries a link to choose one.
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body)
    assert link, message.body
    admin_client.logout()
    page = client.get(link.group(0), follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(0)
    response = client.post(
        form_url,
        {"new_password1": "a-long-new-password-26", "new_password2": "a-long-new-password-26"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-26")


def test_inviting_someone_who_already_works_here_changes_nothing(admin_client, town):
    town.clerk.email = "clerk@asdorp.example"
    town.clerk.save()

    response = admin_client.post(
        _staff_url(town),
        {"email": "clerk@asdorp.example", "given_name": "C", "family_name": "L", "role": "admin"},
    )

    assert response.status_code == 400
    assert "already works for Asdorp" in response.content.decode()
    with scopes_disabled():
        assert StaffMembership.objects.get(user=town.clerk).role == Role.STAFF
    assert not mail.outbox


def test_the_admin_changes_a_role_and_resets_a_lost_authenticator(admin_client, town):
    TOTPDevice.objects.create(user=town.clerk, name="phone", confirmed=True)
    url = _member_url(town, town.clerk)
    with scopes_disabled():
        prefix = f"m{StaffMembership.objects.get(user=town.clerk).pk}"

    admin_client.post(url, {"action": "role", f"{prefix}-role": Role.ADMIN})
    admin_client.post(url, {"action": "reset-second-factor"})

    with scopes_disabled():
        assert StaffMembership.objects.get(user=town.clerk).role == Role.ADMIN
    assert not TOTPDevice.objects.filter(user=town.clerk).exists()


def test_an_admin_cannot_take_away_their_own_access(admin_client, town):
    url = _member_url(town, town.admin)

    response = admin_client.post(url, {"action": "remove"}, follow=True)

    assert "You cannot change your own access" in response.content.decode()
    with scopes_disabled():
        assert StaffMembership.objects.filter(user=town.admin).exists()
