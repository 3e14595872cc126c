# SPDX-License-Identifier: EUPL-1.2
"""Opening, moving and cancelling an appointment with the link from the e-mail."""

import re
from datetime import datetime

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.portal.tests.conftest import book, first_link, time_values

pytestmark = pytest.mark.django_db


def _manage_link(outbox_index: int = 0) -> str:
    match = re.search(r"http://testserver(/\S+\?token=\S+)", mail.outbox[outbox_index].body)
    assert match, "the e-mail carries the manage link"
    return match.group(1)


def _book_and_open_elsewhere(town, django_capture_on_commit_callbacks) -> tuple[Client, str]:
    """Book in one browser, then open the e-mail's link in a fresh one."""
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(Client(), town)
    browser = Client()
    response = browser.get(_manage_link())
    assert response.status_code == 302
    return browser, reference


def test_the_manage_link_stores_the_token_and_cleans_the_address(
    town, django_capture_on_commit_callbacks
):
    browser, reference = _book_and_open_elsewhere(town, django_capture_on_commit_callbacks)

    page = browser.get(f"/{town.municipality.slug}/appointments/{reference}/")

    assert page.status_code == 200
    assert reference in page.content.decode()
    assert "token" not in page.request["PATH_INFO"] and "token" not in page.request.get(
        "QUERY_STRING", ""
    )


def test_a_wrong_token_or_no_token_shows_not_found_without_details(
    client, town, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(Client(), town)
    url = f"/{town.municipality.slug}/appointments/{reference}/"

    wrong = client.get(url, {"token": "guessed"}, HTTP_ACCEPT_LANGUAGE="en")
    missing = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    for response in (wrong, missing):
        assert response.status_code == 404
        assert "We cannot find this appointment" in response.content.decode()
        assert "Loket Reizen" not in response.content.decode()


def test_an_unknown_reference_shows_not_found(client, town):
    response = client.get(f"/{town.municipality.slug}/appointments/BAL-ZZZZ-ZZ/", {"token": "x"})

    assert response.status_code == 404


def test_a_token_of_another_municipality_does_not_open_the_appointment(
    town, django_capture_on_commit_callbacks
):
    from balie.portal.tests.conftest import build_town

    build_town(slug="anderdorp")
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(Client(), town)
    token = _manage_link().split("token=")[1]

    response = Client().get(f"/anderdorp/appointments/{reference}/", {"token": token})

    assert response.status_code == 404


def test_cancelling_asks_for_confirmation_first(town, django_capture_on_commit_callbacks, dutch):
    browser, reference = _book_and_open_elsewhere(town, django_capture_on_commit_callbacks)
    url = f"/{town.municipality.slug}/appointments/{reference}/cancel/"

    question = browser.get(url, HTTP_ACCEPT_LANGUAGE="en")

    with scopes_disabled():
        status = Reservation.objects.get().status
    assert "Do you really want to cancel this appointment?" in question.content.decode()
    assert status == ReservationStatus.CONFIRMED


def test_cancelling_frees_the_time_mails_and_shows_a_cancelled_page(
    town, django_capture_on_commit_callbacks
):
    browser, reference = _book_and_open_elsewhere(town, django_capture_on_commit_callbacks)
    url = f"/{town.municipality.slug}/appointments/{reference}/"

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(f"{url}cancel/", HTTP_ACCEPT_LANGUAGE="en")
    page = browser.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    with scopes_disabled():
        status = Reservation.objects.get().status
    assert response.status_code == 302
    assert status == ReservationStatus.CANCELLED
    assert "This appointment has been cancelled" in page
    assert "Move to another time" not in page and "<svg" not in page
    assert len(mail.outbox) == 2 and "cancelled" in mail.outbox[1].subject


def test_moving_uses_the_same_calendar_and_keeps_the_reference(
    town, django_capture_on_commit_callbacks
):
    browser, reference = _book_and_open_elsewhere(town, django_capture_on_commit_callbacks)
    slug = town.municipality.slug
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
        response = browser.post(
            f"/{slug}/appointments/{reference}/move/confirm/", {"start": later}
        )

    with scopes_disabled():
        moved = Reservation.objects.get()
    assert response.status_code == 302
    assert moved.reference == reference and moved.start == datetime.fromisoformat(later)
    assert len(mail.outbox) == 2 and "moved" in mail.outbox[1].subject


def test_moving_without_the_token_is_refused(client, town, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reference = book(Client(), town)

    response = client.post(
        f"/{town.municipality.slug}/appointments/{reference}/move/confirm/",
        {"start": "2030-01-01T09:00:00+00:00"},
    )

    assert response.status_code == 404


def test_the_token_check_does_the_same_work_for_known_and_unknown_references(
    client, town, monkeypatch, django_capture_on_commit_callbacks
):
    # Given a real appointment, and a count of token hashes and comparisons
    from balie.portal import views

    with django_capture_on_commit_callbacks(execute=True):
        reference = book(Client(), town)
    work: list[str] = []
    real_hash, real_compare = views.hash_token, views.hmac.compare_digest
    monkeypatch.setattr(views, "hash_token", lambda token: work.append("hash") or real_hash(token))
    monkeypatch.setattr(
        views.hmac, "compare_digest", lambda a, b: work.append("compare") or real_compare(a, b)
    )
    base = f"/{town.municipality.slug}/appointments"
    # When a wrong token is tried on the known reference and on an unknown one
    known = client.get(f"{base}/{reference}/", {"token": "guessed"})
    work_for_known, work[:] = list(work), []
    unknown = client.get(f"{base}/BAL-ZZZZ-ZZ/", {"token": "guessed"})
    # Then both answer the same, after the same hashing and comparing
    assert known.status_code == unknown.status_code == 404
    assert work_for_known == work == ["hash", "compare"]


def test_the_manage_link_answers_with_no_referrer(town, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        book(Client(), town)

    response = Client().get(_manage_link())

    assert response.status_code == 302
    assert response["Referrer-Policy"] == "no-referrer"
    assert "token" not in response["Location"]
