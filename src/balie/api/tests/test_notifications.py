# SPDX-License-Identifier: EUPL-1.2
"""The API channel: confirm, move and cancel mail the citizen once, in their language, also
on retries; an integrator that informs the citizen itself says notify_citizen=false."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import pgettext
from django_scopes import scopes_disabled

from balie.api.tests.conftest import CITIZEN, at, hold_body
from balie.booking.models import Reservation, ReservationChange

pytestmark = pytest.mark.django_db


def _appointments(town) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/municipalities/{town.municipality.slug}/appointments/"


def _hold(api, town, start) -> str:  # type: ignore[no-untyped-def]
    response = api.post(
        f"/api/v1/municipalities/{town.municipality.slug}/holds/",
        hold_body(town, start),
        format="json",
    )
    assert response.status_code == 201, response.json()
    return str(response.json()["id"])


def test_each_act_mails_once_in_the_citizens_language_also_when_retried(
    api, town, django_capture_on_commit_callbacks
):
    body = {"hold": _hold(api, town, at(2, 9)), "citizen": CITIZEN, "language": "de"}

    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(_appointments(town), body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        replay = api.post(_appointments(town), body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        retry = api.post(_appointments(town), body, format="json")

    assert made.status_code == replay.status_code == 201
    assert retry.status_code == 409 and retry.json()["code"] == "already_confirmed"
    reference = made.json()["reference"]
    with translation.override("de"):
        voice = "formal" if town.municipality.formal_address else "informal"
        subject = pgettext(voice, "Your appointment at %(municipality)s: %(reference)s") % {
            "municipality": town.municipality.name,
            "reference": reference,
        }
    assert [message.subject for message in mail.outbox] == [subject]
    assert made.json()["manage_token"] in mail.outbox[0].body

    auth = {"HTTP_AUTHORIZATION": f"Token {made.json()['manage_token']}"}
    move = f"/api/v1/appointments/{reference}/reschedule/"
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            moved = api.post(move, {"start": at(3, 10).isoformat()}, format="json", **auth)
            assert moved.status_code == 200, moved.json()
    assert len(mail.outbox) == 2

    cancel = f"/api/v1/appointments/{reference}/cancel/"
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):
            assert api.post(cancel, format="json", **auth).status_code == 200
    assert len(mail.outbox) == 3
    assert all(message.to == [CITIZEN["email"]] for message in mail.outbox)
    with scopes_disabled():
        kinds = list(
            ReservationChange.objects.filter(reservation__reference=reference).values_list(
                "kind", "actor_kind"
            )
        )
    assert kinds == [
        ("held", "api_client"),
        ("confirmed", "api_client"),
        ("moved", "api_client"),
        ("cancelled", "api_client"),
    ]


def test_an_integrator_may_inform_the_citizen_itself(
    api, town, django_capture_on_commit_callbacks
):
    body = {
        "hold": _hold(api, town, at(2, 9)),
        "citizen": CITIZEN,
        "notify_citizen": False,
    }

    with django_capture_on_commit_callbacks(execute=True):
        made = api.post(_appointments(town), body, format="json").json()
        auth = {"HTTP_AUTHORIZATION": f"Token {made['manage_token']}"}
        api.post(
            f"/api/v1/appointments/{made['reference']}/reschedule/",
            {"start": at(3, 10).isoformat(), "notify_citizen": False},
            format="json",
            **auth,
        )
        api.post(
            f"/api/v1/appointments/{made['reference']}/cancel/",
            {"notify_citizen": False},
            format="json",
            **auth,
        )

    with scopes_disabled():
        assert Reservation.objects.get(reference=made["reference"]).status == "cancelled"
    assert mail.outbox == []
