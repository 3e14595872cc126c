# SPDX-License-Identifier: EUPL-1.2
"""The calendar file of every message updates the event the citizen already has."""

import re
from datetime import datetime

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled
from icalendar import Calendar

from balie.booking.models import Reservation
from balie.portal.tests.conftest import book, build_town, first_link, time_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return build_town()


def _attached_calendar(message) -> tuple[Calendar, str]:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    _name, content, mimetype = attachment
    return Calendar.from_ical(content), mimetype


def _events(calendar: Calendar) -> list:
    return [component for component in calendar.walk("VEVENT")]


def _book_move_and_cancel(town, django_capture_on_commit_callbacks) -> None:
    browser = Client()
    slug = town.municipality.slug
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(browser, town)
    with scopes_disabled():
        before = Reservation.objects.get().start
    calendar = browser.get(f"/{slug}/appointments/{reference}/move/").content.decode()
    day_url = first_link(calendar, rf"/{slug}/appointments/{reference}/move/[\d-]+/")
    later = [
        s
        for s in time_values(browser.get(day_url).content.decode())
        if datetime.fromisoformat(s) != before
    ][-1]
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/{slug}/appointments/{reference}/move/confirm/", {"start": later})
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/{slug}/appointments/{reference}/cancel/")


def test_confirm_move_and_cancel_send_request_request_cancel_with_growing_sequence(
    town, django_capture_on_commit_callbacks
):
    _book_move_and_cancel(town, django_capture_on_commit_callbacks)

    confirmed, moved, cancelled = (_attached_calendar(m) for m in mail.outbox)

    assert [c["METHOD"] for c, _type in (confirmed, moved, cancelled)] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    assert [mimetype.split("method=")[1] for _c, mimetype in (confirmed, moved, cancelled)] == [
        "REQUEST",
        "REQUEST",
        "CANCEL",
    ]
    per_file = [_events(calendar) for calendar, _type in (confirmed, moved, cancelled)]
    # Every file speaks of the same events (one per counter of the visit), under the same UIDs
    uids = [sorted(str(event["UID"]) for event in events) for events in per_file]
    assert uids[0] == uids[1] == uids[2] and len(uids[0]) == 3
    # ... each change a higher SEQUENCE, so the calendar takes the newer one
    sequences = [{int(event["SEQUENCE"]) for event in events} for events in per_file]
    assert sequences == [{0}, {1}, {2}]
    assert {str(event["STATUS"]) for event in per_file[1]} == {"CONFIRMED"}
    assert {str(event["STATUS"]) for event in per_file[2]} == {"CANCELLED"}
    # ... the move changed the times the calendar shows
    assert per_file[0][0]["DTSTART"].dt != per_file[1][0]["DTSTART"].dt
    for event in per_file[0]:
        assert str(event["ORGANIZER"]).startswith("mailto:")
        assert str(event["ATTENDEE"]) == "mailto:an.peeters@example.org"


def test_the_downloaded_file_carries_the_current_sequence(
    town, django_capture_on_commit_callbacks
):
    browser = Client()
    slug = town.municipality.slug
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(browser, town)
    attached, _type = _attached_calendar(mail.outbox[0])
    with scopes_disabled():
        reservation = Reservation.objects.get()
        reservation.changes.create(
            municipality=reservation.municipality,
            kind="moved",
            actor_kind="system",
            at=reservation.start,
        )

    download = browser.get(f"/{slug}/appointments/{reference}/calendar.ics")

    downloaded = Calendar.from_ical(download.content)
    assert downloaded["METHOD"] == "REQUEST"
    assert re.search(r"^SEQUENCE:1\r?$", download.content.decode(), re.M)
    assert {str(e["UID"]) for e in _events(downloaded)} == {
        str(e["UID"]) for e in _events(attached)
    }
