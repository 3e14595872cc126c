# SPDX-License-Identifier: EUPL-1.2
from datetime import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from balie.booking.actors import Actor, ActorKind
from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.portal.selectors import get_month_calendar, list_free_starts
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


CITIZEN = Actor(kind=ActorKind.CITIZEN, site_url="https://balie.example")


def _confirmed(town, *, language: str = "nl") -> tuple[Reservation, str]:
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
    return confirm_hold(
        municipality=town.municipality,
        hold_id=held.public_id,
        details=CitizenDetails(
            given_name="Jan", family_name="Claes", email="jan@example.org", language=language
        ),
        actor=CITIZEN,
    )


def test_the_confirmation_is_sent_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    town = build_town()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _confirmed(town)
        assert mail.outbox == []

    assert callbacks and mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_rolled_back_booking_sends_nothing(django_capture_on_commit_callbacks):
    town = build_town()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _confirmed(town)
            raise RuntimeError("the booking failed after confirming")

    assert callbacks == [] and mail.outbox == []


def test_the_mail_has_text_html_and_a_calendar_file_with_one_event_per_leg(
    django_capture_on_commit_callbacks,
):
    town = build_town()

    with django_capture_on_commit_callbacks(execute=True):
        reservation, token = _confirmed(town, language="en")

    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    name, ics, ics_type = message.attachments[0]
    assert mimetype == "text/html" and "<ol>" in html
    assert "Electronic identity card" in message.body  # in the citizen's language
    path = reverse("portal:appointment", args=[town.municipality.slug, reservation.reference])
    assert "Loket Burgerzaken" in message.body
    assert f"https://balie.example{path}?token={token}" in message.body
    assert name == f"{reservation.reference}.ics" and ics_type.startswith("text/calendar")
    text = ics.decode() if isinstance(ics, bytes) else ics
    assert text.count("BEGIN:VEVENT") == 3


@pytest.mark.parametrize(("formal", "greeting"), [(True, "Dear Jan,"), (False, "Hello Jan,")])
def test_the_greeting_follows_the_municipality_s_voice(
    django_capture_on_commit_callbacks, formal, greeting
):
    town = build_town(slug=f"groet-{formal}".lower(), formal=formal)

    with django_capture_on_commit_callbacks(execute=True):
        _confirmed(town, language="en")

    assert mail.outbox[0].body.startswith(greeting)
    with scopes_disabled():
        assert Reservation.objects.count() == 1
