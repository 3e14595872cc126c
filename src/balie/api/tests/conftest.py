# SPDX-License-Identifier: EUPL-1.2
"""API fixtures: the booking app's small town, a frozen clock and an API client."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_scopes import scopes_disabled
from rest_framework.test import APIClient

from balie.booking.models import IdempotencyRecord, Leg, Reservation
from balie.booking.tests.conftest import NOW, Town, at, town  # noqa: F401 (fixture)

__all__ = ["NOW", "at", "town"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    # Counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The town's Monday morning, for services and views alike."""
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def api(frozen_now: datetime) -> APIClient:
    return APIClient()


def count_rows() -> dict[str, int]:
    with scopes_disabled():
        return {
            "reservations": Reservation.objects.count(),
            "legs": Leg.objects.count(),
            "idempotency": IdempotencyRecord.objects.count(),
        }


def hold_body(town: Any, start: datetime, **products: int) -> dict[str, Any]:
    items = products or {"eid": 1}
    return {
        "location": town.location.pk,
        "products": [
            {"product": getattr(town, name).pk, "quantity": quantity}
            for name, quantity in items.items()
        ],
        "start": start.isoformat(),
    }


CITIZEN = {
    "given_name": "An",
    "family_name": "Peeters",
    "email": "an@example.org",
    "phone": "+32 470 12 34 56",
    "national_number": "",
}


def make_appointment(api: APIClient, town: Any, start: datetime) -> dict[str, Any]:
    hold = api.post(
        f"/api/v1/municipalities/{town.municipality.slug}/holds/",
        hold_body(town, start),
        format="json",
    )
    assert hold.status_code == 201, hold.json()
    response = api.post(
        f"/api/v1/municipalities/{town.municipality.slug}/appointments/",
        {"hold": hold.json()["id"], "citizen": CITIZEN, "language": "nl"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"] == f"https://balie.be/problems/{code}"
    assert body["title"]
    assert body["detail"]
    return body
