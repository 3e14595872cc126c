# SPDX-License-Identifier: EUPL-1.2
"""Publishing and delivering webhooks, checked by the official Standard Webhooks library."""

import json
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from standardwebhooks.webhooks import Webhook

from balie.core.testing.receiver import running_receiver
from balie.tenants.tests.factories import MunicipalityFactory
from balie.webhooks import services
from balie.webhooks.models import Delivery, DeliveryStatus, EventType, PayloadScope

pytestmark = pytest.mark.django_db

CONFIRMED = EventType.APPOINTMENT_CONFIRMED


def _data(scope: str) -> dict:
    data = {"id": "a1", "reference": "BAL-TEST-01"}
    if scope == PayloadScope.CONTACT:
        data["citizen"] = {"email": "jan@example.org"}
    return data


def _publish(municipality, *, event_type=CONFIRMED, key="a1:confirmed"):
    with transaction.atomic():
        return services.publish_event(
            municipality_id=municipality.pk,
            event_type=event_type,
            event_key=key,
            build_data=_data,
            now=timezone.now(),
        )


@pytest.fixture
def municipality():
    with scopes_disabled():
        return MunicipalityFactory()


def test_a_delivery_is_signed_so_the_official_library_verifies_it(
    municipality, django_capture_on_commit_callbacks
):
    with running_receiver() as receiver, scopes_disabled():
        # Given a subscription to confirmations
        subscription = services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        # When an appointment is confirmed and the transaction commits
        with django_capture_on_commit_callbacks(execute=True):
            _publish(municipality)

        # Then the receiver got one request that Standard Webhooks' own code accepts
        assert len(receiver.received) == 1
        headers, body = receiver.received[0]
        payload = Webhook(subscription.secret).verify(body, headers)
        assert payload["type"] == "appointment.confirmed"
        assert payload["version"] == 1
        assert payload["data"] == {"id": "a1", "reference": "BAL-TEST-01"}
        assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_a_tampered_body_or_another_secret_is_rejected_by_the_official_library(municipality):
    with running_receiver() as receiver, scopes_disabled():
        subscription = services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        (delivery_id,) = _publish(municipality)
        services.deliver(delivery_id=delivery_id)
        headers, body = receiver.received[0]

        with pytest.raises(Exception, match="signature"):
            Webhook(subscription.secret).verify(body.replace(b"a1", b"a2"), headers)
        other = services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        with pytest.raises(Exception, match="signature"):
            Webhook(other.secret).verify(body, headers)


def test_during_a_rotation_both_secrets_verify(municipality):
    with running_receiver() as receiver, scopes_disabled():
        subscription = services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        old_secret = subscription.secret
        services.rotate_secret(subscription=subscription, now=timezone.now())
        (delivery_id,) = _publish(municipality)
        services.deliver(delivery_id=delivery_id)
        headers, body = receiver.received[0]

        assert Webhook(old_secret).verify(body, headers)
        assert Webhook(subscription.secret).verify(body, headers)
        assert len(headers["webhook-signature"].split(" ")) == 2


def test_only_subscribed_events_and_allowed_personal_data_are_sent(municipality):
    with scopes_disabled():
        minimal = services.create_subscription(
            municipality=municipality,
            url="http://127.0.0.1:9/a",
            event_types=[CONFIRMED],
            scope=PayloadScope.MINIMAL,
        )
        contact = services.create_subscription(
            municipality=municipality,
            url="http://127.0.0.1:9/b",
            event_types=[CONFIRMED],
            scope=PayloadScope.CONTACT,
        )
        services.create_subscription(
            municipality=municipality,
            url="http://127.0.0.1:9/c",
            event_types=[EventType.APPOINTMENT_CANCELLED],
            scope=PayloadScope.CONTACT,
        )
        other_town = MunicipalityFactory()
        services.create_subscription(
            municipality=other_town,
            url="http://127.0.0.1:9/d",
            event_types=[CONFIRMED],
            scope=PayloadScope.CONTACT,
        )

        _publish(municipality)

        deliveries = {d.subscription_id: d.payload["data"] for d in Delivery.objects.all()}
        assert set(deliveries) == {minimal.pk, contact.pk}
        assert "citizen" not in deliveries[minimal.pk]
        assert deliveries[contact.pk]["citizen"] == {"email": "jan@example.org"}


def test_the_same_act_published_twice_makes_one_delivery(municipality):
    with scopes_disabled():
        services.create_subscription(
            municipality=municipality,
            url="http://127.0.0.1:9/",
            event_types=[CONFIRMED],
            scope="minimal",
        )
        first = _publish(municipality)
        again = _publish(municipality)

        assert len(first) == 1 and again == []
        assert Delivery.objects.count() == 1


