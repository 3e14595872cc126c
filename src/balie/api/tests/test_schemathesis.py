# SPDX-License-Identifier: EUPL-1.2
"""Generated requests against the committed openapi.yaml, with every schemathesis check.

No 5xx, answers conform, schema-violating requests are refused and schema-valid ones are
accepted. The one exception is named: a schema cannot know which ids exist, what today
is or which check digit is right, so a 400 carrying one of the booking codes for a rule
about stored data or the date (documented in openapi.yaml's 400 answers) is not a
"valid data rejected" finding.
"""

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
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import RejectedPositiveData, positive_data_acceptance

from balie.catalog.tests.factories import (
    CounterFactory,
    CounterServiceFactory,
    LocationFactory,
    OpeningHoursFactory,
    ProductFactory,
)
from balie.tenants.tests.factories import MunicipalityFactory

# Rules that depend on stored rows or on today (unknown ids, a product's own maximum, the
# moving booking window, a national number's check digits, duplicates in a list): the
# schema states them in words only.
RULES_ON_STORED_DATA = frozenset(
    {
        "unknown_product",
        "unknown_location",
        "not_bookable_online",
        "quantity_out_of_range",
        "invalid_visit",
        "out_of_range",
        "invalid_details",
    }
)


def _problem_code(response) -> str:  # noqa: ANN001
    try:
        return str(response.json().get("code", ""))
    except (ValueError, AttributeError):
        return ""


def positive_data_acceptance_beyond_stored_data(ctx, response, case):  # noqa: ANN001, ANN201
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 400 and _problem_code(response) in RULES_ON_STORED_DATA:
            return None
        raise


load_all_checks()
ALL_CHECKS = [
    positive_data_acceptance_beyond_stored_data if check is positive_data_acceptance else check
    for check in CHECKS.get_all()
]

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
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_openapi_yaml(case, demo_municipality):
    # Random slugs would only ever reach the 404 branch; aim at the real municipality.
    if case.path_parameters and "municipality_slug" in case.path_parameters:
        case.path_parameters["municipality_slug"] = demo_municipality.slug
    response = case.call(app=APP)
    case.validate_response(response, checks=ALL_CHECKS, transport_kwargs={"app": APP})
