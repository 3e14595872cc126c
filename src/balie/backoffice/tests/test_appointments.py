# SPDX-License-Identifier: EUPL-1.2
"""Moving and cancelling on behalf of a citizen go through the booking services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit

pytestmark = pytest.mark.django_db


def _booked(town, *, hours_ahead: int = 26) -> Reservation:  # type: ignore[no-untyped-def]
    start = (timezone.now() + timedelta(hours=hours_ahead)).replace(
        minute=0, second=0, microsecond=0
    )
    hold = hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=start,
    )
    reservation, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=hold.public_id,
        details=CitizenDetails(given_name="Jan", family_name="Smet", email="jan@example.org"),
    )
    return reservation


def test_the_admin_moves_an_appointment_and_the_citizen_is_told(
    admin_client, town, django_capture_on_commit_callbacks
):
    # Given a booked visit,
    reservation = _booked(town)
    url = reverse(
        "backoffice:appointment-move", args=[town.municipality.slug, reservation.reference]
    )
    day = timezone.localdate(reservation.start) + timedelta(days=1)
    # when the admin opens the free times of the next day and picks the first,
    page = admin_client.get(url, {"day": day.isoformat()}).content.decode()
    start = page.split('name="start" value="', 1)[1].split('"', 1)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"start": start})
    # then the visit moved, kept its reference, and the citizen got the e-mail.
    assert response.status_code == 302
    with scopes_disabled():
        moved = Reservation.objects.get(reference=reservation.reference)
    assert timezone.localdate(moved.start) == day
    assert moved.status == ReservationStatus.CONFIRMED
    assert [message.to for message in mail.outbox] == [["jan@example.org"]]


def test_a_move_to_a_made_up_time_changes_nothing(admin_client, town):
    reservation = _booked(town)
    url = reverse(
        "backoffice:appointment-move", args=[town.municipality.slug, reservation.reference]
    )

    response = admin_client.post(url, {"start": "not a time"}, follow=True)

    assert "Choose one of the times." in response.content.decode()
    with scopes_disabled():
        assert Reservation.objects.get(pk=reservation.pk).start == reservation.start


def test_the_admin_cancels_on_behalf_and_the_time_is_free_again(
    admin_client, town, django_capture_on_commit_callbacks
):
    reservation = _booked(town)
    url = reverse(
        "backoffice:appointment-cancel", args=[town.municipality.slug, reservation.reference]
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url)

    with scopes_disabled():
        assert Reservation.objects.get(pk=reservation.pk).status == ReservationStatus.CANCELLED
    assert len(mail.outbox) == 1
    # The freed time can be booked again.
    assert _booked(town).start == reservation.start


def test_opening_searching_and_exporting_appointments_is_in_the_audit_trail(admin_client, town):
    from balie.audit.models import AuditAction, AuditEvent

    # Given a booked visit
    reservation = _booked(town)
    slug = town.municipality.slug

    # When the admin searches, opens it and exports the list
    admin_client.get(reverse("backoffice:appointments", args=[slug]), {"q": reservation.reference})
    admin_client.get(reverse("backoffice:appointment", args=[slug, reservation.reference]))
    b"".join(admin_client.get(reverse("backoffice:appointments-export", args=[slug])))

    # Then each read of personal data is recorded for this municipality, with who did it
    with scopes_disabled():
        events = list(
            AuditEvent.objects.filter(municipality_id=town.municipality.pk).values_list(
                "action", "actor_kind"
            )
        )
    for action in (
        AuditAction.APPOINTMENT_SEARCHED,
        AuditAction.APPOINTMENT_VIEWED,
        AuditAction.DATA_EXPORTED,
    ):
        assert (action, "staff") in events
