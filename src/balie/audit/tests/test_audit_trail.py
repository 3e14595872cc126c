# SPDX-License-Identifier: EUPL-1.2
"""The audit trail: chained per municipality, append-only, tamper-evident, scoped."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from balie.audit.models import AuditAction, AuditEvent
from balie.audit.selectors import verify_audit_chains
from balie.audit.services import Actor, record_event
from balie.core.testing.otp import force_verified_login
from balie.desk.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _viewed(town, n: int = 3) -> list[AuditEvent]:
    return [
        record_event(
            action=AuditAction.APPOINTMENT_VIEWED,
            actor=Actor.for_user(town.clerk, assurance="password", address="192.0.2.9"),
            municipality_id=town.municipality.pk,
            target_type="reservation",
            target_id=f"visit-{index}",
        )
        for index in range(n)
    ]


def test_each_entry_is_chained_to_the_previous_one_of_its_municipality(town, other_town):
    first, second, _third = _viewed(town)
    elsewhere = _viewed(other_town, 1)[0]

    assert second.previous_hash == first.entry_hash
    assert (first.sequence, second.sequence, elsewhere.sequence) == (1, 2, 1)
    assert verify_audit_chains() == []


def test_a_changed_entry_breaks_the_chain_and_the_command_says_where(town, capsys):
    _viewed(town)
    # Someone with database access rewrites who opened the second appointment
    AuditEvent.objects.filter(sequence=2).update(actor_label="somebody-else")

    breaks = verify_audit_chains()

    assert [(found.sequence, found.reason) for found in breaks] == [(2, "the entry was changed")]
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")
    assert "entry 2: the entry was changed" in capsys.readouterr().err


def test_a_deleted_entry_breaks_the_chain(town):
    _viewed(town)
    AuditEvent.objects.filter(sequence=2)._raw_delete(AuditEvent.objects.db)

    assert [found.reason for found in verify_audit_chains()] == ["an entry is missing"]


def test_entries_cannot_be_changed_or_deleted_through_the_model(town):
    entry = _viewed(town, 1)[0]

    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()


def test_a_staff_login_is_recorded_for_the_staff_members_municipality(client, town):
    client.post(reverse("desk:login"), {"username": town.clerk.username, "password": PASSWORD})

    login = AuditEvent.objects.get(action=AuditAction.LOGIN)

    assert login.municipality_id == town.municipality.pk
    assert (login.actor_kind, login.actor_label) == ("staff", town.clerk.username)
    assert login.address == "127.0.0.1" and login.assurance == "password"


def test_a_municipal_admin_sees_and_exports_only_their_own_municipality(client, town, other_town):
    _viewed(town, 2)
    _viewed(other_town, 2)
    town.admin.is_staff = True
    town.admin.save()
    force_verified_login(client, town.admin)
    changelist = reverse("admin:audit_auditevent_changelist")

    listing = client.get(changelist)
    own = AuditEvent.objects.filter(municipality=town.municipality).count()
    exported = client.post(
        changelist,
        {
            "action": "export_csv",
            "_selected_action": list(AuditEvent.objects.values_list("pk", flat=True)),
        },
    )

    assert listing.status_code == 200
    assert own == 3  # two appointments opened and the admin's own login
    assert listing.context["cl"].result_count == own
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    assert {row["municipality_id"] for row in rows} == {str(town.municipality.pk)}
    assert len(rows) == own
    # And the export itself is recorded
    assert AuditEvent.objects.filter(
        action=AuditAction.DATA_EXPORTED, municipality=town.municipality
    ).exists()


def test_admin_changes_are_recorded_in_the_municipalitys_chain(client, town):
    operator = User.objects.create_superuser("operator", password=PASSWORD)
    force_verified_login(client, operator)
    url = reverse("admin:tenants_municipality_change", args=[town.municipality.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value for name, value in form.initial.items() if value is not None and name != "logo"
    }
    data["name"] = "Renamed"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    change = AuditEvent.objects.get(action=AuditAction.ADMIN_CHANGE)
    assert change.municipality_id == town.municipality.pk
    assert change.actor_label == "operator" and change.target_type == "municipality"
