# SPDX-License-Identifier: EUPL-1.2
"""A visit's products are rows with a protected product: written by the booking services,
read through one selector, and a product that appointments name is never deleted."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Leg, Reservation, ReservationStatus, VisitItem
from balie.booking.selectors import (
    check_visit_change,
    count_product_appointments,
    get_visit_products,
    list_visit_pairs,
    visit_items_prefetch,
)
from balie.booking.services import reschedule_appointment
from balie.booking.tests.conftest import NOW, at
from balie.booking.tests.test_services import book, hold
from balie.catalog.models import Product
from balie.core.testing.otp import force_verified_login
from balie.tenants.models import Role
from balie.tenants.tests.factories import StaffMembershipFactory


def _items(reservation: Reservation) -> list[tuple[int, int, int | None]]:
    with scopes_disabled():
        return list(
            VisitItem.objects.filter(reservation=reservation)
            .order_by("position")
            .values_list("product_id", "quantity", "leg__counter_id")
        )


def test_a_hold_writes_one_row_per_product_at_the_leg_serving_it(town):
    # Given a visit for three products at three counters, in the citizen's order
    items = [(town.passport.pk, 1), (town.eid.pk, 2), (town.container.pk, 1)]

    # When it is held
    reservation = hold(town, items, at(2, 9))

    # Then each product is a row, in that order, at its own counter's leg, same municipality
    assert _items(reservation) == [
        (town.passport.pk, 1, town.counter_b.pk),
        (town.eid.pk, 2, town.counter_a.pk),
        (town.container.pk, 1, town.counter_c.pk),
    ]
    with scopes_disabled():
        assert set(
            VisitItem.objects.filter(reservation=reservation).values_list(
                "municipality_id", flat=True
            )
        ) == {reservation.municipality_id}


def test_a_move_keeps_the_products_and_points_them_at_the_new_legs(town):
    reservation, _token = book(town, [(town.eid.pk, 2), (town.passport.pk, 1)], at(2, 9))
    with scopes_disabled():
        old_legs = set(Leg.objects.filter(reservation=reservation).values_list("pk", flat=True))

    moved = reschedule_appointment(reservation=reservation, start=at(3, 10), now=NOW)

    with scopes_disabled():
        new_legs = dict(Leg.objects.filter(reservation=moved).values_list("counter_id", "pk"))
        rows = list(VisitItem.objects.filter(reservation=moved).order_by("position"))
    assert [(row.product_id, row.quantity) for row in rows] == [
        (town.eid.pk, 2),
        (town.passport.pk, 1),
    ]
    assert [row.leg_id for row in rows] == [
        new_legs[town.counter_a.pk],
        new_legs[town.counter_b.pk],
    ]
    assert not old_legs & set(new_legs.values())


def test_the_database_refuses_a_zero_quantity_and_a_product_twice(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            VisitItem.objects.create(reservation=reservation, product=town.passport, quantity=0)
        with pytest.raises(IntegrityError), transaction.atomic():
            VisitItem.objects.create(reservation=reservation, product=town.eid, quantity=1)


def test_a_row_takes_its_reservations_municipality_on_save(town):
    reservation = hold(town, [(town.eid.pk, 1)], at(2, 9))
    with scopes_disabled():
        row = VisitItem(reservation=reservation, product=town.passport, quantity=1, position=1)
        row.save()
        assert row.municipality_id == reservation.municipality_id


def test_a_product_with_appointments_cannot_be_deleted(town):
    book(town, [(town.eid.pk, 1)], at(2, 9))
    with scopes_disabled(), pytest.raises(ProtectedError):
        Product.objects.get(pk=town.eid.pk).delete()


def test_one_selector_reads_many_visits_without_a_query_per_visit(town, django_assert_num_queries):
    # Given five visits with two products each
    for day in range(1, 6):  # Monday 1 to Friday 5 March
        hold(town, [(town.eid.pk, 1), (town.passport.pk, 2)], at(day, 9))
    with scopes_disabled():
        # When they are read with the prefetch: one query for the visits, one for the rows
        with django_assert_num_queries(2):
            visits = list(Reservation.objects.prefetch_related(visit_items_prefetch()))
            titles = [
                [(item.product.display_title, item.quantity) for item in get_visit_products(of=v)]
                for v in visits
            ]
        # And legs read with their visit find their own products without another query
        legs = list(
            Leg.objects.select_related("reservation").prefetch_related(
                visit_items_prefetch("reservation__visit_items")
            )
        )
        with django_assert_num_queries(0):
            per_leg = [[item.product_id for item in get_visit_products(of=leg)] for leg in legs]
    # Then every visit names both products, and every leg exactly the one it serves
    assert len(titles) == 5 and all(len(visit) == 2 for visit in titles)
    assert sorted(map(tuple, per_leg)) == sorted([(town.eid.pk,)] * 5 + [(town.passport.pk,)] * 5)


def test_without_a_prefetch_one_query_reads_a_visit(town, django_assert_num_queries):
    reservation = hold(town, [(town.eid.pk, 1), (town.passport.pk, 1)], at(2, 9))
    with scopes_disabled():
        fresh = Reservation.objects.get(pk=reservation.pk)
        with django_assert_num_queries(1):
            assert list_visit_pairs(reservation=fresh) == [(town.eid.pk, 1), (town.passport.pk, 1)]
            assert [i.product.slug for i in get_visit_products(of=fresh)] == ["eid", "passport"]


def test_counting_a_products_appointments_tells_upcoming_from_past(town):
    reservation, _token = book(town, [(town.eid.pk, 1)], at(2, 9))
    with scopes_disabled():
        past = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=timezone.now() - timedelta(days=30),
            end=timezone.now() - timedelta(days=30) + timedelta(minutes=10),
        )
        VisitItem.objects.create(reservation=past, product=town.eid, quantity=1)
        use = count_product_appointments(Product.objects.get(pk=town.eid.pk))
    assert (use.future, use.past) == (1, 1)


# --- the rules while a visit is put together ----------------------------------------------


def test_changing_a_draft_visit_applies_the_booking_rules(town):
    municipality = town.municipality
    items, product = check_visit_change(
        municipality=municipality, items=[], product_id=town.eid.pk, quantity=2
    )
    assert items == [(town.eid.pk, 2)] and product.pk == town.eid.pk
    items, _product = check_visit_change(
        municipality=municipality, items=items, product_id=town.eid.pk, quantity=0
    )
    assert items == []
    with pytest.raises(BookingError) as error:
        check_visit_change(municipality=municipality, items=[], product_id=town.eid.pk, quantity=6)
    assert error.value.code == BookingErrorCode.QUANTITY_OUT_OF_RANGE
    assert "at most 5" in error.value.detail
    with pytest.raises(BookingError) as error:
        check_visit_change(
            municipality=municipality, items=[], product_id=town.staff_only_product.pk, quantity=1
        )
    assert error.value.code == BookingErrorCode.NOT_BOOKABLE_ONLINE


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, town):
    membership = StaffMembershipFactory(municipality=town.municipality, role=Role.ADMIN)
    force_verified_login(client, membership.user)
    return client


def test_the_admin_says_why_a_booked_product_stays_and_offers_to_stop_online_booking(
    admin_client, town
):
    # Given an upcoming appointment for the eID
    book(town, [(town.eid.pk, 1)], at(2, 9))
    url = reverse("admin:catalog_product_delete", args=[town.eid.pk])

    # When the admin opens the delete page
    page = admin_client.get(url).content.decode()

    # Then it says how many appointments and offers to stop online booking instead
    assert "1 upcoming appointment is for" in page
    assert "Stop online booking" in page
    stop_url = reverse("admin:catalog_product_stop_online_booking", args=[town.eid.pk])
    assert stop_url in page

    # And a delete sent anyway deletes nothing
    admin_client.post(url, {"post": "yes"})
    with scopes_disabled():
        assert Product.objects.filter(pk=town.eid.pk).exists()

    # When the admin takes the offer
    response = admin_client.post(stop_url)

    # Then citizens can no longer book it, and the product is still there
    assert response.status_code == 302
    with scopes_disabled():
        assert Product.objects.get(pk=town.eid.pk).online_bookable is False


def test_the_admin_keeps_a_product_that_only_past_appointments_name(admin_client, town):
    with scopes_disabled():
        past = Reservation.objects.create(
            municipality=town.municipality,
            location=town.location,
            status=ReservationStatus.CONFIRMED,
            start=timezone.now() - timedelta(days=400),
            end=timezone.now() - timedelta(days=400) + timedelta(minutes=10),
        )
        VisitItem.objects.create(reservation=past, product=town.passport, quantity=1)
    url = reverse("admin:catalog_product_delete", args=[town.passport.pk])

    page = admin_client.get(url).content.decode()

    assert "1 earlier appointment must keep showing" in page
    assert "upcoming" not in page
    admin_client.post(url, {"post": "yes"})
    with scopes_disabled():
        assert Product.objects.filter(pk=town.passport.pk).exists()


def test_the_admin_still_deletes_a_product_nobody_booked(admin_client, town):
    url = reverse("admin:catalog_product_delete", args=[town.container.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    with scopes_disabled():
        assert not Product.objects.filter(pk=town.container.pk).exists()
