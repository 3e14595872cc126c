# SPDX-License-Identifier: EUPL-1.2
"""The sweep queues a due reminder once per lease, so a backlog is not queued every sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.notifications import reminders
from balie.notifications.models import Channel, Message, MessageKind, MessageStatus
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


def _due_reminder(town, *, due) -> Message:
    start = due + timedelta(hours=3)
    with scopes_disabled():
        reservation = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=start,
            end=start + timedelta(minutes=10),
            reference="BAL-SWEP-01",
            given_name="An",
            email="an@example.org",
        )
        return Message.objects.create(
            municipality=town.municipality,
            reservation=reservation,
            kind=MessageKind.REMINDER,
            channel=Channel.EMAIL,
            recipient="an@example.org",
            due_at=due,
            next_attempt_at=due,
        )


def test_a_second_sweep_before_the_send_does_not_queue_the_reminder_again(settings):
    settings.MESSAGE_LEASE_SECONDS = 120
    now = timezone.now()
    message = _due_reminder(build_town(), due=now - timedelta(seconds=1))

    first, until = reminders.queue_due_reminders(now=now)
    second, _later = reminders.queue_due_reminders(now=now + timedelta(seconds=30))

    assert first == [message.pk] and second == []
    assert until == now + timedelta(seconds=120)


def test_the_queued_task_still_sends_it_and_only_once(settings, mailoutbox):
    now = timezone.now()
    message = _due_reminder(build_town(), due=now - timedelta(seconds=1))
    (queued,), until = reminders.queue_due_reminders(now=now)

    sent = reminders.send_reminder(message_id=queued, now=now + timedelta(seconds=5), due_by=until)
    again = reminders.send_reminder(
        message_id=queued, now=now + timedelta(seconds=6), due_by=until
    )

    assert sent == MessageStatus.SENT and again is None
    assert len(mailoutbox) == 1
    with scopes_disabled():
        assert Message.objects.get(pk=message.pk).attempts == 1


def test_a_task_lost_with_its_broker_is_queued_again_after_the_lease(settings):
    settings.MESSAGE_LEASE_SECONDS = 60
    now = timezone.now()
    message = _due_reminder(build_town(), due=now - timedelta(seconds=1))
    reminders.queue_due_reminders(now=now)

    # No worker ever ran the task; a minute later the sweep takes the reminder again
    requeued, _until = reminders.queue_due_reminders(now=now + timedelta(seconds=61))

    assert requeued == [message.pk]


def test_a_stale_task_of_an_earlier_sweep_does_not_take_a_requeued_reminder(settings):
    settings.MESSAGE_LEASE_SECONDS = 60
    now = timezone.now()
    _due_reminder(build_town(), due=now - timedelta(seconds=1))
    (queued,), stale_until = reminders.queue_due_reminders(now=now)
    _ids, _fresh_until = reminders.queue_due_reminders(now=now + timedelta(seconds=61))

    # The old task arrives late, before the new put-off time has passed
    taken = reminders.send_reminder(
        message_id=queued, now=now + timedelta(seconds=62), due_by=stale_until
    )

    assert taken is None
