# SPDX-License-Identifier: EUPL-1.2
"""The booking app's small town, for metrics about booking acts."""

from balie.booking.tests.conftest import town  # noqa: F401 (fixture)
