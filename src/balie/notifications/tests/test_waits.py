# SPDX-License-Identifier: EUPL-1.2
"""The wait between two counters, as the citizen reads it: page, e-mail and calendar file."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.notifications.selectors import get_itinerary
from balie.notifications.services import MessageKind, send_appointment_message
from balie.portal.tests.conftest import Town, build_town

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def visit_day_at(hour: int, minute: int = 0) -> datetime:
    """A time the day after tomorrow: always bookable whatever the clock says now."""
    day = datetime.now(BRUSSELS).date() + timedelta(days=2)
    return datetime.combine(day, time(hour, minute), BRUSSELS)


def book_with_a_wait(town: Town) -> tuple[Reservation, str]:
    """Identity card at 09:00, passport at 09:30: its counter is held 09:10-09:30."""
    hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.passport.pk, 1)],
        start=visit_day_at(9, 10),
    )
    held = hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1), (town.passport.pk, 1)],
        start=visit_day_at(9),
    )
    return confirm_hold(
        municipality=town.municipality,
        hold_id=held.public_id,
        details=CitizenDetails(
            given_name="Jan", family_name="Claes", email="jan@example.org", language="nl"
        ),
    )


@pytest.mark.parametrize(("formal", "sentence"), [(True, "U wacht"), (False, "Je wacht")])
def test_the_itinerary_tells_the_wait_before_a_counter_in_the_municipality_s_voice(
    formal, sentence
):
    # Given a visit whose second counter follows after a 20-minute wait
    town = build_town(slug=f"wacht-{formal}".lower(), formal=formal, max_wait_minutes=20)
    reservation, _token = book_with_a_wait(town)

    # When its itinerary is read in Dutch
    with translation.override("nl"):
        itinerary = get_itinerary(reservation=reservation)

    # Then only the second leg has a wait, said in the municipality's form of address
    assert [leg.wait_minutes for leg in itinerary.legs] == [0, 20]
    assert itinerary.legs[0].wait_note == ""
    assert itinerary.legs[1].wait_note == (
        f"{sentence} ongeveer 20 minuten in de wachtzaal voor dit loket."
    )
    assert [leg.start.strftime("%H:%M") for leg in itinerary.legs] == ["09:00", "09:30"]


def test_the_mail_and_calendar_file_show_each_leg_s_time_and_the_wait():
    # Given the same visit with a wait, booked in English
    town = build_town(slug="wachtmail", max_wait_minutes=20)
    reservation, _token = book_with_a_wait(town)
    reservation.language = "en"
    reservation.save()

    # When the confirmation is sent
    mail.outbox.clear()
    send_appointment_message(
        municipality_id=town.municipality.pk,
        reservation_id=reservation.pk,
        kind=MessageKind.CONFIRMED,
    )

    # Then text, HTML and calendar file give both legs' times and the wait before the second
    message = mail.outbox[0]
    html = message.alternatives[0][0]
    ics = message.attachments[0][1]
    ics_text = (ics.decode() if isinstance(ics, bytes) else ics).replace("\r\n ", "")
    note = "You wait about 20 minutes in the waiting room before this counter."
    assert "09:00–09:10 at Loket Burgerzaken" in message.body
    assert "09:30–09:50 at Loket Reizen" in message.body
    assert message.body.index(note) < message.body.index("09:30–09:50")
    assert note in html
    assert ics_text.count(note) == 1


def test_the_appointment_page_shows_the_wait_in_the_route(client: Client):
    # Given a booked visit with a wait and its manage token in the session
    town = build_town(slug="wachtpagina", max_wait_minutes=20)
    reservation, token = book_with_a_wait(town)
    slug, reference = town.municipality.slug, reservation.reference

    # When the citizen opens it with the link from the e-mail
    page = client.get(
        f"/{slug}/appointments/{reference}/",
        {"token": token},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()

    # Then the route gives the wait just before the passport counter's time
    route = page[page.index('<ol class="itinerary">') :]
    note = "You wait about 20 minutes in the waiting room before this counter."
    assert route.index("09:00–09:10 at Loket Burgerzaken") < route.index(note)
    assert route.index(note) < route.index("09:30–09:50 at Loket Reizen")
