# SPDX-License-Identifier: EUPL-1.2
"""Balie's availability engine: pure Python, no Django, no I/O; the clock is passed in.

What callers must know:

- `CounterCalendar.open` is the counter's open time with closing days already left out
  (`expand_opening_hours` does both); it includes staff-only time, and `staff_only` repeats
  that time so the engine can hide it from citizens. Where a citizen range and a staff-only
  range overlap, the overlap is staff-only.
- `busy` holds confirmed appointments and unexpired holds; the caller drops expired holds.
  Any time zone works; UTC datetimes (as Django returns them) are converted fastest, and
  busy intervals sorted by start (back-to-back bookings joined cheaply) build fastest.
- Starts lie on the grid counted from the UTC epoch. A start is valid when it is at or after
  `now + lead_time` and its local date is at most the local date of `now` + `horizon_days`.
- Between two legs the visitor walks `Rules.walking_gap_minutes` (rounded up to the grid) and
  may wait `Rules.max_wait_minutes` more (whole grid steps within it). Every start with such
  a chain is offered; `find_solution` picks fewest legs, then least total waiting, then the
  shortest span, then the least-loaded counters.
- `available_days` ⇒ `available_starts` non-empty ⇒ `find_solution` is not None, for the
  same schedule, `now` and audience.
- `prepare()` builds the bitsets once for repeated queries (e.g. a cached per-location
  object rebuilt when bookings change); the plain functions build what one query needs.
"""

from balie.scheduling.calendar import expand_opening_hours
from balie.scheduling.engine import (
    PreparedSchedule,
    available_days,
    available_starts,
    find_solution,
    next_starts,
    prepare,
)
from balie.scheduling.types import (
    Audience,
    CounterCalendar,
    Interval,
    Leg,
    Rules,
    Schedule,
    SchedulingError,
    Service,
    Solution,
    Visit,
    VisitItem,
    WeeklyRange,
)

__all__ = [
    "Audience",
    "CounterCalendar",
    "Interval",
    "Leg",
    "PreparedSchedule",
    "Rules",
    "Schedule",
    "SchedulingError",
    "Service",
    "Solution",
    "Visit",
    "VisitItem",
    "WeeklyRange",
    "available_days",
    "available_starts",
    "expand_opening_hours",
    "find_solution",
    "next_starts",
    "prepare",
]
