# SPDX-License-Identifier: EUPL-1.2
"""Concurrent "call next" on a real PostgreSQL: no visitor is ever called twice.

Each desk is a thread with its own database connection, released together by a barrier
so that the transactions overlap. The second test goes through HTTP requests, one test
client per clerk, as the desks do.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from balie.catalog.models import Counter
from balie.catalog.tests.factories import CounterFactory, CounterServiceFactory
from balie.desk import services
from balie.desk.models import EntryStatus, QueueEntry
from balie.desk.tests.conftest import Town, this_minute
from balie.tenants.models import Role
from balie.tenants.tests.factories import StaffMembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.urls("balie.desk.tests.urls"),
]

DESKS = 8


def race(clients: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``clients`` threads released at once; exceptions are returned."""
    barrier = threading.Barrier(clients)
    results: list[Any] = [None] * clients

    def client(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as error:  # noqa: BLE001 - inspected by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a desk hung"
    return results


def eid_desks(town: Town, count: int) -> list[tuple[Counter, Any]]:
    """``count`` counters that all serve eID, each with its own clerk."""
    desks = []
    with scopes_disabled():
        for index in range(count):
            counter = CounterFactory(location=town.location, name=f"eID {index}")
            CounterServiceFactory(counter=counter, product=town.eid, duration_minutes=10)
            user = StaffMembershipFactory(
                municipality=town.municipality,
                user=UserFactory(username=f"desk-{index}", is_staff=False),
                role=Role.STAFF,
            ).user
            desks.append((counter, user))
    return desks


def assert_no_visitor_called_twice() -> None:
    with scopes_disabled():
        active = list(
            QueueEntry.objects.filter(
                status__in=(EntryStatus.CALLED, EntryStatus.SERVING)
            ).values_list("arrival_id", "counter_id")
        )
    arrivals = [arrival for arrival, _counter in active]
    counters = [counter for _arrival, counter in active]
    assert len(arrivals) == len(set(arrivals)), "a visitor was called twice"
    assert len(counters) == len(set(counters)), "a counter called two visitors"


@pytest.mark.parametrize("waiting", [1, 3, DESKS + 2])
def test_concurrent_call_next_never_yields_the_same_visitor(postgres, town, waiting):
    # Given eight desks and fewer, or more, walk-ins waiting than desks
    now = this_minute()
    desks = eid_desks(town, DESKS)
    tickets = [
        services.create_walk_in_ticket(
            municipality=town.municipality, location=town.location, product=town.eid, now=now
        )
        for _ in range(waiting)
    ]

    # When every desk presses "call next" at the same moment
    def press(index: int):
        counter, user = desks[index]
        return services.call_next_visitor(
            municipality=town.municipality, counter=counter, user=user, now=now
        )

    results = race(DESKS, press)

    # Then every press either called a different visitor or found nobody left
    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    called = [result.arrival_id for result in results if result is not None]
    assert len(called) == len(set(called)) == min(waiting, DESKS)
    assert set(called) <= {ticket.pk for ticket in tickets}
    assert_no_visitor_called_twice()


def test_concurrent_call_next_requests_from_two_desks_never_take_one_visitor(postgres, town):
    # Given two clerks at two eID counters, logged in, and one visitor waiting
    now = this_minute()
    desks = eid_desks(town, 2)
    for counter, user in desks:
        services.start_shift(municipality=town.municipality, user=user, counter=counter, now=now)
    services.create_walk_in_ticket(
        municipality=town.municipality, location=town.location, product=town.eid, now=now
    )
    clients = []
    for _counter, user in desks:
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("desk:call-next", kwargs={"municipality_slug": town.municipality.slug})

    # When both press "call next" at the same moment, over HTTP
    responses = race(2, lambda index: clients[index].post(url))

    # Then both requests succeed and exactly one of them called the visitor
    assert [response.status_code for response in responses] == [302, 302]
    with scopes_disabled():
        assert QueueEntry.objects.filter(status=EntryStatus.CALLED).count() == 1
    assert_no_visitor_called_twice()
