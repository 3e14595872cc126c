# SPDX-License-Identifier: EUPL-1.2
"""Publishing events to subscriptions and delivering them, each delivery exactly once.

A delivery is created once the act it reports has committed (so a rolled-back booking
publishes nothing) and sent after its own commit. A worker claims it with a conditional
UPDATE and a lease, so two workers never send the same delivery at the same time; a worker
that dies mid-send leaves a lease that expires, and the next sweep sends it again under the
same ``webhook-id``, which Standard Webhooks receivers use to de-duplicate.
"""

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from balie.core.leases import claim_due_row, list_due_ids
from balie.tenants.models import Municipality
from balie.webhooks import signing
from balie.webhooks.models import Delivery, DeliveryStatus, EventType, Subscription

logger = logging.getLogger(__name__)

# Standard Webhooks' recommended schedule: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
ROTATION_OVERLAP = timedelta(hours=24)
# Receivers that keep failing are paused, so a dead endpoint does not eat worker time forever.
PAUSE_AFTER_CONSECUTIVE_FAILURES = 15
_MESSAGE_NAMESPACE = uuid.UUID("9f3c1e4a-7b8d-4c5e-9a1f-2d3b4c5d6e7f")


def validate_receiver_url(url: str) -> None:
    allowed = ("https://", "http://") if settings.WEBHOOKS_ALLOW_HTTP else ("https://",)
    if not url.startswith(allowed):
        raise ValidationError(
            _("The receiver URL must start with https://."), code="webhook_url_not_https"
        )


def validate_event_types(event_types: list[str]) -> None:
    unknown = sorted(set(event_types) - set(EventType.values))
    if unknown or not event_types:
        raise ValidationError(
            _("Choose at least one known event; unknown: %(unknown)s."),
            code="webhook_unknown_event",
            params={"unknown": ", ".join(unknown) or "-"},
        )


def create_subscription(
    *,
    municipality: Municipality,
    url: str,
    event_types: list[str],
    scope: str,
    description: str = "",
) -> Subscription:
    validate_receiver_url(url)
    validate_event_types(event_types)
    return Subscription.objects.create(
        municipality=municipality,
        url=url,
        event_types=sorted(set(event_types)),
        scope=scope,
        description=description,
        secret=signing.generate_secret(),
    )


def rotate_secret(*, subscription: Subscription, now: datetime) -> Subscription:
    """A new secret signs from now on; the old one keeps signing for a day beside it."""
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = now + ROTATION_OVERLAP
    subscription.secret = signing.generate_secret()
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    return subscription


def resume_subscription(*, subscription: Subscription, now: datetime) -> int:
    """Un-pause and send what waited meanwhile; returns how many deliveries are due again."""
    subscription.paused_at = None
    subscription.consecutive_failures = 0
    subscription.save(update_fields=["paused_at", "consecutive_failures"])
    return subscription.deliveries.filter(status=DeliveryStatus.PENDING).update(
        next_attempt_at=now
    )


def message_id_for(event_key: str) -> str:
    """The same act reported twice (a retried task, a replayed request) keeps one id."""
    return "msg_" + uuid.uuid5(_MESSAGE_NAMESPACE, event_key).hex


def publish_event(
    *,
    municipality_id: int,
    event_type: str,
    event_key: str,
    build_data: Any,
    now: datetime,
) -> list[int]:
    """Create one delivery per interested subscription and send them after commit.

    Booking calls this from its consequences, after the act committed, so a rolled-back act
    publishes nothing. ``build_data(scope)`` returns the payload's data for a subscription's
    scope, so personal data is only ever built for subscriptions allowed to receive it.
    """
    with transaction.atomic():
        return _create_deliveries(
            municipality_id=municipality_id,
            event_type=event_type,
            event_key=event_key,
            build_data=build_data,
            now=now,
        )


def _create_deliveries(
    *, municipality_id: int, event_type: str, event_key: str, build_data: Any, now: datetime
) -> list[int]:
    from balie.webhooks.payloads import build_envelope

    subscriptions = Subscription.objects.filter(
        municipality_id=municipality_id, active=True, paused_at__isnull=True
    )
    created: list[int] = []
    message_id = message_id_for(event_key)
    for subscription in subscriptions:
        if event_type not in subscription.event_types:
            continue
        payload = build_envelope(
            event_type=event_type, data=build_data(subscription.scope), occurred_at=now
        )
        delivery, was_created = Delivery.objects.get_or_create(
            municipality_id=municipality_id,
            subscription=subscription,
            message_id=message_id,
            defaults={
                "event_type": event_type,
                "payload": json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
                "next_attempt_at": now,
            },
        )
        if was_created:
            created.append(delivery.pk)
    if created:
        from balie.webhooks.tasks import deliver_webhook_task

        def queue_deliveries() -> None:
            for delivery_id in created:
                deliver_webhook_task.delay(delivery_id)

        transaction.on_commit(queue_deliveries)
    return created


# Booking acts that integrators hear about; holds, releases and expiries stay internal.
_BOOKING_EVENTS = {
    "confirmed": EventType.APPOINTMENT_CONFIRMED,
    "moved": EventType.APPOINTMENT_MOVED,
    "cancelled": EventType.APPOINTMENT_CANCELLED,
    "checked_in": EventType.APPOINTMENT_CHECKED_IN,
    "no_show": EventType.APPOINTMENT_NO_SHOW,
    "completed": EventType.APPOINTMENT_COMPLETED,
}
BOOKING_EVENT_KINDS = frozenset(_BOOKING_EVENTS)


