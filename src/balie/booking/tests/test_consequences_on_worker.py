# SPDX-License-Identifier: EUPL-1.2
"""With a broker, what follows a booking act runs on a Celery worker, not in the request.

The confirmation e-mail, the planned reminders and the audit trail of a confirmation are
made by a real worker on Redis; the request itself only queues one task. A broker that
refuses the task does not lose them: they run in the process instead.
"""

from datetime import timedelta

import redis
from django.core import mail
from django_scopes import scopes_disabled

from balie.audit.models import AuditEvent
from balie.booking.actors import Actor, ActorKind
from balie.booking.consequences import BookingEvent, ChangeKind
from balie.booking.tests.conftest import NOW, at
from balie.booking.tests.test_services import book, hold
from balie.core.testing.celery_worker import TEST_REDIS_URL, wait_for
from balie.notifications.models import Message, MessageKind, MessageStatus


def _queued_tasks() -> int:
    return int(redis.Redis.from_url(TEST_REDIS_URL).llen("celery"))


def _messages(kind: str) -> list[Message]:
    with scopes_disabled():
        return list(Message.objects.filter(kind=kind))


def _audited(reservation_id: int) -> bool:
    with scopes_disabled():
        return AuditEvent.objects.filter(target_id=str(reservation_id)).exists()


def test_a_confirmation_queues_one_task_and_a_worker_does_what_follows(town, celery_workers):
    # Given a broker and no worker running yet
    celery_workers.env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

    # When a visit is held and confirmed
    reservation, _token = book(town, [(town.eid.pk, 1)], at(2, 9))

    # Then the request sent nothing, planned nothing and audited nothing itself: the hold
    # (which nobody reacts to) queued no task and the confirmation queued one
    assert _queued_tasks() == 1
    assert mail.outbox == []
    assert _messages(MessageKind.CONFIRMED) == [] and _messages(MessageKind.REMINDER) == []
    assert not _audited(reservation.pk)

    # When a worker starts
    celery_workers.start(name="w1")

    # Then it sends the confirmation, plans the reminder and writes the audit trail
    assert wait_for(
        lambda: [m.status for m in _messages(MessageKind.CONFIRMED)] == [MessageStatus.SENT]
    )
    assert wait_for(lambda: len(_messages(MessageKind.REMINDER)) == 1)
    assert wait_for(lambda: _audited(reservation.pk))


def test_a_broker_that_refuses_the_task_does_not_lose_the_consequences(
    town, celery_workers, settings
):
    # Given a broker nobody listens on
    from balie.celery import app
    from balie.core.testing.celery_worker import _reset_connections

    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {"max_retries": 0}
    app.conf.task_publish_retry = False
    _reset_connections(app)
    try:
        # When a visit is booked
        reservation, _token = book(town, [(town.eid.pk, 1)], at(2, 9))
    finally:
        app.conf.task_publish_retry = True
        app.conf.broker_transport_options = {}

    # Then what follows ran in the process: the e-mail, the reminder and the audit trail
    assert len(mail.outbox) == 1
    assert [m.status for m in _messages(MessageKind.CONFIRMED)] == [MessageStatus.SENT]
    assert len(_messages(MessageKind.REMINDER)) == 1
    assert _audited(reservation.pk)


def test_a_hold_queues_nothing(town, celery_workers):
    # Given a broker; when a hold is made (no handler reacts to holds)
    hold(town, [(town.eid.pk, 1)], at(2, 9))

    # Then no task waits for a worker
    assert _queued_tasks() == 0


def test_an_event_survives_the_trip_through_the_broker_unchanged():
    event = BookingEvent(
        kind=ChangeKind.MOVED,
        municipality_id=3,
        reservation_id=41,
        actor=Actor(
            kind=ActorKind.STAFF,
            user_id=7,
            client_address="192.0.2.1",
            site_url="https://afspraak.example.be",
        ),
        at=NOW + timedelta(minutes=5),
        notify_citizen=False,
        manage_token="secret-token",
    )

    assert BookingEvent.from_message(event.to_message()) == event
