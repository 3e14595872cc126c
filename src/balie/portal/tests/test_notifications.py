# SPDX-License-Identifier: EUPL-1.2
"""The portal channel: confirm, move and cancel each send the citizen one message, in their
language, also when the browser sends the same step twice (double click, a second tab)."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import pgettext
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.portal.tests.conftest import DETAILS, first_link, hold_first_time, time_values

pytestmark = pytest.mark.django_db


def _stale_copy(client):  # type: ignore[no-untyped-def]
    """The session as a second tab still has it."""
    return dict(client.session.items())


def _restore(client, data) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session.clear()
    session.update(data)
    session.save()


def _subject(message: str, reservation: Reservation, language: str) -> str:
    voice = "formal" if reservation.municipality.formal_address else "informal"
    with translation.override(language):
        return pgettext(voice, message) % {
            "municipality": reservation.municipality.name,
            "reference": reservation.reference,
        }


def test_confirm_move_and_cancel_each_mail_once_in_the_citizens_language(
    client, town, django_capture_on_commit_callbacks
):
    slug = town.municipality.slug
    hold_first_time(client, town)
    client.post(f"/{slug}/details/", DETAILS, HTTP_ACCEPT_LANGUAGE="fr")
    second_tab = _stale_copy(client)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/{slug}/check/", HTTP_ACCEPT_LANGUAGE="fr")
        _restore(client, second_tab)
        again = client.post(f"/{slug}/check/", HTTP_ACCEPT_LANGUAGE="fr")

    with scopes_disabled():
        appointment = Reservation.objects.select_related("municipality").get()
    base = f"/{slug}/appointments/{appointment.reference}/"
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == base
    # The second tab shows the appointment, not "your time has expired".
    assert client.get(base).status_code == 200
    assert appointment.language == "fr"
    assert [m.subject for m in mail.outbox] == [
        _subject("Your appointment at %(municipality)s: %(reference)s", appointment, "fr")
    ]

    day_url = first_link(client.get(f"{base}move/").content.decode(), rf"{base}move/[0-9-]+/")
    start = time_values(client.get(day_url).content.decode())[-1]
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            moved = client.post(f"{base}move/confirm/", {"start": start})
            assert moved.status_code == 302

    assert mail.outbox[-1].subject == _subject(
        "Your appointment at %(municipality)s has been moved (%(reference)s)", appointment, "fr"
    )
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            assert client.post(f"{base}cancel/").status_code == 302

    appointment.refresh_from_db()
    assert appointment.status == ReservationStatus.CANCELLED
    assert len(mail.outbox) == 3
    assert mail.outbox[-1].subject == _subject(
        "Your appointment at %(municipality)s has been cancelled (%(reference)s)",
        appointment,
        "fr",
    )


def test_a_get_on_a_post_only_step_leads_back_to_that_step(client, town):
    slug = town.municipality.slug

    visit = client.get(f"/{slug}/visit/")
    hold = client.get(f"/{slug}/hold/")

    assert visit.status_code == 302 and visit["Location"] == f"/{slug}/"
    assert hold.status_code == 302 and hold["Location"] == f"/{slug}/day/"
