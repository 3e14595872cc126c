# SPDX-License-Identifier: EUPL-1.2
"""Every committed booking act lands in the municipality's audit trail, with who did it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.audit.models import AuditAction, AuditEvent
from balie.booking.actors import Actor, ActorKind
from balie.booking.services import CitizenDetails, cancel_appointment, confirm_hold, hold_visit
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


def test_confirm_and_cancel_are_audited_with_the_actor_and_address(
    django_capture_on_commit_callbacks,
):
    # Given a citizen who books from one address and an API client who cancels
    town = build_town()
    citizen = Actor(kind=ActorKind.CITIZEN, client_address="203.0.113.9")
    integrator = Actor(kind=ActorKind.API_CLIENT, client_address="198.51.100.7")
    start = (timezone.now() + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )

    with django_capture_on_commit_callbacks(execute=True):
        held = hold_visit(
            municipality=town.municipality,
            location=town.location,
            items=[(town.eid.pk, 1)],
            start=start,
            actor=citizen,
        )
        reservation, _token = confirm_hold(
            municipality=town.municipality,
            hold_id=held.public_id,
            details=CitizenDetails(given_name="An", family_name="Peeters", email="an@x.be"),
            actor=citizen,
        )
    with django_capture_on_commit_callbacks(execute=True):
        cancel_appointment(reservation=reservation, actor=integrator)

    # Then the trail names each change, who made it and from where; the hold is not audited
    with scopes_disabled():
        rows = list(
            AuditEvent.objects.filter(
                municipality=town.municipality, action=AuditAction.APPOINTMENT_CHANGED
            ).values_list("detail", "actor_kind", "address", "target_id")
        )
    assert rows == [
        ({"change": "confirmed"}, "citizen", "203.0.113.9", str(reservation.pk)),
        ({"change": "cancelled"}, "api_client", "198.51.100.7", str(reservation.pk)),
    ]
