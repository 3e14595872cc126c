# SPDX-License-Identifier: EUPL-1.2
"""The login as the portal and the desk use it: prefilled details, managing without the
link, the header's links, embed mode and the desk's login button."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.integrations.devidp.people import get_person
from balie.integrations.oidc.backends import BACKEND_PATH
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.models import CitizenAppointmentLink, LinkSource
from balie.integrations.oidc.services import link_appointment, sign_in_citizen
from balie.integrations.oidc.sessions import remember_login
from balie.integrations.oidc.tests.conftest import TEST_URLS, book
from balie.portal.tests.conftest import build_town, first_link, hold_first_time, time_values

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]

LOTTE = get_person(key="lotte")
assert LOTTE is not None


def _citizen_client(*, sub: str = LOTTE.sub, national_number: str = LOTTE.national_number):
    """A browser after the OIDC callback: logged in, with what the login leaves in the session."""
    identity = Identity(
        sub=sub,
        capacity=CITIZEN,
        given_name=LOTTE.given_name,
        family_name=LOTTE.family_name,
        national_number=national_number,
    )
    account = sign_in_citizen(identity=identity)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(account.user, backend=BACKEND_PATH)
    session = client.session
    remember_login(session=session, identity=identity, id_token="header.payload.signature")
    session.save()
    return client, account


def test_a_logged_in_citizen_finds_her_name_filled_in_and_types_the_number_where_needed():
    town = build_town(slug="noord", requires_national_number=True)
    client, account = _citizen_client()
    hold_first_time(client, town)

    html = client.get("/noord/details/").content.decode()

    assert 'value="Lotte"' in html and 'value="Janssens"' in html
    assert LOTTE.national_number not in html, "the session does not even hold it"
    assert 'name="national_number"' in html

    response = client.post(
        "/noord/details/",
        {
            "given_name": "Lotte",
            "family_name": "Janssens",
            "email": "lotte@example.org",
            "national_number": "85.03.14-123.02",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post("/noord/check/")

    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        reservation = Reservation.objects.get(status=ReservationStatus.CONFIRMED)
    assert reservation.national_number == LOTTE.national_number
    link = CitizenAppointmentLink.objects.get(reservation=reservation)
    assert link.account == account and link.source == LinkSource.BOOKED
    account.refresh_from_db()
    assert account.email == "lotte@example.org"


def test_the_next_booking_offers_the_last_used_e_mail_and_no_number_where_not_needed():
    town = build_town(slug="zuid")
    client, account = _citizen_client()
    account.email, account.phone = "lotte@example.org", "0470 12 34 56"
    account.save()
    hold_first_time(client, town)

    html = client.get("/zuid/details/").content.decode()

    assert 'value="lotte@example.org"' in html and 'value="0470 12 34 56"' in html
    assert "National register number" not in html


def test_an_anonymous_visitor_gets_an_empty_form():
    town = build_town(slug="noord", requires_national_number=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    hold_first_time(client, town)

    html = client.get("/noord/details/").content.decode()

    assert 'name="national_number"' in html
    assert 'value="Lotte"' not in html


def test_a_citizen_cancels_her_own_appointment_without_the_manage_link(
    django_capture_on_commit_callbacks,
):
    town = build_town(slug="noord")
    client, account = _citizen_client()
    hers = book(town, given_name="Lotte")
    link_appointment(account=account, reservation=hers)
    theirs = book(town, given_name="Other", days=2)
    mail.outbox.clear()

    assert client.get(f"/noord/appointments/{hers.reference}/").status_code == 200
    assert client.get(f"/noord/appointments/{theirs.reference}/").status_code == 404
    assert client.post(f"/noord/appointments/{theirs.reference}/cancel/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/noord/appointments/{hers.reference}/cancel/")
        retried = client.post(f"/noord/appointments/{hers.reference}/cancel/")

    assert response.status_code == retried.status_code == 302
    # From "My appointments" too, the citizen hears of it once.
    assert len(mail.outbox) == 1 and "geannuleerd" in mail.outbox[0].subject  # her language
    hers.refresh_from_db()
    theirs.refresh_from_db()
    assert hers.status == ReservationStatus.CANCELLED
    assert theirs.status == ReservationStatus.CONFIRMED


def test_a_citizen_moves_her_own_appointment_and_the_e_mail_carries_no_made_up_token(
    django_capture_on_commit_callbacks,
):
    town = build_town(slug="noord")
    client, account = _citizen_client()
    hers = book(town, given_name="Lotte")
    link_appointment(account=account, reservation=hers)
    base = f"/noord/appointments/{hers.reference}"
    before = hers.start
    day_url = first_link(client.get(f"{base}/move/").content.decode(), rf"{base}/move/[0-9-]+/")
    start = time_values(client.get(day_url).content.decode())[-1]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{base}/move/confirm/", {"start": start})

    assert response.status_code == 302 and response["Location"] == f"{base}/"
    hers.refresh_from_db()
    assert hers.start != before and hers.status == ReservationStatus.CONFIRMED
    assert len(mail.outbox) == 1
    assert f"{base}/" in mail.outbox[0].body
    assert "token=" not in mail.outbox[0].body, "no token in the session, none in the link"


def test_the_header_offers_login_and_then_my_appointments_and_logout():
    build_town(slug="noord")

    anonymous = Client(HTTP_ACCEPT_LANGUAGE="en").get("/noord/").content.decode()
    client, _account = _citizen_client()
    logged_in = client.get("/noord/").content.decode()

    assert 'href="/auth/login/?capacity=BUR&amp;next=%2Fnoord%2F"' in anonymous
    assert 'href="/my/appointments/"' in anonymous
    assert 'action="/auth/logout/"' in logged_in
    assert "/auth/login/" not in logged_in


def test_embed_mode_drops_the_header_and_footer():
    build_town(slug="noord")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    embedded = client.get("/noord/?embed=1")
    later = client.get("/noord/")
    plain = client.get("/noord/?embed=0")

    for response in (embedded, later):
        html = response.content.decode()
        assert '<header class="site">' not in html and "<footer>" not in html
        assert "X-Frame-Options" not in response
        assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert '<header class="site">' in plain.content.decode()
    assert plain["X-Frame-Options"] == "DENY"


def test_the_desk_login_offers_the_flemish_government_login_when_configured(settings):
    settings.OIDC_DISCOVERY_URL = "https://idp.test/op/.well-known/openid-configuration"
    configured = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/login/").content.decode()
    settings.OIDC_DISCOVERY_URL = ""
    unconfigured = Client(HTTP_ACCEPT_LANGUAGE="en").get("/accounts/login/").content.decode()

    link = 'href="/auth/login/?capacity=LB&amp;next=/accounts/desk/"'
    assert link in configured and "Log in with the Flemish government login" in configured
    assert link not in unconfigured
