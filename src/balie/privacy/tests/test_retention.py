# SPDX-License-Identifier: EUPL-1.2
"""Retention: past the period no personal data is left, statistics and the audit chain hold."""

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.audit.models import AuditAction, AuditEvent
from balie.audit.selectors import verify_audit_chains
from balie.audit.services import Actor, record_event
from balie.booking.models import IdempotencyRecord, Reservation, ReservationStatus
from balie.booking.selectors import list_visit_pairs
from balie.desk.tests.conftest import book_visit
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.models import CitizenAppointmentLink
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.privacy.services import PERSONAL_FIELDS, run_housekeeping

pytestmark = pytest.mark.django_db


def _statistics() -> Counter:
    with scopes_disabled():
        return Counter(
            (
                r.municipality_id,
                r.location_id,
                str(list_visit_pairs(reservation=r)),
                r.start,
                r.channel,
                r.status,
            )
            for r in Reservation.objects.all()
        )


def _personal_values() -> list[str]:
    with scopes_disabled():
        rows = Reservation.objects.values_list(*PERSONAL_FIELDS, "manage_token_hash")
        return [value for row in rows for value in row if value]


def test_past_the_retention_period_no_personal_data_is_left(town, other_town):
    # Given appointments in two municipalities, one keeping data 30 days, with a national
    # number, a citizen link, staff access in the audit trail and an expired session
    with scopes_disabled():
        town.municipality.retention_days = 30
        town.municipality.save()
    start = timezone.now() + timedelta(days=1)
    visits = [
        book_visit(town, start=start, legs=[(town.counter_a, town.eid)]),
        book_visit(other_town, start=start, legs=[(other_town.counter_a, other_town.eid)]),
    ]
    with scopes_disabled():
        Reservation.objects.filter(pk=visits[0].pk).update(
            national_number="85073003328", phone="+3291234567", manage_token_hash="ab" * 32
        )
    citizen = sign_in_citizen(identity=Identity(sub="sub-an", capacity=CITIZEN))
    link_appointment(account=citizen, reservation=visits[0])
    for visit, place in zip(visits, (town, other_town), strict=True):
        record_event(
            action=AuditAction.APPOINTMENT_VIEWED,
            actor=Actor.for_user(place.clerk),
            municipality_id=place.municipality.pk,
            target_type="reservation",
            target_id=str(visit.public_id),
        )
    statistics = _statistics()
    # When housekeeping runs 31 days after the appointments
    run_housekeeping(now=start + timedelta(days=31))
    # Then the municipality keeping 30 days has erased, the one keeping 90 has not yet
    with scopes_disabled():
        first, second = (Reservation.objects.get(pk=visit.pk) for visit in visits)
    assert [getattr(first, field) for field in PERSONAL_FIELDS] == [""] * len(PERSONAL_FIELDS)
    assert second.given_name == "An"
    assert not CitizenAppointmentLink.objects.exists()
    # And 91 days after, nothing personal is left anywhere
    run_housekeeping(now=start + timedelta(days=91))
    assert _personal_values() == []
    # And the anonymous facts for statistics are unchanged
    assert _statistics() == statistics
    # And the audit trail says so, with its chains intact
    assert AuditEvent.objects.filter(action=AuditAction.DATA_ERASED).count() == 2
    assert verify_audit_chains() == []
    call_command("verify_audit_chain")


def test_housekeeping_purges_expired_holds_sessions_and_idempotency_records(town):
    now = timezone.now()
    with scopes_disabled():
        lapsed = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.HELD,
            start=now + timedelta(days=3),
            end=now + timedelta(days=3, minutes=10),
            expires_at=now - timedelta(days=2),
        )
        IdempotencyRecord.objects.create(
            municipality=town.municipality,
            key="k",
            scope="holds",
            request_hash="h",
            response_status=201,
            response_body={},
        )
    IdempotencyRecord.objects.with_scopes_disabled().update(created_at=now - timedelta(days=2))
    session = SessionStore()
    session["x"] = 1
    session.set_expiry(-10)
    session.create()

    done = run_housekeeping(now=now)

    assert done["holds_expired"] == 1 and done["holds_purged"] == 1
    with scopes_disabled():
        assert not Reservation.objects.filter(pk=lapsed.pk).exists()
    assert not IdempotencyRecord.objects.with_scopes_disabled().exists()
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_the_runner_works_without_beat_once_per_interval(client, town, settings):
    settings.HOUSEKEEPING_INTERVAL_MINUTES = 60
    from balie.privacy.models import HousekeepingRun

    client.get("/accounts/login/")
    first = HousekeepingRun.objects.get().last_run_at
    # A second process asking at once does not run it again
    from balie.privacy.services import claim_housekeeping_run

    assert first is not None
    assert not claim_housekeeping_run()
    assert claim_housekeeping_run(now=first + timedelta(minutes=61))


def test_audit_retention_prunes_old_entries_and_keeps_the_chain_verifiable(town, settings):
    settings.AUDIT_RETENTION_DAYS = 10
    old = timezone.now() - timedelta(days=20)
    for days in (0, 1, 15):
        record_event(
            action=AuditAction.LOGIN,
            actor=Actor.for_user(town.clerk),
            municipality_id=town.municipality.pk,
            occurred_at=old + timedelta(days=days),
        )

    run_housekeeping()

    assert AuditEvent.objects.filter(action=AuditAction.LOGIN).count() == 1
    assert verify_audit_chains() == []


def test_copies_in_messages_and_webhook_payloads_are_erased_too(town):
    # Given an appointment whose reminder and webhook delivery carry the citizen's contact
    from balie.notifications.models import Channel, Message, MessageKind
    from balie.privacy.services import erase_expired_personal_data
    from balie.webhooks import services as webhooks
    from balie.webhooks.models import Delivery

    visit = book_visit(
        town, start=timezone.now() + timedelta(days=1), legs=[(town.counter_a, town.eid)]
    )
    with scopes_disabled():
        Message.objects.create(
            municipality=town.municipality,
            reservation=visit,
            kind=MessageKind.REMINDER,
            channel=Channel.EMAIL,
            recipient="an.peeters@example.org",
            due_at=timezone.now(),
        )
        webhooks.create_subscription(
            municipality=town.municipality,
            url="https://cases.example/hook",
            event_types=["appointment.confirmed"],
            scope="contact",
        )
        webhooks.publish_event(
            municipality_id=town.municipality.pk,
            event_type="appointment.confirmed",
            event_key="k",
            now=timezone.now(),
            build_data=lambda scope: {"id": str(visit.public_id), "citizen": {"email": "an@x.be"}},
        )

    # When the clock passes the retention period
    erase_expired_personal_data(now=timezone.now() + timedelta(days=200))

    # Then neither copy keeps the citizen's contact
    with scopes_disabled():
        assert Message.objects.get().recipient == ""
        assert "citizen" not in Delivery.objects.get().payload["data"]
