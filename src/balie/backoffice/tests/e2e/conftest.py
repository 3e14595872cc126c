# SPDX-License-Identifier: EUPL-1.2
"""Headless Debian Chromium through the shared fixtures, against the live server."""

from collections.abc import Iterator

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end in headless Chromium (Playwright)")


@pytest.fixture(autouse=True)
def close_contexts(browser) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test's browser contexts end with it, so no page lingers into the next test."""
    yield
    for context in list(browser.contexts):
        context.close()
