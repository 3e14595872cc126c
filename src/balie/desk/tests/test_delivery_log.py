# SPDX-License-Identifier: EUPL-1.2
"""Staff see on the appointment every message sent or planned for it, and how it went."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.desk import services
from balie.desk.tests.conftest import book_visit
from balie.notifications.models import Channel, Message, MessageKind, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, town):
    client.force_login(town.clerk)
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)
    return client


def _log(reservation, **fields) -> Message:
    with scopes_disabled():
        return Message.objects.create(
            municipality=reservation.municipality,
            reservation=reservation,
            recipient="an@example.org",
            due_at=fields.pop("due_at", timezone.now()),
            **fields,
        )


def test_the_appointment_page_shows_each_message_with_status_and_attempts(clerk, town):
    # Given an appointment with a sent confirmation, a bounced text and a planned reminder
    visit = book_visit(
        town, start=timezone.now() + timedelta(days=2), legs=[(town.counter_a, town.eid)]
    )
    other = book_visit(
        town, start=timezone.now() + timedelta(days=3), legs=[(town.counter_a, town.eid)]
    )
    _log(
        visit,
        kind=MessageKind.CONFIRMED,
        channel=Channel.EMAIL,
        status=MessageStatus.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    _log(
        visit,
        kind=MessageKind.REMINDER,
        channel=Channel.SMS,
        status=MessageStatus.BOUNCED,
        attempts=3,
        error="number unreachable",
    )
    _log(
        visit,
        kind=MessageKind.REMINDER,
        channel=Channel.EMAIL,
        due_at=timezone.now() + timedelta(days=1),
    )
    _log(other, kind=MessageKind.CONFIRMED, channel=Channel.EMAIL, error="not this one")

    # When the clerk opens the appointment
    page = clerk.get(
        reverse(
            "desk:book-confirmation",
            kwargs={"municipality_slug": town.municipality.slug, "public_id": visit.public_id},
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    # Then every message of this appointment is listed, and none of another's
    log = page.split('id="delivery-log"')[1]
    rows = log.split("<tr>")[2:]
    assert len(rows) == 3
    assert "Confirmation" in rows[0] and "E-mail" in rows[0] and "Sent" in rows[0]
    assert "Text message" in rows[1] and "Bounced: number unreachable" in rows[1]
    assert "<td>3</td>" in rows[1]
    assert "Reminder" in rows[2] and "Planned" in rows[2]
    assert "not this one" not in page


def test_an_appointment_without_messages_says_so(clerk, town):
    visit = book_visit(
        town, start=timezone.now() + timedelta(days=2), legs=[(town.counter_a, town.eid)]
    )

    page = clerk.get(
        reverse(
            "desk:book-confirmation",
            kwargs={"municipality_slug": town.municipality.slug, "public_id": visit.public_id},
        ),
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    assert "No message has been sent or planned for this appointment." in page


def test_booking_on_behalf_records_the_citizens_consent_to_text_reminders(clerk, town):
    from balie.booking.models import Reservation
    from balie.desk.selectors import local_today

    tomorrow = local_today(municipality=town.municipality) + timedelta(days=1)
    search = {
        "location": town.location.pk,
        "day": tomorrow.isoformat(),
        "channel": "phone",
        f"quantity_{town.eid.pk}": 1,
    }
    url = reverse("desk:book", kwargs={"municipality_slug": town.municipality.slug})
    starts = clerk.get(url, search).context["starts"]
    held = clerk.post(url, {**search, "start": starts[1].isoformat()})
    form = clerk.get(held["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()

    clerk.post(
        held["Location"],
        {
            "given_name": "Jan",
            "family_name": "Janssens",
            "phone": "0470 12 34 56",
            "sms_consent": "on",
            "language": "nl",
        },
    )

    box = form.split('name="sms_consent"')[1].split(">")[0]
    assert "checked" not in box
    with scopes_disabled():
        reservation = Reservation.objects.get(family_name="Janssens")
    assert reservation.sms_consent is True and reservation.phone == "+32470123456"
