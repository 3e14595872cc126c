# SPDX-License-Identifier: EUPL-1.2
"""Suite-wide rules: in CI everything runs on PostgreSQL and nothing may skip."""

import os
from collections.abc import Iterator

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

# One Playwright session for the whole run: the browser fixtures live in one plugin.
pytest_plugins = ["balie.core.testing.browser", "balie.core.testing.celery_worker"]


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError(
            "CI runs the suite on PostgreSQL: set DATABASE_URL (.ci/run does)."
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    # A skip in CI hides a missing part (PostgreSQL, Chromium); make it a failure instead.
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which is not allowed: {report.longrepr}"


@pytest.fixture
def postgres(django_db_setup: None, django_db_blocker: object) -> None:
    """Mark a test as needing PostgreSQL; outside CI it is skipped on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL or start it on 127.0.0.1:5432)")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> None:
    """Rolled-back tests may reuse primary keys; a cached calendar must not outlive its test."""
    from balie.api.selectors import clear_location_cache
    from balie.booking.selectors import clear_location_calendar_cache

    clear_location_calendar_cache()
    clear_location_cache()


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters() -> None:
    """Rate-limit counters live in the cache; a test must not inherit the budget that the
    tests before it spent from the same address within the same minute."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def dutch(settings: object) -> Iterator[None]:
    """The product default, Belgian Dutch, for tests that assert Dutch content.

    The test settings speak English so that most assertions read plainly.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "nl-be"  # type: ignore[attr-defined]
    with translation.override("nl-be"):
        yield
