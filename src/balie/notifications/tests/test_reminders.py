# SPDX-License-Identifier: EUPL-1.2
"""Reminders: planned once, never at night, dropped when the visit is off, texts per voice."""

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.notifications import reminders, sms
from balie.notifications.models import (
    Channel,
    Message,
    MessageKind,
    MessageStatus,
    MessageTemplate,
    ReminderPolicy,
)
from balie.notifications.texts import validate_template_text
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


def _appointment(town, *, start: datetime, phone: str = "0470 12 34 56", **fields) -> Reservation:
    with scopes_disabled():
        return Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=start,
            end=start + timedelta(minutes=20),
            reference=fields.pop("reference", "BAL-TEST-01"),
            given_name="Jan",
            family_name="Claes",
            email="jan@example.org",
            phone=phone,
            language=fields.pop("language", "nl"),
            **fields,
        )


def test_an_appointment_gets_one_email_and_one_sms_reminder_at_the_default_offsets():
    town = build_town()
    start = datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS)
    reservation = _appointment(town, start=start)

    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        planned = {m.channel: m for m in Message.objects.all()}

    assert set(planned) == {Channel.EMAIL, Channel.SMS}
    assert planned[Channel.EMAIL].due_at == start - timedelta(hours=24)
    assert planned[Channel.SMS].due_at == start - timedelta(hours=2)
    assert planned[Channel.SMS].recipient == "+32470123456"


def test_no_sms_without_consent_or_without_a_mobile_number():
    town = build_town()
    start = datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS)
    without_consent = _appointment(town, start=start)
    landline = _appointment(town, start=start, phone="02 123 45 67", reference="BAL-TEST-02")

    with scopes_disabled():
        reminders.plan_reminders(reservation=without_consent, sms_consent=False, now=NOW)
        reminders.plan_reminders(reservation=landline, sms_consent=True, now=NOW)
        channels = list(Message.objects.values_list("channel", flat=True))

    assert channels == [Channel.EMAIL, Channel.EMAIL]


@pytest.mark.parametrize(
    ("start", "sms_due"),
    [
        # 08:30 minus 2 h is 06:30, in the night: the morning at 08:00 still leaves 30 min.
        (
            datetime(2027, 3, 3, 8, 30, tzinfo=BRUSSELS),
            datetime(2027, 3, 3, 8, 0, tzinfo=BRUSSELS),
        ),
        # 08:15 leaves too little after 08:00: the evening before, just before 21:00.
        (
            datetime(2027, 3, 3, 8, 15, tzinfo=BRUSSELS),
            datetime(2027, 3, 2, 20, 59, tzinfo=BRUSSELS),
        ),
        # 22:30 minus 2 h is 20:30: outside the quiet hours, unchanged.
        (
            datetime(2027, 3, 3, 22, 30, tzinfo=BRUSSELS),
            datetime(2027, 3, 3, 20, 30, tzinfo=BRUSSELS),
        ),
    ],
)
def test_reminders_never_go_out_in_the_quiet_hours(start, sms_due):
    town = build_town()
    reservation = _appointment(town, start=start)

    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        due = Message.objects.get(channel=Channel.SMS).due_at

    assert due == sms_due


def test_quiet_hours_hold_across_the_daylight_saving_change():
    # 28 March 2027: clocks go from 02:00 to 03:00. An 08:30 visit's SMS moves to 08:00 CEST.
    town = build_town()
    reservation = _appointment(town, start=datetime(2027, 3, 28, 8, 30, tzinfo=BRUSSELS))

    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        due = Message.objects.get(channel=Channel.SMS).due_at

    assert due.astimezone(BRUSSELS).utcoffset() == timedelta(hours=2)
    assert due.astimezone(BRUSSELS).time() == time(8, 0)


def test_a_municipality_chooses_its_own_offsets_and_can_switch_sms_off():
    town = build_town()
    ReminderPolicy.objects.create(
        municipality=town.municipality, email_hours_before=48, sms_hours_before=0
    )
    start = datetime(2027, 3, 5, 14, 0, tzinfo=BRUSSELS)

    with scopes_disabled():
        reminders.plan_reminders(
            reservation=_appointment(town, start=start), sms_consent=True, now=NOW
        )
        planned = list(Message.objects.values_list("channel", "due_at"))

    assert planned == [(Channel.EMAIL, start - timedelta(hours=48))]


