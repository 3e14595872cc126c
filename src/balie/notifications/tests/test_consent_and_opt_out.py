# SPDX-License-Identifier: EUPL-1.2
"""SMS consent asked next to the mobile number, and reminders switched off on the manage page."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from balie.booking.actors import SYSTEM
from balie.booking.consequences import BookingEvent, ChangeKind
from balie.booking.exceptions import BookingError
from balie.booking.models import Reservation, ReservationStatus
from balie.booking.services import (
    CitizenDetails,
    check_citizen_details,
    switch_off_reminders,
)
from balie.notifications import reminders
from balie.notifications.models import Channel, Message, MessageStatus, ReminderPolicy
from balie.notifications.selectors import list_repeated_failures, list_reservation_messages
from balie.portal.tests.conftest import DETAILS, build_town, hold_first_time

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def _appointment(
    town, *, sms_consent: bool, days_ahead: int = 3, reference: str = "BAL-CONS-01"
) -> Reservation:
    start = (timezone.now() + timedelta(days=days_ahead)).astimezone(BRUSSELS)
    start = start.replace(hour=14, minute=0, second=0, microsecond=0)
    with scopes_disabled():
        return Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=start,
            end=start + timedelta(minutes=20),
            reference=reference,
            given_name="Jan",
            family_name="Claes",
            email="jan@example.org",
            phone="+32470123456",
            sms_consent=sms_consent,
        )


def _event(reservation: Reservation, kind: ChangeKind) -> BookingEvent:
    return BookingEvent(
        kind=kind,
        municipality_id=reservation.municipality_id,
        reservation_id=reservation.pk,
        actor=SYSTEM,
        at=timezone.now(),
    )


def _planned_channels(reservation: Reservation) -> list[str]:
    with scopes_disabled():
        return sorted(
            Message.objects.filter(
                reservation=reservation, status=MessageStatus.PLANNED
            ).values_list("channel", flat=True)
        )


# --- consent on the details form ------------------------------------------------------------


def test_the_details_form_asks_for_consent_with_an_unticked_box():
    town = build_town()
    client = Client()
    hold_first_time(client, town)

    page = client.get(f"/{town.municipality.slug}/details/", HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    box = re.search(r'<input type="checkbox" name="sms_consent"[^>]*>', html)
    assert box, "the form has the consent box"
    assert "checked" not in box.group(0)
    assert "Send me a text message reminder" in html


def test_a_citizen_who_ticks_the_box_is_stored_with_the_number_in_e164():
    town = build_town()
    client = Client()
    hold_first_time(client, town)
    slug = town.municipality.slug

    details = client.post(
        f"/{slug}/details/", {**DETAILS, "phone": "0470 12 34 56", "sms_consent": "on"}
    )
    check = client.get(f"/{slug}/check/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.post(f"/{slug}/check/")

    assert details.status_code == 302
    assert "Text message reminder" in check
    with scopes_disabled():
        reservation = Reservation.objects.get(status=ReservationStatus.CONFIRMED)
    assert reservation.phone == "+32470123456" and reservation.sms_consent is True


def test_a_number_without_the_tick_is_no_consent():
    town = build_town()
    client = Client()
    hold_first_time(client, town)
    slug = town.municipality.slug

    client.post(f"/{slug}/details/", {**DETAILS, "phone": "0470 12 34 56"})
    client.post(f"/{slug}/check/")

    with scopes_disabled():
        reservation = Reservation.objects.get(status=ReservationStatus.CONFIRMED)
    assert reservation.phone == "+32470123456" and reservation.sms_consent is False


@pytest.mark.parametrize(("formal", "pronoun"), [(True, "uw"), (False, "je")])
def test_consent_without_a_number_is_refused_in_the_municipality_voice(formal, pronoun):
    town = build_town(formal=formal)
    client = Client()
    hold_first_time(client, town)

    response = client.post(
        f"/{town.municipality.slug}/details/",
        {**DETAILS, "phone": "", "sms_consent": "on"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    assert response.status_code == 400
    error = response.context["form"].errors["phone"][0]
    assert f"Vul {pronoun} gsm-nummer in" in error


def test_consent_with_a_landline_is_refused_by_the_booking_service():
    town = build_town()

    with translation.override("en"), pytest.raises(BookingError) as refused:
        check_citizen_details(
            municipality=town.municipality,
            details=CitizenDetails(
                given_name="An",
                family_name="Peeters",
                email="an@example.org",
                phone="09 210 10 10",
                sms_consent=True,
                language="en",
            ),
        )

    assert "mobile" in refused.value.field_errors["phone"][0]


def test_reminders_plan_a_text_message_only_with_number_and_consent():
    town = build_town()
    with scopes_disabled():
        agreed = _appointment(town, sms_consent=True)
        not_agreed = _appointment(town, sms_consent=False, reference="BAL-CONS-02")

    reminders.plan_reminders_after_change(_event(agreed, ChangeKind.CONFIRMED))
    reminders.plan_reminders_after_change(_event(not_agreed, ChangeKind.CONFIRMED))

    assert _planned_channels(agreed) == [Channel.EMAIL, Channel.SMS]
    assert _planned_channels(not_agreed) == [Channel.EMAIL]


# --- switching reminders off ----------------------------------------------------------------


def test_switching_off_drops_the_planned_reminders_and_a_move_plans_none(
    django_capture_on_commit_callbacks,
):
    town = build_town()
    reservation = _appointment(town, sms_consent=True)
    reminders.plan_reminders_after_change(_event(reservation, ChangeKind.CONFIRMED))
    assert _planned_channels(reservation) == [Channel.EMAIL, Channel.SMS]

    with django_capture_on_commit_callbacks(execute=True):
        switch_off_reminders(reservation=reservation)
    with scopes_disabled():
        reservation.refresh_from_db()
        reservation.start += timedelta(days=1)
        reservation.end += timedelta(days=1)
        reservation.save()
    reminders.plan_reminders_after_change(_event(reservation, ChangeKind.MOVED))

    assert reservation.reminders_off_at is not None
    assert _planned_channels(reservation) == []
    with scopes_disabled():
        statuses = set(Message.objects.values_list("status", flat=True))
        change = reservation.changes.get(kind=ChangeKind.REMINDERS_OFF)
    assert statuses == {MessageStatus.DROPPED}
    assert change.actor_kind == SYSTEM.kind


def test_a_reminder_listed_before_the_switch_off_is_dropped_not_sent():
    town = build_town()
    ReminderPolicy.objects.create(
        municipality=town.municipality, quiet_from="00:00", quiet_until="00:00"
    )
    reservation = _appointment(town, sms_consent=False)
    with scopes_disabled():
        (message,) = reminders.plan_reminders(
            reservation=reservation, sms_consent=False, now=timezone.now()
        )
    # The row is still planned: the switch-off's drop has not reached it yet.
    with scopes_disabled():
        Reservation.objects.filter(pk=reservation.pk).update(reminders_off_at=timezone.now())

    status = reminders.send_reminder(message_id=message.pk, now=message.due_at)

    assert status == MessageStatus.DROPPED


def _manage_page(client: Client, town, reference: str) -> str:
    return client.get(
        f"/{town.municipality.slug}/appointments/{reference}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()


def test_the_manage_page_switches_reminders_off_with_a_plain_form(
    django_capture_on_commit_callbacks,
):
    town = build_town()
    client = Client()
    hold_first_time(client, town)
    slug = town.municipality.slug
    client.post(f"/{slug}/details/", DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        reference = client.post(f"/{slug}/check/")["Location"].rstrip("/").rsplit("/", 1)[1]
    before = _manage_page(client, town, reference)
    action = f"/{slug}/appointments/{reference}/reminders/off/"

    refused_get = client.get(action)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action, HTTP_ACCEPT_LANGUAGE="en")
    after = _manage_page(client, town, reference)

    assert f'action="{action}"' in before and 'method="post"' in before
    assert refused_get.status_code == 405
    assert response.status_code == 302
    assert "You get no reminders for this appointment." in after
    assert f'action="{action}"' not in after
    with scopes_disabled():
        reservation = Reservation.objects.get(reference=reference)
        planned = Message.objects.filter(
            reservation=reservation, status=MessageStatus.PLANNED
        ).count()
    assert reservation.reminders_off_at is not None and planned == 0


def test_a_stranger_cannot_switch_someone_elses_reminders_off(
    django_capture_on_commit_callbacks,
):
    town = build_town()
    owner = Client()
    hold_first_time(owner, town)
    slug = town.municipality.slug
    owner.post(f"/{slug}/details/", DETAILS)
    with django_capture_on_commit_callbacks(execute=True):
        reference = owner.post(f"/{slug}/check/")["Location"].rstrip("/").rsplit("/", 1)[1]

    response = Client().post(f"/{slug}/appointments/{reference}/reminders/off/")

    assert response.status_code == 404
    with scopes_disabled():
        assert Reservation.objects.get(reference=reference).reminders_off_at is None


def test_switching_off_a_cancelled_appointment_is_refused_clearly():
    town = build_town()
    reservation = _appointment(town, sms_consent=False)
    with scopes_disabled():
        Reservation.objects.filter(pk=reservation.pk).update(status=ReservationStatus.CANCELLED)

    with pytest.raises(BookingError) as refused:
        switch_off_reminders(reservation=reservation)

    assert refused.value.code == "already_cancelled"


def test_switching_off_twice_records_the_first_choice_once():
    town = build_town()
    reservation = _appointment(town, sms_consent=False)
    first = datetime(2030, 1, 1, 12, tzinfo=BRUSSELS)

    switch_off_reminders(reservation=reservation, now=first)
    again = switch_off_reminders(reservation=reservation, now=first + timedelta(hours=1))

    with scopes_disabled():
        changes = reservation.changes.filter(kind=ChangeKind.REMINDERS_OFF).count()
    assert again.reminders_off_at == first and changes == 1


# --- the delivery log -----------------------------------------------------------------------


def test_a_sent_confirmation_is_written_on_the_delivery_log(django_capture_on_commit_callbacks):
    from balie.portal.tests.conftest import confirm

    town = build_town()
    client = Client()
    hold_first_time(client, town)
    with django_capture_on_commit_callbacks(execute=True):
        reference = confirm(client, town)

    with scopes_disabled():
        reservation = Reservation.objects.get(reference=reference)
    log = list_reservation_messages(reservation=reservation)
    confirmation = next(m for m in log if m.kind == "confirmed")
    assert confirmation.status == MessageStatus.SENT and confirmation.attempts == 1
    assert confirmation.channel == Channel.EMAIL and confirmation.sent_at is not None


def test_a_failed_send_is_logged_and_its_retry_updates_the_same_row(monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    from balie.notifications.services import send_appointment_message

    town = build_town()
    reservation = _appointment(town, sms_consent=False)
    real_send = EmailMultiAlternatives.send
    monkeypatch.setattr(
        EmailMultiAlternatives, "send", lambda self: (_ for _ in ()).throw(OSError("refused"))
    )
    with pytest.raises(OSError):
        send_appointment_message(
            municipality_id=town.municipality.pk, reservation_id=reservation.pk, kind="confirmed"
        )
    (failed,) = list_reservation_messages(reservation=reservation)
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)

    send_appointment_message(
        municipality_id=town.municipality.pk, reservation_id=reservation.pk, kind="confirmed"
    )

    (retried,) = list_reservation_messages(reservation=reservation)
    assert failed.status == MessageStatus.FAILED and failed.error == "refused"
    assert retried.pk == failed.pk
    assert retried.status == MessageStatus.SENT and retried.attempts == 2


def test_repeated_failures_list_only_this_municipalitys_failed_and_retried_messages():
    town = build_town()
    elsewhere = build_town(slug="anderdorp")
    mine = _appointment(town, sms_consent=True)
    theirs = _appointment(elsewhere, sms_consent=True, reference="BAL-CONS-03")
    with scopes_disabled():
        for reservation, status, attempts in [
            (mine, MessageStatus.FAILED, 1),
            (mine, MessageStatus.BOUNCED, 1),
            (mine, MessageStatus.PLANNED, 2),  # still retried after two failures
            (mine, MessageStatus.PLANNED, 1),  # one failure is not yet a pattern
            (mine, MessageStatus.SENT, 3),
            (theirs, MessageStatus.FAILED, 5),
        ]:
            Message.objects.create(
                municipality=reservation.municipality,
                reservation=reservation,
                kind="reminder",
                channel=Channel.SMS,
                status=status,
                attempts=attempts,
                due_at=timezone.now() + timedelta(minutes=attempts + len(status)),
            )

    failures = list_repeated_failures(municipality=town.municipality)

    assert sorted((m.status, m.attempts) for m in failures) == [
        (MessageStatus.BOUNCED, 1),
        (MessageStatus.FAILED, 1),
        (MessageStatus.PLANNED, 2),
    ]
