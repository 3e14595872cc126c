# SPDX-License-Identifier: EUPL-1.2
"""The municipality a request names is reused across requests, and never once it changed."""

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from balie.catalog.tests.factories import CounterFactory, LocationFactory, OpeningHoursFactory
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_current_municipality
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def municipality_reads(queries) -> int:
    return sum('FROM "tenants_municipality"' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def town():
    with scopes_disabled():
        return MunicipalityFactory(slug="kempen", hold_minutes=10)


def test_a_second_request_reuses_the_row(town):
    get_current_municipality(slug="kempen")

    with CaptureQueriesContext(connection) as queries:
        again = get_current_municipality(slug="kempen")

    assert municipality_reads(queries) == 0
    assert again.pk == town.pk and again.hold_minutes == 10


def test_a_saved_change_is_seen_by_the_next_request(town):
    get_current_municipality(slug="kempen")

    town.hold_minutes = 15
    town.save()

    assert get_current_municipality(slug="kempen").hold_minutes == 15


def test_a_catalog_change_is_seen_by_the_next_request(town):
    # Given a cached row; when an admin adds a counter (an update, no municipality save)
    before = get_current_municipality(slug="kempen").catalog_version
    with scopes_disabled():
        counter = CounterFactory(location=LocationFactory(municipality=town))
        OpeningHoursFactory(counter=counter, weekday=0, start=time(9), end=time(12))

    # Then the next request sees the new catalog version (prepared schedules key on it)
    after = get_current_municipality(slug="kempen").catalog_version
    with scopes_disabled():
        assert after == Municipality.objects.get(pk=town.pk).catalog_version > before


def test_a_deleted_municipality_is_gone_for_the_next_request(town):
    get_current_municipality(slug="kempen")

    with scopes_disabled():
        town.delete()

    assert get_current_municipality(slug="kempen") is None


def test_what_one_request_sets_on_its_copy_stays_in_that_request(town):
    first = get_current_municipality(slug="kempen")
    first.hold_minutes = 99

    assert get_current_municipality(slug="kempen").hold_minutes == 10


def test_without_a_readable_version_every_request_reads_the_row(town, monkeypatch):
    from balie.core import versions

    get_current_municipality(slug="kempen")

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(versions.cache, "get", down)
    with CaptureQueriesContext(connection) as queries:
        assert get_current_municipality(slug="kempen").pk == town.pk
    assert municipality_reads(queries) == 1
