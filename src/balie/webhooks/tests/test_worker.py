# SPDX-License-Identifier: EUPL-1.2
"""Webhooks through real Celery workers on Redis: once each, retried, and a killed worker."""

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from standardwebhooks.webhooks import Webhook

from balie.core.testing.celery_worker import wait_for
from balie.core.testing.receiver import running_receiver
from balie.tenants.tests.factories import MunicipalityFactory
from balie.webhooks import services
from balie.webhooks.models import Delivery, DeliveryStatus, EventType
from balie.webhooks.tasks import send_due_webhooks_task

CONFIRMED = EventType.APPOINTMENT_CONFIRMED


def _subscribe(url: str):
    with scopes_disabled():
        municipality = MunicipalityFactory()
        subscription = services.create_subscription(
            municipality=municipality, url=url, event_types=[CONFIRMED], scope="minimal"
        )
    return municipality, subscription


def _publish(municipality, *, count: int = 1) -> None:
    for n in range(count):
        with transaction.atomic(), scopes_disabled():
            services.publish_event(
                municipality_id=municipality.pk,
                event_type=CONFIRMED,
                event_key=f"visit-{n}:confirmed",
                build_data=lambda scope, n=n: {"visit": n},
                now=timezone.now(),
            )


def _statuses() -> list[str]:
    with scopes_disabled():
        return list(Delivery.objects.values_list("status", flat=True))


def test_two_workers_deliver_each_event_exactly_once(celery_workers):
    with running_receiver() as receiver:
        # Given two workers on one Redis queue
        municipality, subscription = _subscribe(receiver.url)
        celery_workers.start(name="w1")
        celery_workers.start(name="w2")

        # When 20 events are published and the retry sweep also runs while they are sent
        _publish(municipality, count=20)
        send_due_webhooks_task.delay()
        send_due_webhooks_task.delay()

        # Then each event reached the receiver once, verified by the official library
        assert wait_for(lambda: _statuses().count(DeliveryStatus.SUCCEEDED) == 20)
        ids = [headers["webhook-id"] for headers, _ in receiver.received]
        assert len(ids) == 20 and len(set(ids)) == 20
        for headers, body in receiver.received:
            Webhook(subscription.secret).verify(body, headers)


def test_a_failed_delivery_is_retried_by_the_sweep(celery_workers):
    with running_receiver(script=[500]) as receiver:
        municipality, _ = _subscribe(receiver.url)
        celery_workers.start()
        _publish(municipality)
        assert wait_for(lambda: len(receiver.received) == 1)
        assert _statuses() == [DeliveryStatus.PENDING]

        # The first retry is due 5 s later; the periodic sweep sends it
        assert wait_for(
            lambda: send_due_webhooks_task.delay() and _statuses() == [DeliveryStatus.SUCCEEDED],
            seconds=20,
        )
        assert len(receiver.received) == 2
        assert receiver.received[0][0]["webhook-id"] == receiver.received[1][0]["webhook-id"]


def test_a_worker_killed_mid_delivery_is_taken_over_without_a_duplicate(celery_workers):
    celery_workers.env["WEBHOOKS_LEASE_SECONDS"] = "3"
    celery_workers.env["WEBHOOKS_READ_TIMEOUT"] = "30"
    # Given a receiver that stalls on the first request, so the worker is caught mid-send
    with running_receiver(script=["hang"]) as receiver:
        municipality, _ = _subscribe(receiver.url)
        first = celery_workers.start(name="doomed")
        _publish(municipality)
        assert wait_for(lambda: len(receiver.received) == 1)

        # When that worker is killed and another takes over after the lease
        celery_workers.kill(first)
        celery_workers.start(name="survivor")
        assert wait_for(
            lambda: send_due_webhooks_task.delay() and _statuses() == [DeliveryStatus.SUCCEEDED],
            seconds=30,
        )

        # Then the event was answered once: the stalled request never got a 2xx
        with scopes_disabled():
            delivery = Delivery.objects.get()
        assert delivery.attempts == 1 and delivery.last_status_code == 200
        assert len(receiver.received) == 2
        assert len({headers["webhook-id"] for headers, _ in receiver.received}) == 1
