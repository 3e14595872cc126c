# SPDX-License-Identifier: EUPL-1.2
"""Headless Debian Chromium driven by Playwright, against pytest-django's live server."""

import re
from collections.abc import Iterator

import pytest

from balie.core.testing.browser import (  # noqa: F401 - re-exported for the e2e tests
    AXE_TAGS,
    DESKTOP,
    PHONE,
    check_accessibility,
    new_page,
    save_screenshots,
)


def manage_link(body: str) -> str:
    match = re.search(r"(https?://\S+/appointments/\S+\?token=\S+)", body)
    assert match, "the e-mail carries the manage link"
    return match.group(1)


@pytest.fixture(autouse=True)
def close_contexts(browser) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test's browser contexts end with it, so no page lingers into the next test."""
    yield
    for context in list(browser.contexts):
        context.close()
