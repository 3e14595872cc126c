# SPDX-License-Identifier: EUPL-1.2
"""The summary rows of the fixture day, each against the figure worked out by hand."""

from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from balie.booking.models import Channel, Reservation
from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.statistics.models import (
    DailyCounterTime,
    DailyDesk,
    DailyFirstFree,
    DailyProduct,
    DailyVisits,
)
from balie.statistics.services import refresh_statistics, snapshot_first_free
from balie.statistics.tests.conftest import DAY, TZ, at, reserve

NOW = at(18)
FIGURE_FIELDS = {
    DailyVisits: ("location_id", "channel", "kind", "booked", "cancelled", "attended",
                  "no_shows", "multi_counter", "multi_counter_completed"),
    DailyProduct: ("location_id", "product_id", "booked", "cancelled", "attended",
                   "no_shows", "quantity", "walk_ins"),
    DailyCounterTime: ("counter_id", "open_minutes", "staff_only_minutes", "booked_minutes",
                       "booked_staff_only_minutes"),
    DailyDesk: ("counter_id", "stage", "queued", "served", "no_shows", "waits",
                "wait_seconds", "wait_max_seconds", "services", "service_seconds"),
}  # fmt: skip


def figures(hall) -> dict[type, set[tuple]]:
    with scope(municipality=hall.municipality.pk):
        return {
            model: set(model.objects.filter(day=DAY).values_list(*fields))
            for model, fields in FIGURE_FIELDS.items()
        }


@pytest.fixture
def refreshed(hall):
    refresh_statistics(municipality=hall.municipality, first_day=DAY, last_day=DAY, now=NOW)
    return hall


def test_visits_by_channel_count_each_appointment_and_ticket_once(refreshed):
    hall = refreshed
    loc = hall.location.pk
    assert figures(hall)[DailyVisits] == {
        # R1 attended, R4 cancelled
        (loc, "online", "appointment", 2, 1, 1, 0, 0, 0),
        # R2 attended at both counters; R6 nothing recorded
        (loc, "phone", "appointment", 2, 0, 1, 0, 1, 1),
        (loc, "desk", "appointment", 1, 0, 0, 1, 0, 0),  # R3 never came
        (loc, "api", "appointment", 1, 0, 0, 0, 0, 0),  # R5
        (loc, "kiosk", "walk_in", 1, 0, 1, 0, 0, 0),  # W1
        (loc, "desk", "walk_in", 1, 0, 0, 1, 0, 0),  # W2 called, did not come
    }


def test_products_count_appointments_quantities_and_walk_ins(refreshed):
    hall = refreshed
    loc = hall.location.pk
    assert figures(hall)[DailyProduct] == {
        # R1, R2, R4 (cancelled), R5 (two cards), R6; the kiosk ticket W1
        (loc, hall.eid.pk, 5, 1, 2, 0, 1 + 1 + 2 + 1, 1),
        # R2 (attended), R3 (no-show); the clerk's ticket W2
        (loc, hall.passport.pk, 2, 0, 1, 1, 2, 1),
    }


def test_counter_time_keeps_staff_only_time_apart(refreshed):
    hall = refreshed
    assert figures(hall)[DailyCounterTime] == {
        # Open 09-12 and 13-14 (staff only); booked R1 10 + R2 10 + R5 20 + R6 10 (staff
        # only), the cancelled R4 and the expired hold not at all.
        (hall.counter_a.pk, 240, 60, 50, 10),
        # Open 09-12; booked R2's second leg and R3 (no-show, but the time was taken).
        (hall.counter_b.pk, 180, 0, 20, 0),
    }


def test_desk_waits_and_service_times_by_stage(refreshed):
    hall = refreshed
    a, b = hall.counter_a.pk, hall.counter_b.pk
    assert figures(hall)[DailyDesk] == {
        # R1 in early, waits from its booked 09:00 to 09:02 (120 s), served 09:03-09:13;
        # R2 in at 09:15 (after its 09:10), called 09:20 (300 s), served 10 min.
        (a, "appointment", 2, 2, 0, 2, 120 + 300, 300, 2, 600 + 600),
        # R2 handed off at 09:30, called at B at 09:34 (240 s), served 10 min.
        (b, "hand_off", 1, 1, 0, 1, 240, 240, 1, 600),
        # W1 in at 09:40, called 09:45, served 5 min.
        (a, "walk_in", 1, 1, 0, 1, 300, 300, 1, 300),
        # W2 in at 10:30, called 10:31, never served.
        (b, "walk_in", 1, 0, 1, 1, 60, 60, 0, 0),
    }


def test_refreshing_again_changes_nothing(refreshed):
    hall = refreshed
    before = figures(hall)
    refresh_statistics(municipality=hall.municipality, first_day=DAY, last_day=DAY, now=NOW)
    assert figures(hall) == before


