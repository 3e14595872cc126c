# SPDX-License-Identifier: EUPL-1.2
"""Staff accounts as an attacker probes them: second factor, admin site, login throttling."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from balie.audit.models import AuditAction, AuditEvent
from balie.audit.selectors import verify_audit_chains
from balie.audit.services import Actor
from balie.desk import services
from balie.desk.tests.conftest import PASSWORD
from balie.desk.tests.test_views import current_code, url

pytestmark = [pytest.mark.django_db, pytest.mark.urls("balie.desk.tests.urls")]


def _log_in_with_password(client, user: User) -> None:
    response = client.post(
        reverse("desk:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _enrol(client, user: User) -> list[str]:
    """The user sets up an authenticator through the pages; returns their recovery codes."""
    client.get(reverse("desk:otp-setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("desk:otp-setup"), {"token": current_code(device)})
    return list(response.context["codes"])


def test_a_password_alone_cannot_enrol_a_second_authenticator(client, town):
    # Given an admin who has a confirmed authenticator
    TOTPDevice.objects.create(user=town.admin, name="phone", confirmed=True)
    # When someone with only the password opens the setup page
    _log_in_with_password(client, town.admin)
    response = client.get(reverse("desk:otp-setup"))
    # Then they are sent to enter a code instead, and no new device exists
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:otp-verify"))
    assert not TOTPDevice.objects.filter(user=town.admin, confirmed=False).exists()
    # And posting a code for a device they cannot see does not get them in either
    assert client.post(reverse("desk:otp-setup"), {"token": "123456"}).status_code == 302
    overview = client.get(url("desk:overview", town))
    assert overview["Location"].startswith(reverse("desk:otp-verify"))


def test_a_recovery_code_works_once_instead_of_the_app(client, town):
    # Given an admin who enrolled and kept their recovery codes
    _log_in_with_password(client, town.admin)
    codes = _enrol(client, town.admin)
    assert StaticDevice.objects.get(user=town.admin).token_set.count() == 10
    client.logout()
    # When they log in again with one recovery code
    _log_in_with_password(client, town.admin)
    used = client.post(reverse("desk:otp-verify"), {"token": codes[0].upper()})
    # Then they are in
    assert used.status_code == 302
    assert client.get(url("desk:overview", town)).status_code == 200
    # And the same code is refused the next time
    client.logout()
    _log_in_with_password(client, town.admin)
    StaticDevice.objects.filter(user=town.admin).update(throttling_failure_count=0)
    again = client.post(reverse("desk:otp-verify"), {"token": codes[0]})
    assert again.status_code == 200


def test_an_audited_reset_lets_the_user_enrol_again(client, town, capsys):
    # Given an admin who lost their phone
    _log_in_with_password(client, town.admin)
    _enrol(client, town.admin)
    client.logout()
    # When the operator resets their second factor
    call_command("reset_second_factor", town.admin.username, "--reason", "lost phone")
    # Then the reset is in the audit trail of the admin's municipality
    reset = AuditEvent.objects.get(action=AuditAction.SECOND_FACTOR_RESET)
    assert reset.municipality_id == town.municipality.pk
    assert reset.target_id == str(town.admin.pk) and reset.detail == {"reason": "lost phone"}
    # And the admin can set up a new authenticator with their password
    _log_in_with_password(client, town.admin)
    assert client.get(reverse("desk:otp-setup")).status_code == 200
    assert verify_audit_chains() == []


def test_the_admin_site_asks_a_second_factor_of_the_operator(client, town):
    # Given the platform operator logged in with a password only
    operator = User.objects.create_superuser("operator", password=PASSWORD)
    TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    client.post(reverse("admin:login"), {"username": "operator", "password": PASSWORD})
    # When they open the admin
    index = client.get(reverse("admin:index"))
    # Then the admin is closed, and its login page sends them to enter a code
    assert index.status_code == 302
    login = client.get(index["Location"])
    assert login.status_code == 302
    assert login["Location"].startswith(reverse("desk:otp-verify"))
    # And with the code the admin opens
    device = TOTPDevice.objects.get(user=operator)
    client.post(login["Location"], {"token": current_code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_asks_a_second_factor_of_a_municipal_admin(client, town):
    town.admin.is_staff = True
    town.admin.save()
    _log_in_with_password(client, town.admin)

    response = client.get(reverse("admin:tenants_municipality_changelist"))

    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(reverse("desk:otp-setup"))


@pytest.mark.parametrize("login_url", ["desk:login", "admin:login"])
def test_repeated_wrong_passwords_lock_the_account_out(client, town, settings, login_url):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 5
    # Given someone guessing the admin's password five times
    for attempt in range(5):
        client.post(
            reverse(login_url), {"username": town.admin.username, "password": f"guess-{attempt}"}
        )
    # When the right password comes next
    response = client.post(
        reverse(login_url), {"username": town.admin.username, "password": PASSWORD}
    )
    # Then the login is refused with 429 and nobody is logged in
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # And the lockout is in the audit trail of the admin's municipality
    lockouts = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT)
    assert lockouts.filter(municipality=town.municipality).exists()


def test_the_lockout_grows_with_further_failures(rf, settings):
    from balie.desk.access import get_login_cool_off

    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_COOL_OFF_MINUTES = 15
    request = rf.post("/accounts/login/")

    lengths = []
    for failures in (5, 10, 15, 500):
        request.axes_failures_since_start = failures
        lengths.append(get_login_cool_off(request).total_seconds() / 60)

    assert lengths == [15, 30, 60, 24 * 60]


def test_a_lockout_of_one_account_applies_from_every_address(client, town, settings):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 5
    for attempt in range(5):
        client.post(
            reverse("desk:login"),
            {"username": town.admin.username, "password": f"guess-{attempt}"},
            REMOTE_ADDR=f"192.0.2.{attempt + 1}",
        )

    response = client.post(
        reverse("desk:login"),
        {"username": town.admin.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert response.status_code == 429


def test_reset_second_factor_needs_no_device_to_be_audited(town):
    removed = services.reset_second_factor(
        user=town.clerk, actor=Actor.system("operator"), reason="new phone"
    )

    assert removed == 0
    assert AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_RESET).count() == 1


def test_opening_an_appointment_at_the_desk_is_in_the_audit_trail(client, town):
    from balie.desk.tests.conftest import book_visit, this_minute

    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    client.force_login(town.clerk)
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)

    client.post(url("desk:check-in", town), {"reference": visit.reference})

    viewed = AuditEvent.objects.get(action=AuditAction.APPOINTMENT_VIEWED)
    assert (viewed.municipality_id, viewed.target_id) == (
        town.municipality.pk,
        str(visit.public_id),
    )
    assert viewed.actor_label == town.clerk.username and viewed.actor_kind == "staff"
