# SPDX-License-Identifier: EUPL-1.2
"""Balie pointed at the development provider inside pytest-django's live server; the
``browser`` fixture comes from the suite-wide plugin ``balie.core.testing.browser``."""

from collections.abc import Iterator

import pytest


@pytest.fixture
def provider(settings, live_server):  # type: ignore[no-untyped-def]
    settings.OIDC_DISCOVERY_URL = f"{live_server.url}/dev-idp/.well-known/openid-configuration"
    return live_server


@pytest.fixture(autouse=True)
def close_contexts(browser) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Each test's browser contexts (and their cookies) end with it."""
    yield
    for context in list(browser.contexts):
        context.close()
