# SPDX-License-Identifier: EUPL-1.2
"""Desk pages over HTTP: login, two-factor for admins, permissions and the day's flow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.desk import services
from balie.desk.models import DeskSettings, EntryStatus, QueueEntry
from balie.desk.selectors import local_today
from balie.desk.tests.conftest import PASSWORD, Town, book_visit, this_minute
from balie.integrations.oidc.backends import BACKEND_PATH
from balie.integrations.oidc.identity import CITIZEN, CIVIL_SERVANT
from balie.integrations.oidc.selectors import SESSION_ASSURANCE, SESSION_CAPACITY

pytestmark = [pytest.mark.django_db, pytest.mark.urls("balie.desk.tests.urls")]


def url(name: str, town: Town, **kwargs) -> str:
    return reverse(name, kwargs={"municipality_slug": town.municipality.slug, **kwargs})


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def clerk_at_a(client, town):
    client.force_login(town.clerk)
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)
    return client


@pytest.fixture
def verified_admin(client, town):
    """The municipal admin, logged in with password and authenticator code."""
    device = TOTPDevice.objects.create(user=town.admin, name="phone", confirmed=True)
    client.post(reverse("desk:login"), {"username": town.admin.username, "password": PASSWORD})
    response = client.post(reverse("desk:otp-verify"), {"token": current_code(device)})
    assert response.status_code == 302
    return client


def test_staff_log_in_and_land_on_the_counter_choice(client, town):
    response = client.post(
        reverse("desk:login"), {"username": town.clerk.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("desk:shift", town)
    assert "Where do you work today?" in response.content.decode()


def test_a_wrong_password_does_not_log_in(client, town):
    response = client.post(
        reverse("desk:login"), {"username": town.clerk.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_are_sent_to_login(client, town):
    response = client.get(url("desk:home", town))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:login"))


def test_choosing_a_counter_starts_the_shift(client, town):
    client.force_login(town.clerk)
    response = client.post(url("desk:shift", town), {"counter": town.counter_b.pk})
    assert response.status_code == 302
    page = client.get(url("desk:home", town)).content.decode()
    assert "Today at B" in page


def test_staff_of_one_municipality_cannot_see_another(client, town, other_town):
    client.force_login(town.clerk)
    for name in ("desk:home", "desk:shift", "desk:check-in", "desk:book", "desk:overview"):
        assert client.get(url(name, other_town)).status_code == 404
    # Nor act there through a counter id of the other municipality
    client.post(url("desk:shift", town), {"counter": other_town.counter_a.pk})
    with scopes_disabled():
        assert not town.clerk.desk_shifts.exists()


def test_counter_staff_cannot_change_the_configuration(clerk_at_a, town):
    for name in ("desk:overview", "desk:settings"):
        assert clerk_at_a.get(url(name, town)).status_code == 403
    response = clerk_at_a.post(
        url("desk:settings", town),
        {"early_call_minutes": 0, "late_tolerance_minutes": 0, "display_items": 3},
    )
    assert response.status_code == 403
    with scopes_disabled():
        assert not DeskSettings.objects.exists()
    assert clerk_at_a.get(reverse("admin:index")).status_code == 302


def test_an_admin_without_authenticator_must_set_one_up_first(client, town):
    # Given an admin logged in with a password only
    client.force_login(town.admin)
    # When they open the day overview
    response = client.get(url("desk:overview", town))
    # Then they are sent to the two-factor setup, which shows a QR code
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:otp-setup"))
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=town.admin, confirmed=False)
    # And a wrong code is refused, the right one confirms the device and opens the page
    wrong = client.post(
        response["Location"], {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    # (a failure throttles the device for a second; a person retyping takes longer)
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post(response["Location"], {"token": current_code(device)})
    # (the recovery codes are shown once, with the way on to the page asked for)
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert f'href="{url("desk:overview", town)}"' in done.content.decode()
    assert client.get(url("desk:overview", town)).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_an_admin_with_authenticator_enters_a_code_every_login(client, town):
    TOTPDevice.objects.create(user=town.admin, name="phone", confirmed=True)
    client.post(reverse("desk:login"), {"username": town.admin.username, "password": PASSWORD})
    response = client.get(url("desk:home", town))
    assert response["Location"].startswith(reverse("desk:otp-verify"))


def _log_in_through_acm_idm(client, user, *, capacity: str, assurance: str = "substantial"):  # type: ignore[no-untyped-def]
    """The session the OIDC callback leaves: the OIDC backend, capacity and level reached."""
    client.force_login(user, backend=BACKEND_PATH)
    session = client.session
    session[SESSION_CAPACITY] = capacity
    session[SESSION_ASSURANCE] = assurance
    session.save()


def test_an_admin_logged_in_through_acm_idm_needs_no_balie_code(client, town):
    # ACM/IDM asked for two factors already (civil servant login at a substantial level)
    _log_in_through_acm_idm(client, town.admin, capacity=CIVIL_SERVANT)

    assert client.get(url("desk:overview", town)).status_code == 200
    assert not TOTPDevice.objects.filter(user=town.admin).exists()


def test_only_a_civil_servant_login_through_acm_idm_skips_the_code(client, town):
    _log_in_through_acm_idm(client, town.admin, capacity=CITIZEN)

    response = client.get(url("desk:overview", town))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("desk:otp-setup"))


def test_the_admin_changes_queue_settings_and_sees_the_day(verified_admin, town):
    response = verified_admin.post(
        url("desk:settings", town),
        {"early_call_minutes": 0, "late_tolerance_minutes": 5, "display_items": 4},
    )
    assert response.status_code == 302
    with scopes_disabled():
        saved = DeskSettings.objects.get(municipality=town.municipality)
    assert (saved.appointments_first, saved.display_items) == (False, 4)
    page = verified_admin.get(url("desk:overview", town)).content.decode()
    assert "Town hall" in page and "Booked today" in page


def test_check_in_call_complete_and_the_next_counter_sees_the_visitor(client, clerk_at_a, town):
    # Given a two-counter visit today
    visit = book_visit(
        town,
        start=this_minute(),
        legs=[(town.counter_a, town.eid), (town.counter_b, town.passport)],
    )
    home = clerk_at_a.get(url("desk:home", town)).content.decode()
    assert "An Peeters" in home and "Old card and photo" in home
    # When the clerk checks the visitor in with a scanned reference
    response = clerk_at_a.post(
        url("desk:check-in", town), {"reference": f"https://x.example/{visit.reference}"}
    )
    assert response.status_code == 302
    # And calls next, and completes the leg
    clerk_at_a.post(url("desk:call-next", town))
    display = client.get(url("desk:display", town, location="hall")).content.decode()
    assert "A001" in display and "Peeters" not in display and visit.reference not in display
    assert 'http-equiv="refresh"' in display
    with scopes_disabled():
        entry = QueueEntry.objects.get(status=EntryStatus.CALLED)
    clerk_at_a.post(url("desk:entry-action", town, entry_id=entry.pk, action="done"))
    # Then the clerk at B sees the visitor in B's queue
    client.force_login(town.clerk_b)
    services.start_shift(municipality=town.municipality, user=town.clerk_b, counter=town.counter_b)
    queue = client.get(url("desk:home", town)).content.decode()
    assert "Waiting for my counter (1)" in queue and "A001" in queue


def test_a_counter_cannot_act_on_another_counters_visitor(client, clerk_at_a, town):
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid
    )
    clerk_at_a.post(url("desk:call-next", town))
    with scopes_disabled():
        entry = QueueEntry.objects.get(status=EntryStatus.CALLED)
    client.force_login(town.clerk_b)
    services.start_shift(municipality=town.municipality, user=town.clerk_b, counter=town.counter_b)
    client.post(url("desk:entry-action", town, entry_id=entry.pk, action="done"))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CALLED


def test_a_walk_in_ticket_shows_number_and_estimated_wait(clerk_at_a, town):
    response = clerk_at_a.post(url("desk:walk-in", town), {"product": town.eid.pk}, follow=True)
    page = response.content.decode()
    assert "W001" in page and "Estimated waiting time" in page


def test_the_kiosk_prints_a_number_once_per_press(client, town):
    kiosk = url("desk:kiosk", town, location="hall")
    response = client.post(kiosk, {"product": town.container.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "W001" in page
    # Reloading the page shows the ticket again and prints no second one
    assert "W001" in client.get(response["Location"]).content.decode()
    with scopes_disabled():
        assert QueueEntry.objects.count() == 1
    assert client.get(f"{kiosk}?ticket=forged").status_code == 404


def test_staff_book_for_a_citizen_without_e_mail_and_print_the_confirmation(clerk_at_a, town):
    tomorrow = local_today(municipality=town.municipality) + timedelta(days=1)
    search = {
        "location": town.location.pk,
        "day": tomorrow.isoformat(),
        "channel": "phone",
        f"quantity_{town.eid.pk}": 1,
        f"quantity_{town.passport.pk}": 1,
    }
    page = clerk_at_a.get(url("desk:book", town), search)
    starts = page.context["starts"]
    assert starts, "the town hall is open all day"
    held = clerk_at_a.post(url("desk:book", town), {**search, "start": starts[3].isoformat()})
    assert held.status_code == 302
    confirmed = clerk_at_a.post(
        held["Location"],
        {"given_name": "Jan", "family_name": "Janssens", "language": "nl"},
        follow=True,
    )
    page = confirmed.content.decode()
    with scopes_disabled():
        reservation = Reservation.objects.get(family_name="Janssens")
        assert reservation.status == ReservationStatus.CONFIRMED
        assert reservation.staff_booking and reservation.email == ""
        assert reservation.channel == "phone"
        assert reservation.legs.count() == 2
    assert reservation.reference in page and "<svg" in page


def test_a_clerk_marks_an_expected_visitor_as_no_show(clerk_at_a, town):
    visit = book_visit(
        town, start=this_minute() - timedelta(minutes=1), legs=[(town.counter_a, town.eid)]
    )
    clerk_at_a.post(url("desk:no-show", town), {"reservation": str(visit.public_id)})
    with scopes_disabled():
        assert list(QueueEntry.objects.values_list("status", flat=True)) == ["no_show"]


# The message links to the portal, so the whole site's routes are needed here.
@pytest.mark.urls("balie.integrations.oidc.tests.urls")
def test_booking_on_behalf_mails_the_citizen_once_even_when_the_form_is_sent_twice(
    clerk_at_a, town, django_capture_on_commit_callbacks
):
    from django.core import mail

    tomorrow = local_today(municipality=town.municipality) + timedelta(days=1)
    search = {
        "location": town.location.pk,
        "day": tomorrow.isoformat(),
        "channel": "phone",
        f"quantity_{town.eid.pk}": 1,
    }
    starts = clerk_at_a.get(url("desk:book", town), search).context["starts"]
    held = clerk_at_a.post(url("desk:book", town), {**search, "start": starts[2].isoformat()})
    details = {
        "given_name": "Jan",
        "family_name": "Janssens",
        "email": "jan@example.org",
        "language": "en",
    }

    with django_capture_on_commit_callbacks(execute=True):
        first = clerk_at_a.post(held["Location"], details)
        again = clerk_at_a.post(held["Location"], details)

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    with scopes_disabled():
        reservation = Reservation.objects.get(family_name="Janssens")
        change = reservation.changes.get(kind="confirmed")
    assert change.actor_kind == "staff" and change.actor_user_id == town.clerk.pk
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jan@example.org"]
    assert reservation.reference in mail.outbox[0].subject
    assert "Your appointment" in mail.outbox[0].subject  # the citizen's language, English


FAR_DAYS = ["9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("day", FAR_DAYS)
def test_far_days_when_booking_at_the_desk_are_refused_clearly(clerk_at_a, town, day):
    search = {
        "location": town.location.pk,
        "day": day,
        "channel": "phone",
        f"quantity_{town.eid.pk}": 1,
    }

    searched = clerk_at_a.get(url("desk:book", town), search)
    held = clerk_at_a.post(url("desk:book", town), {**search, "start": f"{day}T09:00:00+01:00"})

    assert searched.status_code == 400 and held.status_code == 400
    assert "booking horizon" in held.content.decode()


@pytest.mark.parametrize("day", FAR_DAYS)
def test_far_days_in_the_day_overview_are_refused_clearly(verified_admin, town, day):
    overview = verified_admin.get(url("desk:overview", town), {"day": day})

    assert overview.status_code == 400


def test_checking_in_keeps_the_clerk_on_the_desk_with_the_number_in_a_message(clerk_at_a, town):
    # Given an appointment today
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])

    # When the clerk checks the visitor in from their counter
    response = clerk_at_a.post(url("desk:check-in", town), {"reference": visit.reference})

    # Then they are back at their counter, told the visitor's number
    assert response.status_code == 302 and response["Location"] == url("desk:home", town)
    page = clerk_at_a.get(response["Location"]).content.decode()
    assert "An is checked in with number A001." in page


def test_appointments_and_walk_ins_each_count_from_one(clerk_at_a, town):
    # Given a walk-in ticket, then two appointments checked in, then a second walk-in
    walk_in = services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid
    )
    first = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    second = book_visit(
        town, start=this_minute() + timedelta(minutes=30), legs=[(town.counter_a, town.eid)]
    )
    arrivals = [
        services.check_in_visit(municipality=town.municipality, reservation=visit)
        for visit in (first, second)
    ]
    later = services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid
    )

    # Then each kind has its own sequence
    assert [walk_in.code, *(a.code for a in arrivals), later.code] == [
        "W001",
        "A001",
        "A002",
        "W002",
    ]


def test_the_kiosk_checks_in_an_appointment_by_its_typed_or_scanned_reference(client, town):
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    kiosk = url("desk:kiosk", town, location="hall")

    # When the visitor scans the QR code (a USB scanner types the reference and Enter)
    response = client.post(kiosk, {"reference": visit.reference.lower()})

    # Then the kiosk shows their number and they wait in the first counter's queue
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "A001" in page and "You are checked in." in page
    with scopes_disabled():
        assert QueueEntry.objects.get().status == EntryStatus.WAITING


def test_the_kiosk_says_so_when_a_reference_is_unknown_and_checks_in_nobody(client, town):
    response = client.post(url("desk:kiosk", town, location="hall"), {"reference": "BAL-ZZZZ-ZZ"})

    assert response.status_code == 400
    assert "We cannot find this appointment for today." in response.content.decode()
    with scopes_disabled():
        assert not QueueEntry.objects.exists()


def test_the_kiosk_groups_products_by_theme_as_large_buttons(client, town):
    page = client.get(url("desk:kiosk", town, location="hall")).content.decode()

    assert page.count('name="product"') == 3
    assert '<button type="submit" name="product"' in page


def test_codes_entered_too_quickly_get_a_throttling_message_not_a_wrong_code_one(client, town):
    # Given an admin with an authenticator who just typed a wrong code
    device = TOTPDevice.objects.create(user=town.admin, name="phone", confirmed=True)
    client.post(reverse("desk:login"), {"username": town.admin.username, "password": PASSWORD})
    wrong = "000000" if current_code(device) != "000000" else "111111"
    first = client.post(reverse("desk:otp-verify"), {"token": wrong}).content.decode()

    # When they enter the right code at once
    second = client.post(reverse("desk:otp-verify"), {"token": current_code(device)})

    # Then they are told to wait, not that the code is wrong
    assert "This code is not correct or has expired." in first
    assert second.status_code == 200
    assert "Too many codes in a row. Wait" in second.content.decode()


def test_an_admin_starts_at_the_day_overview_without_choosing_a_counter(verified_admin, town):
    response = verified_admin.get(reverse("desk:start"))

    assert response.status_code == 302 and response["Location"] == url("desk:overview", town)
    assert verified_admin.get(response["Location"]).status_code == 200


def test_the_display_feeds_carry_numbers_and_counters_only(client, clerk_at_a, town):
    # Given a called visitor
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    clerk_at_a.post(url("desk:check-in", town), {"reference": visit.reference})
    clerk_at_a.post(url("desk:call-next", town))

    # When the screen asks for the calls, by polling or as server-sent events
    polled = client.get(url("desk:display-calls", town, location="hall"))
    stream = client.get(url("desk:display-events", town, location="hall"))
    chunks = iter(stream.streaming_content)
    retry, first_event = next(chunks).decode(), next(chunks).decode()
    stream.close()

    # Then both give the number and the counter, and nothing personal
    calls = polled.json()["calls"]
    assert [(call["code"], call["counter"]) for call in calls] == [("A001", town.counter_a.name)]
    assert stream["Content-Type"] == "text/event-stream"
    assert retry.startswith("retry:")
    assert first_event.startswith("event: calls\ndata: ") and "A001" in first_event
    for body in (polled.content.decode(), first_event):
        assert "Peeters" not in body and visit.reference not in body
