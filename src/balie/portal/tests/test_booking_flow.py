# SPDX-License-Identifier: EUPL-1.2
"""The booking steps through Django's test client: products, location, day, time, details."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.exceptions import BookingError
from balie.booking.models import CounterTimeUnit, Leg, Reservation, ReservationStatus
from balie.booking.selectors import list_visit_pairs
from balie.booking.services import hold_visit
from balie.catalog.tests.factories import CounterServiceFactory, LocationFactory
from balie.portal.tests.conftest import (
    DETAILS,
    add_products,
    book,
    build_town,
    first_link,
    hold_first_time,
    time_values,
)
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


# --- products -----------------------------------------------------------------------------


def test_search_page_finds_a_product_by_synonym_and_shows_what_to_bring(client, town):
    response = client.get(
        f"/{town.municipality.slug}/", {"q": "paspoort"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Passport" in page and "A passport photo." in page
    assert "Electronic identity card" not in page


def test_products_can_be_browsed_by_theme(client, town, dutch):
    response = client.get(f"/{town.municipality.slug}/", {"theme": "MilieuEnergie"})

    page = response.content.decode()
    assert "Afvalcontainer aanvragen" in page and "Reispas" not in page


def test_a_visit_keeps_several_products_with_quantities_in_the_session(client, town, dutch):
    add_products(client, town, (town.eid, 2), (town.passport, 1))

    page = client.get(f"/{town.municipality.slug}/").content.decode()

    visit = page.split('id="visit-heading"')[1].split("</aside>")[0]
    assert "2 × Elektronische identiteitskaart" in visit and "Reispas" in visit
    assert f"/{town.municipality.slug}/location/" in visit


def test_changing_the_quantity_and_removing_a_product(client, town, dutch):
    slug = town.municipality.slug
    add_products(client, town, (town.eid, 1), (town.passport, 1))

    client.post(f"/{slug}/visit/", {"product": town.eid.pk, "quantity": 3})
    client.post(f"/{slug}/visit/", {"product": town.passport.pk, "quantity": 1, "remove": "1"})

    visit = client.get(f"/{slug}/").content.decode().split('id="visit-heading"')[1]
    visit = visit.split("</aside>")[0]
    assert "3 × Elektronische identiteitskaart" in visit and "Reispas" not in visit


def test_a_quantity_above_the_maximum_is_refused(client, town):
    slug = town.municipality.slug

    response = client.post(
        f"/{slug}/visit/", {"product": town.passport.pk, "quantity": 2}, follow=True
    )

    assert "at most 1" in response.content.decode()
    assert "Your visit now has" not in response.content.decode()


def test_a_combination_no_location_serves_is_flagged(client, db):
    town = build_town(slug="tweeplaatsen")
    with scopes_disabled():
        annex = LocationFactory(municipality=town.municipality, name="Annex", slug="annex")
        annex_service = CounterServiceFactory(
            counter__location=annex, counter__municipality=town.municipality
        )
    add_products(client, town, (town.passport, 1), (annex_service.product, 1))

    page = client.get(f"/{town.municipality.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "No location can handle all these products in one visit" in page
    assert f"/{town.municipality.slug}/location/" not in page


def test_a_municipality_with_nothing_bookable_gets_a_friendly_page(client, db):
    with scopes_disabled():
        empty = MunicipalityFactory(slug="leegdorp", name="Leegdorp")
        LocationFactory(municipality=empty, name="Gemeentehuis Leegdorp", phone="050 11 22 33")

    response = client.get("/leegdorp/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert "You cannot book an appointment online here yet" in page
    assert "050 11 22 33" in page


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get("/bestaat-niet/").status_code == 404


# --- location, day, time ------------------------------------------------------------------


def test_the_location_step_is_skipped_when_one_location_serves_the_visit(client, town):
    add_products(client, town, (town.eid, 1))

    response = client.get(f"/{town.municipality.slug}/location/")

    assert response.status_code == 302
    assert response["Location"] == f"/{town.municipality.slug}/day/"


def test_only_locations_serving_the_whole_visit_are_offered(client, town):
    with scopes_disabled():
        annex = LocationFactory(municipality=town.municipality, name="Annex", slug="annex")
        CounterServiceFactory(
            counter__location=annex, counter__municipality=town.municipality, product=town.eid
        )
        LocationFactory(municipality=town.municipality, name="Leeg", slug="leeg")
    add_products(client, town, (town.eid, 1))

    page = client.get(f"/{town.municipality.slug}/location/").content.decode()

    assert "Annex" in page and "Gemeentehuis" in page and "Leeg" not in page


def test_the_calendar_links_free_days_with_full_dates_and_highlights_the_first(client, town):
    add_products(client, town, (town.eid, 1))
    client.get(f"/{town.municipality.slug}/location/")

    page = client.get(
        f"/{town.municipality.slug}/day/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    first = re.search(r'<a href="([^"]+)" class="first">(.*?)</a>', page, re.S)
    assert first, "the first free day is highlighted"
    label = re.sub(r"<[^>]+>", "", first.group(2))
    day = date.fromisoformat(first.group(1).rstrip("/").rsplit("/", 1)[1])
    assert label.split() == [
        f"{day:%A}",
        str(day.day),
        f"{day:%B}",
        str(day.year) + ",",
        "earliest",
        "free",
        "day",
    ]
    assert "Next month" in page  # a 60-day horizon always reaches into the next month


def test_a_later_month_has_a_previous_link_and_no_highlight_outside_it(client, town):
    add_products(client, town, (town.eid, 1))
    client.get(f"/{town.municipality.slug}/location/")
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).strftime("%Y-%m")

    page = client.get(
        f"/{town.municipality.slug}/day/", {"month": next_month}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "Previous month" in page
    assert f"/{town.municipality.slug}/day/{next_month}-" in page


def test_the_times_of_a_day_are_buttons_that_hold_the_visit(client, town):
    start = hold_first_time(client, town)

    page = client.get(f"/{town.municipality.slug}/details/", HTTP_ACCEPT_LANGUAGE="en")

    with scopes_disabled():
        held = Reservation.objects.get(status=ReservationStatus.HELD)
        legs = held.legs.count()
    until = timezone.localtime(held.expires_at).strftime("%H:%M")
    assert held.start == datetime.fromisoformat(start)
    assert legs == 3
    assert f"We keep this time for you until {until}" in page.content.decode()


def test_choosing_another_time_releases_the_first_hold(client, town):
    # Given a citizen holding the first free time
    first = hold_first_time(client, town)
    slug = town.municipality.slug

    # When they go back and choose the next time of that day
    day_url = first_link(client.get(f"/{slug}/day/").content.decode(), rf"/{slug}/day/[\d-]+/")
    second = next(t for t in time_values(client.get(day_url).content.decode()) if t != first)
    assert client.post(f"/{slug}/hold/", {"start": second}).status_code == 302

    # Then only the second time is held; the first is free for others again
    with scopes_disabled():
        held = list(Reservation.objects.filter(status=ReservationStatus.HELD))
    assert [r.start for r in held] == [datetime.fromisoformat(second)]
    assert hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 2), (town.passport.pk, 1), (town.container.pk, 1)],
        start=datetime.fromisoformat(first),
    )


def test_a_time_taken_meanwhile_shows_the_nearest_alternatives(client, town):
    slug = town.municipality.slug
    add_products(client, town, (town.eid, 1))
    client.get(f"/{slug}/location/")
    day_url = first_link(client.get(f"/{slug}/day/").content.decode(), rf"/{slug}/day/[\d-]+/")
    start = time_values(client.get(day_url).content.decode())[0]
    # Someone else holds the same time between this page and the click.
    hold_visit(
        municipality=town.municipality,
        location=town.location,
        items=[(town.eid.pk, 1)],
        start=datetime.fromisoformat(start),
    )

    response = client.post(f"/{slug}/hold/", {"start": start}, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    alternatives = time_values(page)
    assert response.status_code == 409
    assert "Someone else has just booked this time" in page
    assert len(alternatives) == 3 and start not in alternatives
    assert client.post(f"/{slug}/hold/", {"start": alternatives[0]}).status_code == 302


# --- details ------------------------------------------------------------------------------


def test_invalid_details_show_errors_next_to_fields_and_keep_what_was_typed(client, town):
    hold_first_time(client, town)

    response = client.post(
        f"/{town.municipality.slug}/details/",
        {"given_name": "Ann-Sofie", "family_name": "", "email": "not-an-address", "phone": "12"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert (
        'value="Ann-Sofie"' in page and 'value="not-an-address"' in page and 'value="12"' in page
    )
    assert "Please enter your family name." in page
    assert "This e-mail address is not valid." in page
    assert "This phone number is not valid." in page
    assert '<a href="#id_email">' in page  # the error summary links to the field
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_family_name-error-1"' in page
    assert len(mail.outbox) == 0


def test_the_national_number_is_asked_only_when_the_municipality_requires_it(client, db):
    strict = build_town(slug="strikt", requires_national_number=True)
    hold_first_time(client, strict)

    page = client.get("/strikt/details/").content.decode()
    response = client.post(
        "/strikt/details/",
        {**DETAILS, "national_number": "85073003362"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert 'name="national_number"' in page
    assert "This national register number is not valid" in response.content.decode()
    assert 'value="85073003362"' in response.content.decode()


def _expire_the_hold() -> Reservation:
    lapsed = timezone.now() - timedelta(seconds=1)
    with scopes_disabled():
        Reservation.objects.filter(status=ReservationStatus.HELD).update(expires_at=lapsed)
        Leg.objects.update(expires_at=lapsed)
        CounterTimeUnit.objects.update(expires_at=lapsed)
        return Reservation.objects.get()


def test_an_expired_hold_whose_time_is_still_free_is_taken_again_with_the_details(client, town):
    hold_first_time(client, town)
    held = _expire_the_hold()

    client.post(f"/{town.municipality.slug}/details/", DETAILS)
    response = client.post(f"/{town.municipality.slug}/check/")

    assert response.status_code == 302
    with scopes_disabled():
        appointment = Reservation.objects.get()
    assert appointment.pk == held.pk and appointment.status == ReservationStatus.CONFIRMED
    assert appointment.email == DETAILS["email"] and appointment.start == held.start


def test_an_expired_hold_whose_time_was_taken_gets_a_friendly_page(client, town):
    hold_first_time(client, town)
    client.post(f"/{town.municipality.slug}/details/", DETAILS)
    held = _expire_the_hold()
    items = list_visit_pairs(reservation=held)
    # Others take that time on every counter that could serve the visit.
    with pytest.raises(BookingError):
        for _other in range(len(town.counters) + 1):
            hold_visit(
                municipality=town.municipality,
                location=town.location,
                items=items,
                start=held.start,
            )

    response = client.post(f"/{town.municipality.slug}/check/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 410
    assert "The time we kept for you has expired" in page
    assert f'href="/{town.municipality.slug}/day/"' in page


def test_confirming_books_the_visit_and_mails_once_after_the_commit(
    client, town, django_capture_on_commit_callbacks
):
    hold_first_time(client, town)

    slug = town.municipality.slug
    assert client.post(f"/{slug}/details/", DETAILS)["Location"] == f"/{slug}/check/"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/{slug}/check/")

    with scopes_disabled():
        appointment = Reservation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/{slug}/appointments/{appointment.reference}/"
    assert appointment.status == ReservationStatus.CONFIRMED
    # The booking's consequences (mail, reminders, webhooks, audit) all wait for the commit.
    assert callbacks
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["an.peeters@example.org"]


def test_no_mail_is_queued_when_confirming_fails(client, town, django_capture_on_commit_callbacks):
    hold_first_time(client, town)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(f"/{town.municipality.slug}/details/", {**DETAILS, "email": ""})

    assert callbacks == [] and mail.outbox == []


def test_details_lead_to_a_check_page_that_books_nothing_until_confirmed(client, town):
    # Given a held time and valid details
    hold_first_time(client, town)
    slug = town.municipality.slug

    # When the citizen continues from the details step
    response = client.post(f"/{slug}/details/", DETAILS)
    page = client.get(f"/{slug}/check/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # Then every answer is shown with a link to change it, and nothing is booked yet
    assert response["Location"] == f"/{slug}/check/"
    assert "Check your answers before you book" in page
    assert "An Peeters" in page and "an.peeters@example.org" in page
    assert "2 × Electronic identity card" in page
    assert f'href="/{slug}/details/"' in page and f'href="/{slug}/day/"' in page
    with scopes_disabled():
        assert Reservation.objects.get().status == ReservationStatus.HELD
    assert mail.outbox == []
    # And the details step shows what was typed when the citizen goes back to change it
    assert 'value="an.peeters@example.org"' in client.get(f"/{slug}/details/").content.decode()


def test_the_check_page_without_details_sends_the_citizen_back_to_them(client, town):
    hold_first_time(client, town)

    response = client.get(f"/{town.municipality.slug}/check/")

    assert response.status_code == 302
    assert response["Location"] == f"/{town.municipality.slug}/details/"


def test_the_confirmation_shows_the_itinerary_qr_code_and_calendar_link(client, town):
    reference = book(client, town)

    page = client.get(
        f"/{town.municipality.slug}/appointments/{reference}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    route = page.split("Your route")[1]
    assert (
        route.index("Loket Burgerzaken")
        < route.index("Loket Reizen")
        < route.index("Loket Milieu")
    )
    assert "2 × Electronic identity card" in route and "Your old identity card." in route
    assert reference in page
    assert "<svg" in page and f"QR code with your reference {reference}" in page
    assert f"/appointments/{reference}/calendar.ics" in page


def test_the_calendar_file_has_one_event_per_leg_in_utc(client, town):
    reference = book(client, town)

    response = client.get(f"/{town.municipality.slug}/appointments/{reference}/calendar.ics")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 3
    uids = re.findall(r"UID:(\S+)", body)
    assert len(set(uids)) == 3
    assert all(line.endswith("Z") for line in re.findall(r"DTSTART:(\S+)", body))
    with scopes_disabled():
        legs = list(Reservation.objects.get().legs.order_by("position"))
    assert re.findall(r"DTSTART:(\S+)", body) == [f"{leg.start:%Y%m%dT%H%M%SZ}" for leg in legs]
