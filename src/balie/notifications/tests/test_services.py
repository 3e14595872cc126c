# SPDX-License-Identifier: EUPL-1.2
from datetime import datetime

import pytest
from django.core import mail
from django.db import transaction
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.notifications.services import send_appointment_confirmation
from balie.portal.selectors import get_month_calendar, list_free_starts
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


def _confirmed(town, *, language: str = "nl") -> Reservation:
    items = [(town.eid.pk, 2), (town.passport.pk, 1), (town.container.pk, 1)]
    now = datetime.now().astimezone()
    calendar = get_month_calendar(
        municipality=town.municipality, location=town.location, items=items, month=None, now=now
    )
    start = list_free_starts(
        municipality=town.municipality,
        location=town.location,
        items=items,
        day=calendar.first_free_day,
        now=now,
    )[0]
    held = hold_visit(
        municipality=town.municipality, location=town.location, items=items, start=start
    )
    reservation, _token = confirm_hold(
        municipality=town.municipality,
        hold_id=held.public_id,
        details=CitizenDetails(
            given_name="Jan", family_name="Claes", email="jan@example.org", language=language
        ),
    )
    return reservation


def test_the_confirmation_is_sent_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    town = build_town()
    reservation = _confirmed(town)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            send_appointment_confirmation(
                municipality_id=town.municipality.pk,
                reservation_id=reservation.pk,
                manage_url="https://balie.example/x",
            )
            assert mail.outbox == []

    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_a_rolled_back_booking_sends_nothing(django_capture_on_commit_callbacks):
    town = build_town()
    reservation = _confirmed(town)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_appointment_confirmation(
                municipality_id=town.municipality.pk,
                reservation_id=reservation.pk,
                manage_url="https://balie.example/x",
            )
            raise RuntimeError("the booking failed after queuing")

    assert callbacks == [] and mail.outbox == []


def test_the_mail_has_text_html_and_a_calendar_file_with_one_event_per_leg(
    django_capture_on_commit_callbacks,
):
    town = build_town()
    reservation = _confirmed(town, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        send_appointment_confirmation(
            municipality_id=town.municipality.pk,
            reservation_id=reservation.pk,
            manage_url="https://balie.example/manage?token=abc",
        )

    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    name, ics, ics_type = message.attachments[0]
    assert mimetype == "text/html" and "<ol>" in html
    assert "Electronic identity card" in message.body  # in the citizen's language
    assert (
        "Loket Burgerzaken" in message.body
        and "https://balie.example/manage?token=abc" in message.body
    )
    assert name == f"{reservation.reference}.ics" and ics_type.startswith("text/calendar")
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert text.count("BEGIN:VEVENT") == 3


@pytest.mark.parametrize(("formal", "greeting"), [(True, "Dear Jan,"), (False, "Hello Jan,")])
def test_the_greeting_follows_the_municipality_s_voice(
    django_capture_on_commit_callbacks, formal, greeting
):
    town = build_town(slug=f"groet-{formal}".lower(), formal=formal)
    reservation = _confirmed(town, language="en")

    with django_capture_on_commit_callbacks(execute=True):
        send_appointment_confirmation(
            municipality_id=town.municipality.pk, reservation_id=reservation.pk, manage_url="x"
        )

    assert mail.outbox[0].body.startswith(greeting)
    with scopes_disabled():
        assert Reservation.objects.count() == 1
