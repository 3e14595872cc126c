# SPDX-License-Identifier: EUPL-1.2
"""Dates far outside the horizon (year 1, year 9999) give a clear 4xx, never a 500."""

import pytest
from django.test import Client

from balie.portal.tests.conftest import add_products, book

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31", "0001-01-01"]


@pytest.mark.parametrize("day", FAR)
def test_far_days_in_the_booking_steps_are_refused_clearly(client, town, day):
    slug = town.municipality.slug
    add_products(client, town, (town.eid, 1))
    client.get(f"/{slug}/location/", follow=True)

    pages = [
        client.get(f"/{slug}/day/{day}/"),
        client.get(f"/{slug}/day/", {"month": day[:7]}),
        client.post(f"/{slug}/hold/", {"start": f"{day}T09:00:00+01:00"}),
    ]

    assert all(page.status_code < 500 for page in pages), [p.status_code for p in pages]
    assert pages[2].status_code == 400
    assert "booking horizon" in pages[2].content.decode()


@pytest.mark.parametrize("day", FAR)
def test_far_days_when_moving_are_refused_clearly(town, day):
    client = Client()
    reference = book(client, town)
    base = f"/{town.municipality.slug}/appointments/{reference}"

    pages = [
        client.get(f"{base}/move/{day}/"),
        client.get(f"{base}/move/", {"month": day[:7]}),
        client.post(f"{base}/move/confirm/", {"start": f"{day}T09:00:00+01:00"}),
    ]

    assert all(page.status_code < 500 for page in pages), [p.status_code for p in pages]
    assert pages[2].status_code == 400
