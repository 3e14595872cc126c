# SPDX-License-Identifier: EUPL-1.2
"""Reminder and retention rules, message texts with a preview, failed messages, staff counters.

Each page saves through the notifications, privacy or desk services; these tests check what
an admin sees and that another municipality's rows are neither shown nor accepted.
"""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.backoffice.tests.conftest import signed_in
from balie.desk.models import ServableCounter
from balie.desk.tests.conftest import book_visit, this_minute
from balie.notifications.models import Message, MessageStatus, MessageTemplate, ReminderPolicy
from balie.tenants.models import StaffMembership
from balie.webhooks.models import Subscription

pytestmark = pytest.mark.django_db


def url(town, name: str, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"backoffice:{name}", args=[town.municipality.slug, *args])


def test_the_reminder_rules_are_saved_and_their_effect_shown(admin_client, town):
    # When the admin sends e-mails 48 hours before and keeps 22:00-07:00 quiet
    response = admin_client.post(
        url(town, "rules-reminders"),
        {
            "reminders-email_hours_before": "48",
            "reminders-sms_hours_before": "3",
            "reminders-quiet_from": "22:00",
            "reminders-quiet_until": "07:00",
        },
    )
    # Then the policy holds it
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(municipality=town.municipality)
    assert (policy.email_hours_before, policy.quiet_from) == (48, time(22, 0))
    # And the page tells when an example appointment is reminded, text message included
    page = admin_client.get(url(town, "rules")).content.decode()
    assert "09:00" in page and "06:00" not in page  # 09:00 minus 3 h is quiet: moved


def test_reminder_rules_out_of_bounds_are_refused_in_an_admins_words(admin_client, town):
    # When the e-mail goes 30 days before and the quiet hours last 20 hours
    response = admin_client.post(
        url(town, "rules-reminders"),
        {
            "reminders-email_hours_before": str(30 * 24),
            "reminders-sms_hours_before": "2",
            "reminders-quiet_from": "12:00",
            "reminders-quiet_until": "08:00",
        },
    )
    # Then nothing is saved and both problems are named
    assert response.status_code == 400
    page = response.content.decode()
    assert "14" in page and "336" in page
    assert "12:00" in page and "08:00" in page
    assert not ReminderPolicy.objects.filter(municipality=town.municipality).exists()


def test_the_retention_period_is_saved_and_out_of_bounds_refused(admin_client, town):
    # Given an appointment that ended 40 days ago
    book_visit(town, start=this_minute() - timedelta(days=40), legs=[(town.counter_a, town.eid)])
    # When the admin keeps personal data 30 days
    response = admin_client.post(url(town, "rules-retention"), {"retention-retention_days": "30"})
    assert response.status_code == 302
    town.municipality.refresh_from_db()
    assert town.municipality.retention_days == 30
    # Then the page says one appointment loses its personal data at the next run
    page = admin_client.get(url(town, "rules")).content.decode()
    assert ": 1 " in page
    # And 0 days is refused, the saved period unchanged
    refused = admin_client.post(url(town, "rules-retention"), {"retention-retention_days": "0"})
    assert refused.status_code == 400
    town.municipality.refresh_from_db()
    assert town.municipality.retention_days == 30


def test_a_message_text_is_previewed_without_saving_then_saved(admin_client, town):
    edit = url(town, "message-template", "sms", "nl", "formal")
    text = "Tot {date} om {time}, {given_name}! Ref {reference}"
    # When the admin asks for a preview
    preview = admin_client.post(edit, {"body": text, "action": "preview"})
    # Then the example data fills the placeholders, and nothing is stored
    assert preview.status_code == 200
    assert "Tot " in preview.content.decode() and "An! Ref BAL-AB23-CD" in preview.content.decode()
    with scopes_disabled():
        assert not MessageTemplate.objects.exists()
    # When they save it
    saved = admin_client.post(edit, {"body": text, "action": "save"})
    assert saved.status_code == 302
    with scopes_disabled():
        template = MessageTemplate.objects.get(municipality=town.municipality)
    assert (template.channel, template.language, template.formal) == ("sms", "nl", True)
    # And the list shows the own text; "reset" goes back to the built-in one
    assert "own text" in admin_client.get(url(town, "message-templates")).content.decode()
    admin_client.post(edit, {"action": "reset"})
    with scopes_disabled():
        assert not MessageTemplate.objects.exists()


def test_an_unknown_placeholder_is_refused_by_name(admin_client, town):
    response = admin_client.post(
        url(town, "message-template", "email", "fr", "informal"),
        {"subject": "Rappel", "body": "Bonjour {first_name}", "action": "save"},
    )
    assert response.status_code == 400
    assert "{first_name}" in response.content.decode()
    with scopes_disabled():
        assert not MessageTemplate.objects.exists()


def test_the_editor_shows_the_built_in_text_as_fallback(admin_client, town):
    page = admin_client.get(url(town, "message-template", "email", "nl", "informal"))
    assert page.status_code == 200
    # The built-in informal reminder, its placeholders visible
    assert "{given_name}" in page.content.decode()


