# SPDX-License-Identifier: EUPL-1.2
"""The desk's towns (counters, staff, visits written straight to the tables)."""

from balie.desk.tests.conftest import other_town, town  # noqa: F401
