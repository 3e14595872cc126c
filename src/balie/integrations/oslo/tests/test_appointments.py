# SPDX-License-Identifier: EUPL-1.2
"""Appointments as linked data: for their owner or staff, never across municipalities."""

import json
from datetime import UTC, datetime

import pytest
from django_scopes import scopes_disabled
from rdflib import URIRef

from balie.booking.models import Leg, Reservation, ReservationStatus, VisitItem
from balie.booking.services import hash_token
from balie.integrations.oslo.linked_data import to_graph
from balie.integrations.oslo.tests.conftest import Town, make_town
from balie.tenants.tests.factories import StaffMembershipFactory, UserFactory

URLS = "balie.integrations.oslo.tests.urls"
TOKEN = "owner-secret-token"
NATIONAL_NUMBER = "85073003328"


def book(town: Town, reference: str) -> Reservation:
    with scopes_disabled():
        reservation = Reservation.objects.create(
            municipality=town.municipality,
            location=town.hall,
            status=ReservationStatus.CONFIRMED,
            start=datetime(2026, 5, 5, 7, 0, tzinfo=UTC),
            end=datetime(2026, 5, 5, 7, 10, tzinfo=UTC),
            reference=reference,
            manage_token_hash=hash_token(TOKEN),
            given_name="Marieke",
            family_name="Vandenbroucke",
            email="marieke@private.example",
            national_number=NATIONAL_NUMBER,
        )
        leg = Leg.objects.create(
            municipality=town.municipality,
            reservation=reservation,
            counter=town.counter_a,
            position=0,
            start=reservation.start,
            end=reservation.end,
        )
        VisitItem.objects.create(reservation=reservation, leg=leg, product=town.eid, quantity=1)
    return reservation


@pytest.mark.urls(URLS)
def test_owner_reads_the_appointment_with_the_manage_token(client, town: Town) -> None:
    book(town, "BAL-AAAA-BB")
    # When the citizen asks with the token from the confirmation
    response = client.get(
        "/testdorp/appointments/BAL-AAAA-BB/ld/", HTTP_AUTHORIZATION=f"Token {TOKEN}"
    )
    # Then the appointment comes as linked data in Balie's vocabulary
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response
    graph = to_graph(json.loads(response.content))
    subject = URIRef("http://testserver/testdorp/appointments/BAL-AAAA-BB/ld/")
    assert (subject, None, URIRef("https://w3id.org/balie/ns/afspraak#Afspraak")) in graph
    assert (subject, None, URIRef("http://schema.org/Reservation")) in graph
    assert (
        subject,
        URIRef("http://www.w3.org/ns/adms#status"),
        URIRef("https://w3id.org/balie/ns/afspraak#status/bevestigd"),
    ) in graph
    assert "Marieke" in response.content.decode()
    # And the national register number is never part of it
    assert NATIONAL_NUMBER not in response.content.decode()
    # Not even masked; the masked form is matched whole, as four digits alone also turn up
    # in random identifiers.
    assert "*3328" not in response.content.decode()


@pytest.mark.urls(URLS)
def test_without_or_with_a_wrong_token_the_appointment_is_unknown(client, town: Town) -> None:
    book(town, "BAL-AAAA-BB")
    url = "/testdorp/appointments/BAL-AAAA-BB/ld/"
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Token wrong").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 404


@pytest.mark.urls(URLS)
def test_staff_of_the_municipality_read_it_as_turtle(client, town: Town) -> None:
    book(town, "BAL-AAAA-BB")
    with scopes_disabled():
        membership = StaffMembershipFactory(municipality=town.municipality, role="staff")
    client.force_login(membership.user)
    response = client.get("/testdorp/appointments/BAL-AAAA-BB/ld/", HTTP_ACCEPT="text/turtle")
    assert response.status_code == 200
    assert b"Vandenbroucke" in response.content
    assert NATIONAL_NUMBER.encode() not in response.content


@pytest.mark.urls(URLS)
def test_appointments_stay_inside_their_municipality(client, town: Town) -> None:
    # Given an appointment in Testdorp and a second municipality with its own staff
    book(town, "BAL-AAAA-BB")
    other = make_town(slug="anderdorp", nis_code="44997")
    with scopes_disabled():
        stranger = StaffMembershipFactory(municipality=other.municipality, role="admin")
    # When the appointment is asked for under the other municipality, even with its token
    via_other = client.get(
        "/anderdorp/appointments/BAL-AAAA-BB/ld/", HTTP_AUTHORIZATION=f"Token {TOKEN}"
    )
    # Then it does not exist there
    assert via_other.status_code == 404
    # And the other municipality's staff cannot read it under its own slug either
    client.force_login(stranger.user)
    assert client.get("/testdorp/appointments/BAL-AAAA-BB/ld/").status_code == 404


@pytest.mark.urls(URLS)
def test_platform_operators_may_read_any_appointment(client, town: Town) -> None:
    book(town, "BAL-AAAA-BB")
    operator = UserFactory(is_superuser=True)
    client.force_login(operator)
    assert client.get("/testdorp/appointments/BAL-AAAA-BB/ld/").status_code == 200