def test_failures_are_retried_with_backoff_then_succeed_under_the_same_id(municipality):
    with running_receiver(script=[503, 429]) as receiver, scopes_disabled():
        services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        (delivery_id,) = _publish(municipality)
        now = timezone.now()

        # When the receiver fails twice
        assert services.deliver(delivery_id=delivery_id, now=now).delivered is False
        delivery = Delivery.objects.get()
        assert delivery.next_attempt_at == now + services.RETRY_DELAYS[0]
        # Not due yet: a sweep before the backoff sends nothing
        assert services.list_due_delivery_ids(now=now + timedelta(seconds=1)) == []
        later = now + timedelta(seconds=6)
        assert services.deliver(delivery_id=delivery_id, now=later).delivered is False
        assert Delivery.objects.get().next_attempt_at > later + timedelta(minutes=4)
        result = services.deliver(delivery_id=delivery_id, now=later + timedelta(minutes=6))

        # Then the third attempt succeeds, and all three carried one webhook-id
        assert result.delivered is True
        ids = {headers["webhook-id"] for headers, _ in receiver.received}
        assert len(receiver.received) == 3 and len(ids) == 1
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            DeliveryStatus.SUCCEEDED,
            3,
            200,
        )


def test_a_receiver_that_keeps_failing_is_paused_and_resumed(municipality):
    with running_receiver(script=[500] * 100) as receiver, scopes_disabled():
        subscription = services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        for n in range(services.PAUSE_AFTER_CONSECUTIVE_FAILURES):
            (delivery_id,) = _publish(municipality, key=f"a{n}")
            services.deliver(delivery_id=delivery_id)
        now = timezone.now()
        subscription.refresh_from_db()
        assert subscription.paused_at is not None

        # While paused nothing new is published to it and nothing is retried
        assert _publish(municipality, key="while-paused") == []
        assert services.list_due_delivery_ids(now=now + timedelta(days=1)) == []

        assert services.resume_subscription(subscription=subscription, now=now) == (
            services.PAUSE_AFTER_CONSECUTIVE_FAILURES
        )
        assert len(services.list_due_delivery_ids(now=now)) == (
            services.PAUSE_AFTER_CONSECUTIVE_FAILURES
        )


def test_a_receiver_that_hangs_is_cut_off_after_the_read_timeout(municipality, settings):
    settings.WEBHOOKS_READ_TIMEOUT = 1
    with running_receiver(script=["hang"]) as receiver, scopes_disabled():
        services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        (delivery_id,) = _publish(municipality)

        started = time.monotonic()
        result = services.deliver(delivery_id=delivery_id)
        elapsed = time.monotonic() - started

        assert result.delivered is False and result.error == "ReadTimeout"
        assert elapsed < 10
        assert Delivery.objects.get().status == DeliveryStatus.PENDING


def test_a_delivery_another_worker_holds_is_not_sent_again(municipality):
    with running_receiver() as receiver, scopes_disabled():
        services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        (delivery_id,) = _publish(municipality)
        now = timezone.now()
        assert services._claim(delivery_id=delivery_id, now=now)

        assert services.deliver(delivery_id=delivery_id, now=now) is None
        assert receiver.received == []
        # The lease of a worker that died expires, and then the delivery goes out
        after_lease = now + timedelta(seconds=61)
        assert services.deliver(delivery_id=delivery_id, now=after_lease).delivered is True


def test_replay_sends_again_with_the_original_id(municipality):
    with running_receiver() as receiver, scopes_disabled():
        services.create_subscription(
            municipality=municipality, url=receiver.url, event_types=[CONFIRMED], scope="minimal"
        )
        (delivery_id,) = _publish(municipality)
        services.deliver(delivery_id=delivery_id)
        with transaction.atomic():
            services.replay_delivery(delivery=Delivery.objects.get(), now=timezone.now())
        services.deliver(delivery_id=delivery_id)

        assert len(receiver.received) == 2
        first, second = (json.loads(body) for _, body in receiver.received)
        assert first == second
        assert receiver.received[0][0]["webhook-id"] == receiver.received[1][0]["webhook-id"]


def test_receiver_urls_must_be_https_outside_development(municipality, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error, scopes_disabled():
        services.create_subscription(
            municipality=municipality,
            url="http://intranet/",
            event_types=[CONFIRMED],
            scope="minimal",
        )
    assert error.value.code == "webhook_url_not_https"
