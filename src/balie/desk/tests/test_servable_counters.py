# SPDX-License-Identifier: EUPL-1.2
"""A clerk serves only at the counters the admin gave them; no counters given means all."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from balie.booking.actors import Actor, ActorKind
from balie.desk import services
from balie.desk.exceptions import DeskError, DeskErrorCode
from balie.desk.tests.conftest import Town, book_visit, this_minute
from balie.tenants.models import StaffMembership

pytestmark = pytest.mark.django_db


def membership_of(town: Town, user) -> StaffMembership:
    with scopes_disabled():
        return StaffMembership.objects.get(municipality=town.municipality, user=user)


def restrict(town: Town, user, *counters) -> None:
    services.set_servable_counters(membership=membership_of(town, user), counters=list(counters))


def test_a_clerk_without_counters_given_may_take_any_counter(town):
    # Given a clerk the admin never restricted
    # When they take counter C
    shift = services.start_shift(
        municipality=town.municipality, user=town.clerk, counter=town.counter_c
    )
    # Then the shift starts
    assert shift.counter_id == town.counter_c.pk


def test_a_clerk_cannot_take_or_call_at_a_counter_they_may_not_serve(town):
    # Given a clerk who may serve counter A only
    restrict(town, town.clerk, town.counter_a)
    # When they take counter B, or call a visitor to it
    with pytest.raises(DeskError) as taking:
        services.start_shift(
            municipality=town.municipality, user=town.clerk, counter=town.counter_b
        )
    with pytest.raises(DeskError) as calling:
        services.call_next_visitor(
            municipality=town.municipality, counter=town.counter_b, user=town.clerk
        )
    # Then both are refused with the one code and a 403
    assert taking.value.code == calling.value.code == DeskErrorCode.COUNTER_NOT_ALLOWED
    assert taking.value.status == 403
    # and counter A still works
    services.start_shift(municipality=town.municipality, user=town.clerk, counter=town.counter_a)


def test_serving_a_called_visitor_is_refused_once_the_counter_is_taken_away(town):
    # Given a visitor called to counter A by a clerk
    now = this_minute()
    visit = book_visit(town, start=now, legs=[(town.counter_a, town.eid)])
    services.check_in_visit(municipality=town.municipality, reservation=visit, now=now)
    entry = services.call_next_visitor(
        municipality=town.municipality, counter=town.counter_a, user=town.clerk, now=now
    )
    assert entry is not None
    # When the admin then restricts the clerk to counter B and the clerk presses "serve"
    restrict(town, town.clerk, town.counter_b)
    clerk = Actor(kind=ActorKind.STAFF, user_id=town.clerk.pk)
    with pytest.raises(DeskError) as serving:
        services.start_serving(
            municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, actor=clerk
        )
    # Then it is refused; the system (kiosk, housekeeping) is never restricted
    assert serving.value.code == DeskErrorCode.COUNTER_NOT_ALLOWED
    services.start_serving(
        municipality=town.municipality, counter=town.counter_a, entry_id=entry.pk, now=now
    )


def test_a_counter_of_another_municipality_cannot_be_given(town, other_town):
    # When the admin of one town is given another town's counter
    with pytest.raises(ValidationError):
        restrict(town, town.clerk, other_town.counter_a)


def test_the_shift_page_offers_only_the_clerks_counters_and_refuses_others(town):
    # Given a clerk restricted to counter A
    restrict(town, town.clerk, town.counter_a)
    client = Client()
    client.force_login(town.clerk)
    url = reverse("desk:shift", kwargs={"municipality_slug": town.municipality.slug})
    # When the clerk opens the shift page
    page = client.get(url)
    # Then only A is offered
    assert f'value="{town.counter_a.pk}"' in page.content.decode()
    assert f'value="{town.counter_b.pk}"' not in page.content.decode()
    # And a posted B is refused without a shift, never a 500
    refused = client.post(url, {"counter": town.counter_b.pk})
    assert refused.status_code in (200, 400)
    with scopes_disabled():
        assert not town.clerk.desk_shifts.exists()