def publish_booking_event(event: Any) -> None:
    """The booking consequence: every committed act, from every channel, to subscribers."""
    event_type = _BOOKING_EVENTS.get(str(event.kind))
    if event_type is None:
        return
    from django_scopes import scope

    from balie.booking.models import Reservation
    from balie.webhooks.payloads import build_appointment_data

    with scope(municipality=event.municipality_id):
        if not Subscription.objects.filter(
            municipality_id=event.municipality_id, active=True, paused_at__isnull=True
        ).exists():
            return
        reservation = (
            Reservation.objects.select_related("municipality", "location", "rescheduled_to")
            .filter(pk=event.reservation_id)
            .first()
        )
        if reservation is None:
            return
        publish_event(
            municipality_id=event.municipality_id,
            event_type=event_type,
            event_key=f"{reservation.public_id}:{event.kind}:{event.at.isoformat()}",
            build_data=lambda scope_name: build_appointment_data(
                reservation=reservation, scope=scope_name
            ),
            now=event.at,
        )


@dataclass(frozen=True, kw_only=True)
class AttemptResult:
    delivered: bool
    status_code: int | None = None
    error: str = ""


def _post(*, subscription: Subscription, delivery: Delivery, now: datetime) -> AttemptResult:
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    secrets_in_use = [subscription.secret]
    if subscription.previous_secret and (
        subscription.previous_secret_expires_at and subscription.previous_secret_expires_at > now
    ):
        secrets_in_use.append(subscription.previous_secret)
    headers = signing.build_headers(
        secrets_in_use=secrets_in_use,
        message_id=delivery.message_id,
        timestamp=int(now.timestamp()),
        body=body,
    )
    headers["user-agent"] = "Balie-Webhooks/1"
    try:
        response = requests.post(
            subscription.url,
            data=body,
            headers=headers,
            timeout=(settings.WEBHOOKS_CONNECT_TIMEOUT, settings.WEBHOOKS_READ_TIMEOUT),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return AttemptResult(delivered=False, error=type(error).__name__)
    response.close()
    return AttemptResult(
        delivered=200 <= response.status_code < 300, status_code=response.status_code
    )


def _sendable() -> QuerySet[Delivery]:
    """Deliveries still to send, to subscriptions that are neither paused nor off."""
    return Delivery.objects.filter(
        status=DeliveryStatus.PENDING,
        subscription__paused_at__isnull=True,
        subscription__active=True,
    )


def _claim(*, delivery_id: int, now: datetime) -> bool:
    with scopes_disabled():
        return claim_due_row(
            _sendable(),
            pk=delivery_id,
            now=now,
            lease=timedelta(seconds=settings.WEBHOOKS_LEASE_SECONDS),
        )


def deliver(*, delivery_id: int, now: datetime | None = None) -> AttemptResult | None:
    """One attempt at one delivery; None when another worker has it or it is not due."""
    now = now or timezone.now()
    if not _claim(delivery_id=delivery_id, now=now):
        return None
    with scopes_disabled():
        delivery = Delivery.objects.select_related("subscription").get(pk=delivery_id)
        subscription = delivery.subscription
        result = _post(subscription=subscription, delivery=delivery, now=now)
        _record_attempt(delivery=delivery, result=result, now=now)
    return result


def _record_attempt(*, delivery: Delivery, result: AttemptResult, now: datetime) -> None:
    with transaction.atomic():
        delivery.attempts += 1
        delivery.leased_until = None
        delivery.last_status_code = result.status_code
        delivery.last_error = result.error[:300]
        subscriptions = Subscription.objects.filter(pk=delivery.subscription_id)
        if result.delivered:
            delivery.status = DeliveryStatus.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            subscriptions.update(consecutive_failures=0)
        else:
            if delivery.attempts > len(RETRY_DELAYS):
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + RETRY_DELAYS[delivery.attempts - 1]
            subscriptions.update(consecutive_failures=F("consecutive_failures") + 1)
            subscriptions.filter(
                paused_at__isnull=True,
                consecutive_failures__gte=PAUSE_AFTER_CONSECUTIVE_FAILURES,
            ).update(paused_at=now)
            logger.warning(
                "webhook delivery %s to subscription %s failed (attempt %s): %s",
                delivery.message_id,
                delivery.subscription_id,
                delivery.attempts,
                result.status_code or result.error,
            )
        delivery.save(
            update_fields=[
                "attempts",
                "leased_until",
                "last_status_code",
                "last_error",
                "status",
                "delivered_at",
                "next_attempt_at",
                "updated_at",
            ]
        )


def replay_delivery(*, delivery: Delivery, now: datetime) -> Delivery:
    """Send an event again on an integrator's request, under its original id."""
    delivery.status = DeliveryStatus.PENDING
    delivery.next_attempt_at = now
    delivery.leased_until = None
    delivery.save(update_fields=["status", "next_attempt_at", "leased_until", "updated_at"])
    from balie.webhooks.tasks import deliver_webhook_task

    transaction.on_commit(lambda: deliver_webhook_task.delay(delivery.pk))
    return delivery


def list_due_delivery_ids(*, now: datetime, limit: int = 500) -> list[int]:
    with scopes_disabled():
        return list_due_ids(_sendable(), now=now, limit=limit)
