# SPDX-License-Identifier: EUPL-1.2
"""Reminders through real Celery workers on Redis: sent once, and a worker killed mid-send."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.core.testing.celery_worker import wait_for
from balie.core.testing.receiver import running_receiver
from balie.notifications import reminders
from balie.notifications.models import Message, MessageStatus, ReminderPolicy
from balie.notifications.tasks import send_due_reminders_task
from balie.portal.tests.conftest import build_town


def _due_sms_reminders(count: int) -> None:
    """``count`` appointments whose SMS reminder is due now (SMS only, no e-mail)."""
    town = build_town()
    ReminderPolicy.objects.create(
        municipality=town.municipality, email_hours_before=0, sms_hours_before=1
    )
    now = timezone.now()
    # Planned a while ago, due a second ago; quiet hours off so the clock of CI does not matter.
    ReminderPolicy.objects.filter(municipality=town.municipality).update(
        quiet_from="00:00", quiet_until="00:00"
    )
    with scopes_disabled():
        for n in range(count):
            start = now + timedelta(hours=1, minutes=n % 30)
            reservation = Reservation.objects.create(
                municipality=town.municipality,
                location=town.location,
                status=ReservationStatus.CONFIRMED,
                start=start,
                end=start + timedelta(minutes=10),
                reference=f"BAL-W{n:03d}-00"[:12],
                given_name="An",
                email="an@example.org",
                phone="0470123456",
            )
            reminders.plan_reminders(
                reservation=reservation, sms_consent=True, now=now - timedelta(hours=2)
            )
        Message.objects.update(due_at=now, next_attempt_at=now - timedelta(seconds=1))


def _statuses() -> list[str]:
    with scopes_disabled():
        return list(Message.objects.values_list("status", flat=True))


def test_two_workers_send_each_due_reminder_exactly_once(celery_workers):
    with running_receiver() as gateway:
        celery_workers.env.update(
            SMS_BACKEND="balie.notifications.sms.HttpSmsGateway", SMS_GATEWAY_URL=gateway.url
        )
        _due_sms_reminders(30)
        celery_workers.start(name="w1")
        celery_workers.start(name="w2")

        # Three sweeps race over the same due rows
        for _ in range(3):
            send_due_reminders_task.delay()

        assert wait_for(lambda: _statuses().count(MessageStatus.SENT) == 30)
        references = [body for _, body in gateway.received]
        assert len(references) == 30 and len(set(references)) == 30


def test_a_worker_killed_mid_send_is_taken_over_without_a_second_delivery(celery_workers):
    # Given a gateway that stalls on the first submission, so the worker dies mid-send
    with running_receiver(script=["hang"]) as gateway:
        celery_workers.env.update(
            SMS_BACKEND="balie.notifications.sms.HttpSmsGateway",
            SMS_GATEWAY_URL=gateway.url,
            SMS_GATEWAY_TIMEOUT="30",
            MESSAGE_LEASE_SECONDS="3",
        )
        _due_sms_reminders(1)
        doomed = celery_workers.start(name="doomed")
        send_due_reminders_task.delay()
        assert wait_for(lambda: len(gateway.received) == 1)

        # When it is killed and another worker sweeps after the lease ran out
        celery_workers.kill(doomed)
        celery_workers.start(name="survivor")
        assert wait_for(
            lambda: send_due_reminders_task.delay() and _statuses() == [MessageStatus.SENT],
            seconds=30,
        )

        # Then the gateway was asked twice with one reference, and answered once: one SMS
        assert len(gateway.received) == 2
        first, second = (body for _, body in gateway.received)
        assert first == second
        with scopes_disabled():
            assert Message.objects.get().attempts == 1
