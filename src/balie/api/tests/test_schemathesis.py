# SPDX-License-Identifier: EUPL-1.2
"""Generated requests against the committed openapi.yaml: no 5xx, answers conform."""

from datetime import time
from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import override_settings
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.tenants.tests.factories import MunicipalityFactory

SCHEMA_FILE = Path(__file__).resolve().parents[4] / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_FILE)
APP = WSGIHandler()


@pytest.fixture
def keep_test_connection():
    """Keep the connection that holds the test transaction, as Django's test client does.

    A plain WSGIHandler closes "obsolete" connections around each request, and inside a
    test transaction (autocommit off) PostgreSQL connections look obsolete.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo_municipality(db, keep_test_connection):
    """Open every day, so generated dates and times may hit free slots whatever today is."""
    with scopes_disabled():
        municipality = MunicipalityFactory(
            slug="demo", observes_public_holidays=False, lead_time_minutes=0
        )
        location = LocationFactory(municipality=municipality, slug="hall")
        counter = CounterFactory(location=location, name="A")
        for weekday in range(7):
            OpeningHoursFactory(counter=counter, weekday=weekday, start=time(8), end=time(18))
        for slug in ("eid", "passport"):
            product = ProductFactory(municipality=municipality, slug=slug, max_quantity=3)
            CounterServiceFactory(counter=counter, product=product, duration_minutes=10)
    return municipality


@pytest.mark.django_db(transaction=False)
@override_settings(BALIE_RATE_LIMITS=False)
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_openapi_yaml(case, demo_municipality):
    # Random slugs would only ever reach the 404 branch; aim at the real municipality.
    if case.path_parameters and "municipality_slug" in case.path_parameters:
        case.path_parameters["municipality_slug"] = demo_municipality.slug
    response = case.call(app=APP)
    case.validate_response(
        response,
        checks=[
            schemathesis.checks.not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
        ],
    )