def test_figures_survive_the_erasure_of_personal_data(refreshed):
    hall = refreshed
    before = figures(hall)
    # Given retention blanks every personal field of the day's appointments
    with scopes_disabled():
        erased = Reservation.objects.filter(municipality=hall.municipality).update(
            given_name="", family_name="", email="", phone="", national_number=""
        )
    assert erased >= 6
    # When the day is recomputed, then every figure is the same
    refresh_statistics(municipality=hall.municipality, first_day=DAY, last_day=DAY, now=NOW)
    assert figures(hall) == before


def test_a_later_change_is_picked_up_and_other_days_are_kept(refreshed):
    hall = refreshed
    with scopes_disabled():
        reserve(
            hall,
            channel=Channel.ONLINE,
            legs=[(hall.counter_b, hall.passport, at(11), 10)],
        )
    refresh_statistics(
        municipality=hall.municipality,
        first_day=DAY + timedelta(days=1),
        last_day=DAY + timedelta(days=1),
        now=NOW,
    )
    assert (hall.location.pk, "online", "appointment", 2, 1, 1, 0, 0, 0) in figures(hall)[
        DailyVisits
    ]
    refresh_statistics(municipality=hall.municipality, first_day=DAY, last_day=DAY, now=NOW)
    assert (hall.location.pk, "online", "appointment", 3, 1, 1, 0, 0, 0) in figures(hall)[
        DailyVisits
    ]


def test_tenants_are_refreshed_apart(refreshed, other_hall):
    with scopes_disabled():
        assert not DailyVisits.objects.filter(municipality=other_hall.municipality).exists()
        assert DailyVisits.objects.filter(municipality=refreshed.municipality).count() == 6


def test_first_free_is_the_earliest_citizen_start_per_product(hall):
    # Given Monday 9 March at 10:00: counter A is booked Tuesday 09:00-09:20 (R1, R2's first
    # leg), so the eid is free from 09:20; the passport at B from 09:00 (R2 comes at 09:20).
    now = datetime.combine(DAY - timedelta(days=1), time(10), TZ)
    with scopes_disabled():
        # A product served at a counter that never opens has no free time at all.
        never = CounterFactory(location=hall.location, name="C")
        closed = ProductFactory(municipality=hall.municipality, slug="closed")
        CounterServiceFactory(counter=never, product=closed)
    written = snapshot_first_free(municipality=hall.municipality, now=now)
    with scope(municipality=hall.municipality.pk):
        rows = dict(
            DailyFirstFree.objects.filter(day=now.date()).values_list("product_id", "minutes")
        )
    assert written == 3
    assert rows == {
        hall.eid.pk: 23 * 60 + 20,
        hall.passport.pk: 23 * 60,
        closed.pk: None,
    }


def test_first_free_is_measured_once_a_day_unless_forced(hall):
    now = datetime.combine(DAY - timedelta(days=1), time(10), TZ)
    assert snapshot_first_free(municipality=hall.municipality, now=now) == 2
    later = now + timedelta(hours=2)
    assert snapshot_first_free(municipality=hall.municipality, now=later) == 0
    with scope(municipality=hall.municipality.pk):
        assert set(DailyFirstFree.objects.values_list("measured_at", flat=True)) == {now}
    assert snapshot_first_free(municipality=hall.municipality, now=later, force=True) == 2
    with scope(municipality=hall.municipality.pk):
        assert set(DailyFirstFree.objects.values_list("measured_at", flat=True)) == {later}


def test_first_free_skips_products_not_bookable_online(hall):
    now = datetime.combine(DAY - timedelta(days=1), time(10), TZ)
    with scopes_disabled():
        hall.passport.online_bookable = False
        hall.passport.save()
    snapshot_first_free(municipality=hall.municipality, now=now)
    with scope(municipality=hall.municipality.pk):
        assert list(DailyFirstFree.objects.values_list("product_id", flat=True)) == [hall.eid.pk]


def test_the_command_refreshes_a_range_and_reports_it(hall, capsys):
    call_command("refresh_statistics", hall.municipality.slug, "--from", "2026-03-09",
                 "--to", "2026-03-11")  # fmt: skip
    assert "halle: 2026-03-09..2026-03-11" in capsys.readouterr().out
    with scope(municipality=hall.municipality.pk):
        assert DailyVisits.objects.filter(day=DAY).count() == 6


def test_the_command_refuses_an_unknown_municipality(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="nowhere"):
        call_command("refresh_statistics", "nowhere")


def test_local_days_follow_brussels_time(hall):
    # An appointment at 00:30 local on Wednesday is 23:30 UTC on Tuesday: it is Wednesday's.
    with scopes_disabled():
        OpeningHoursFactory(counter=hall.counter_a, weekday=2, start=time(0), end=time(1))
        reserve(
            hall,
            channel=Channel.API,
            legs=[(hall.counter_a, hall.eid, at(0, 30, day=DAY + timedelta(days=1)), 10)],
        )
    refresh_statistics(
        municipality=hall.municipality, first_day=DAY, last_day=DAY + timedelta(days=1), now=NOW
    )
    with scope(municipality=hall.municipality.pk):
        api = dict(DailyVisits.objects.filter(channel="api").values_list("day", "booked"))
    assert api == {DAY: 1, DAY + timedelta(days=1): 1}