def test_an_unknown_channel_or_language_is_not_found(admin_client, town):
    assert (
        admin_client.get(url(town, "message-template", "fax", "nl", "formal")).status_code == 404
    )
    assert (
        admin_client.get(url(town, "message-template", "sms", "xx", "formal")).status_code == 404
    )


def _failures(town, *, reference_start):  # type: ignore[no-untyped-def]
    visit = book_visit(town, start=reference_start, legs=[(town.counter_a, town.eid)])
    with scopes_disabled():
        Message.objects.create(
            municipality=town.municipality,
            reservation=visit,
            channel="sms",
            kind="reminder",
            status=MessageStatus.FAILED,
            due_at=timezone.now(),
            attempts=5,
            error="gateway says: unknown number",
        )
        Message.objects.create(
            municipality=town.municipality,
            reservation=visit,
            channel="email",
            kind="confirmed",
            status=MessageStatus.SENT,
            due_at=timezone.now(),
            attempts=1,
        )
        Subscription.objects.create(
            municipality=town.municipality,
            url=f"https://{town.municipality.slug}.example/hook",
            secret="whsec_x",
            paused_at=timezone.now(),
            consecutive_failures=12,
        )
    return visit


def test_failed_messages_and_paused_webhooks_show_only_ones_own(admin_client, town, other_town):
    # Given a failed reminder and a paused webhook in each municipality
    own = _failures(town, reference_start=this_minute() + timedelta(days=2))
    foreign = _failures(other_town, reference_start=this_minute() + timedelta(days=3))
    # When Asdorp's admin opens the failures page
    page = admin_client.get(url(town, "message-failures")).content.decode()
    # Then their failure with its reference and error is there, the sent one not, nor Bedorp's
    assert own.reference in page and "unknown number" in page
    assert page.count("<tr>") == 2  # header and the one failure
    assert foreign.reference not in page
    assert "asdorp.example/hook" in page and "bedorp.example" not in page
    # And Bedorp's subscription cannot be resumed from Asdorp's back office
    with scopes_disabled():
        theirs = Subscription.objects.get(municipality=other_town.municipality)
        mine = Subscription.objects.get(municipality=town.municipality)
    assert admin_client.post(url(town, "webhook-resume", theirs.pk)).status_code == 404
    assert admin_client.post(url(town, "webhook-resume", mine.pk)).status_code == 302
    with scopes_disabled():
        mine.refresh_from_db()
        theirs.refresh_from_db()
    assert mine.paused_at is None and theirs.paused_at is not None


def _membership(town, user) -> StaffMembership:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return StaffMembership.objects.get(municipality=town.municipality, user=user)


def test_the_admin_gives_a_clerk_counters_and_cannot_give_another_towns(
    admin_client, town, other_town
):
    member = _membership(town, town.clerk)
    staff_page = admin_client.get(url(town, "staff")).content.decode()
    # Given the staff page offers the town's own counters only
    name = f"c{member.pk}-counters"
    assert f'name="{name}" value="{town.counter_b.pk}"' in staff_page
    for counter in (other_town.counter_a, other_town.counter_b, other_town.counter_c):
        assert f'name="{name}" value="{counter.pk}"' not in staff_page
    # When the admin gives the clerk counter B
    response = admin_client.post(
        url(town, "staff-member", member.pk), {"action": "counters", name: [town.counter_b.pk]}
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert list(ServableCounter.objects.values_list("counter_id", flat=True)) == [
            town.counter_b.pk
        ]
    # When they forge another town's counter, it is refused and the saved set stays
    admin_client.post(
        url(town, "staff-member", member.pk),
        {"action": "counters", name: [other_town.counter_a.pk]},
    )
    with scopes_disabled():
        assert list(ServableCounter.objects.values_list("counter_id", flat=True)) == [
            town.counter_b.pk
        ]


def test_the_operator_editing_one_town_sees_none_of_anothers_on_the_new_pages(
    client, town, other_town
):
    # Given the operator, and a failure and a template in the other town
    foreign = _failures(other_town, reference_start=this_minute() + timedelta(days=3))
    with scopes_disabled():
        MessageTemplate.objects.create(
            municipality=other_town.municipality,
            kind="reminder",
            channel="sms",
            language="nl",
            formal=True,
            body="Bedorp zegt {given_name}",
        )
    town.admin = User.objects.create_superuser("operator", "op@example.org", "x-long-password-1")
    signed_in(client, town)
    # When they open Asdorp's new pages
    html = "".join(
        client.get(url(town, name, *args)).content.decode()
        for name, args in (
            ("message-failures", ()),
            ("message-templates", ()),
            ("message-template", ("sms", "nl", "formal")),
            ("staff", ()),
            ("rules", ()),
        )
    )
    # Then nothing of Bedorp shows, and Bedorp's counters are not on offer
    assert foreign.reference not in html and "bedorp" not in html.lower()
    assert "Bedorp zegt" not in html
    for counter in (other_town.counter_a, other_town.counter_b):
        assert f'value="{counter.pk}" id="id_c' not in html