def test_a_reminder_is_sent_once_in_the_citizens_language_and_voice():
    informal = build_town(slug="demerdonk", formal=False)
    reservation = _appointment(informal, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        due = reminders.list_due_reminder_ids(now=datetime(2027, 3, 3, 12, 30, tzinfo=BRUSSELS))

        statuses = [
            reminders.send_reminder(
                message_id=m, now=datetime(2027, 3, 3, 12, 30, tzinfo=BRUSSELS)
            )
            for m in due
        ]
        again = [
            reminders.send_reminder(
                message_id=m, now=datetime(2027, 3, 3, 12, 31, tzinfo=BRUSSELS)
            )
            for m in due
        ]

    assert statuses == [MessageStatus.SENT, MessageStatus.SENT]
    assert again == [None, None]
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert "BAL-TEST-01" in sms.outbox[0].text
    assert "woensdag 3 maart" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Dag Jan, dit is een herinnering aan je afspraak")


def test_a_cancelled_appointment_is_not_reminded():
    town = build_town()
    reservation = _appointment(town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        Reservation.objects.filter(pk=reservation.pk).update(status=ReservationStatus.CANCELLED)
        later = datetime(2027, 3, 3, 13, 0, tzinfo=BRUSSELS)
        results = [
            reminders.send_reminder(message_id=m, now=later)
            for m in reminders.list_due_reminder_ids(now=later)
        ]

    assert results == [MessageStatus.DROPPED, MessageStatus.DROPPED]
    assert mail.outbox == [] and sms.outbox == []


def test_dropping_reminders_leaves_nothing_due():
    town = build_town()
    reservation = _appointment(town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=True, now=NOW)
        assert reminders.drop_reminders(reservation=reservation) == 2
        assert reminders.list_due_reminder_ids(now=datetime(2027, 3, 4, tzinfo=BRUSSELS)) == []


class _FlakyGateway:
    calls = 0

    def send(self, *, message_id, to, text, sender_id):
        type(self).calls += 1
        if type(self).calls == 1:
            raise sms.SmsTemporaryError("HTTP 503")
        return sms.SmsReceipt(provider_id="p-1", cost=sms.Decimal("0.07"))


class _RefusingGateway:
    def send(self, *, message_id, to, text, sender_id):
        raise sms.SmsPermanentError("HTTP 400: invalid destination")


def test_a_temporary_gateway_failure_is_retried_and_a_refusal_is_shown(settings):
    town = build_town()
    reservation = _appointment(town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    settings.SMS_BACKEND = f"{__name__}._FlakyGateway"
    due = datetime(2027, 3, 3, 12, 0, tzinfo=BRUSSELS)
    with scopes_disabled():
        reminders.plan_reminders(reservation=reservation, sms_consent=False, now=NOW)
        ReminderPolicy.objects.create(municipality=town.municipality, email_hours_before=0)
        other = _appointment(
            town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS), reference="BAL-TEST-03"
        )
        (message,) = reminders.plan_reminders(reservation=other, sms_consent=True, now=NOW)

        assert reminders.send_reminder(message_id=message.pk, now=due) == MessageStatus.PLANNED
        message.refresh_from_db()
        assert message.next_attempt_at == due + reminders.SMS_RETRY_DELAYS[0]
        retry_at = due + timedelta(minutes=1)
        assert reminders.send_reminder(message_id=message.pk, now=retry_at) == MessageStatus.SENT
        message.refresh_from_db()
        sent_text = reminders.render_reminder(reservation=other, channel=Channel.SMS).text
        assert (message.attempts, message.cost) == (2, sms.Decimal("0.07"))
        assert message.segments == sms.measure_text(sent_text).segments

        settings.SMS_BACKEND = f"{__name__}._RefusingGateway"
        refused = _appointment(
            town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS), reference="BAL-TEST-04"
        )
        (message,) = reminders.plan_reminders(reservation=refused, sms_consent=True, now=NOW)
        assert reminders.send_reminder(message_id=message.pk, now=due) == MessageStatus.FAILED
        message.refresh_from_db()
        assert "invalid destination" in message.error


def test_a_municipalitys_template_replaces_the_builtin_text():
    town = build_town()
    MessageTemplate.objects.create(
        municipality=town.municipality,
        kind=MessageKind.REMINDER,
        channel=Channel.SMS,
        language="nl",
        formal=True,
        body="Tot {date} om {time}, {given_name}! Ref {reference}",
    )
    reservation = _appointment(town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    with scopes_disabled():
        content = reminders.render_reminder(reservation=reservation, channel=Channel.SMS)

    assert content.text == "Tot woensdag 3 maart om 14:00, Jan! Ref BAL-TEST-01"


@pytest.mark.parametrize(
    ("text", "named"),
    [("Dag {naam}", "{naam}"), ("{reference} {reservation.email}", "{reservation.email}")],
)
def test_an_unknown_placeholder_is_refused_by_name(text, named):
    with pytest.raises(ValidationError) as error:
        validate_template_text(text)
    assert named in error.value.messages[0]


def test_the_delivery_report_callback_checks_the_signature(client):
    town = build_town()
    reservation = _appointment(town, start=datetime(2027, 3, 3, 14, 0, tzinfo=BRUSSELS))
    with scopes_disabled():
        message = Message.objects.create(
            municipality=town.municipality,
            reservation=reservation,
            kind=MessageKind.REMINDER,
            channel=Channel.SMS,
            status=MessageStatus.SENT,
            due_at=NOW,
            provider_id="p-9",
        )
    body = json.dumps({"id": "p-9", "status": "delivered"}).encode()
    url = "/hooks/sms/delivery-reports/"

    forged = client.post(url, body, content_type="application/json", HTTP_X_BALIE_SIGNATURE="AAAA")
    signed = client.post(
        url,
        body,
        content_type="application/json",
        HTTP_X_BALIE_SIGNATURE=sms.sign_delivery_report(body),
    )

    assert forged.status_code == 401
    assert signed.status_code == 204
    with scopes_disabled():
        message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
