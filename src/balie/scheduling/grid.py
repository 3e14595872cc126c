# SPDX-License-Identifier: EUPL-1.2
"""Free time as Python `int` bitsets over a time grid.

Grid unit `n` is `[EPOCH + n*unit, EPOCH + (n+1)*unit)`. Counting from the UTC epoch rather than
from local midnight keeps the grid continuous over DST changes (no unit appears twice or vanishes);
for whole-hour offsets such as Brussels' it coincides with the local grid.
A bitset covers the units `base .. base+size-1`; bit `i` stands for unit `base+i`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from balie.scheduling.calendar import merge
from balie.scheduling.types import Interval

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SENTINEL = Interval(
    datetime.max.replace(tzinfo=UTC) - timedelta(days=1), datetime.max.replace(tzinfo=UTC)
)


@dataclass(frozen=True, slots=True)
class Grid:
    unit: timedelta

    def floor(self, instant: datetime) -> int:
        return (instant - EPOCH) // self.unit

    def ceil(self, instant: datetime) -> int:
        return -((EPOCH - instant) // self.unit)

    def instant(self, index: int) -> datetime:
        return EPOCH + index * self.unit

    def on_grid(self, instant: datetime) -> bool:
        return (instant - EPOCH) % self.unit == timedelta(0)


def _sorted_and_apart(intervals: tuple[Interval, ...]) -> bool:
    previous_end: datetime | None = None
    for interval in intervals:
        if previous_end is not None and interval.start <= previous_end:
            return False
        previous_end = interval.end
    return True


def free_bits(
    grid: Grid,
    base: int,
    size: int,
    opened: tuple[Interval, ...],
    blocked: tuple[Interval, ...],
) -> int:
    """Units lying wholly inside `opened` and not overlapping any of `blocked`.

    This is the hot part of a month view (hundreds of bookings per counter), hence the
    inlined arithmetic: a bytearray of ASCII digits gets one slice assignment per interval
    and is converted once with `int(..., 2)`, far cheaper than OR-ing big-int masks.
    Intervals in UTC convert fastest (no `utcoffset()` call per subtraction).
    """
    epoch, unit = EPOCH, grid.unit
    first, last = grid.instant(base), grid.instant(base + size)
    ones = b"1" * size
    zeros = b"0" * size
    cells = bytearray(zeros)
    # Rounding inward is only right on the union: two touching off-grid intervals can
    # together cover a unit that neither covers alone.
    if not _sorted_and_apart(opened):
        opened = merge(opened)
    for interval in opened:
        # Comparing is cheaper than converting: skip what lies outside the bitset.
        if interval.end <= first or interval.start >= last:
            continue
        lo = -((epoch - interval.start) // unit) - base
        hi = (interval.end - epoch) // unit - base
        if lo < 0:
            lo = 0
        if lo < hi:
            # Equal-length slices of a buffer as long as `cells`: both clip at `size` alike.
            cells[lo:hi] = ones[lo:hi]
    _paint_outward(cells, zeros, blocked, grid, base)
    return _to_int(cells)


def _paint_outward(
    cells: bytearray, fill: bytes, intervals: tuple[Interval, ...], grid: Grid, base: int
) -> None:
    """Copy `fill` into `cells` over every unit touched by a non-empty interval.

    Bookings come mostly back to back and in order; joining such runs first replaces two
    datetime-to-unit conversions per booking (the expensive part) by cheap comparisons.
    Any order stays correct: an interval only joins a run it starts inside of.
    """
    epoch, unit = EPOCH, grid.unit
    first, last = grid.instant(base), grid.instant(base + len(cells))
    run_start = run_end = first
    # The sentinel flushes the last run inside the loop instead of after it.
    for interval in (*intervals, _SENTINEL):
        start, end = interval.start, interval.end
        if end <= start:
            continue
        if run_start <= start <= run_end:
            if end > run_end:
                run_end = end
            continue
        if run_end > first and run_start < last:
            lo = (run_start - epoch) // unit - base
            hi = -((epoch - run_end) // unit) - base
            if lo < 0:
                lo = 0
            cells[lo:hi] = fill[lo:hi]
        run_start, run_end = start, end


def touched_bits(grid: Grid, base: int, size: int, intervals: tuple[Interval, ...]) -> int:
    """Units overlapping any of `intervals` (rounded outward)."""
    cells = bytearray(b"0" * size)
    _paint_outward(cells, b"1" * size, intervals, grid, base)
    return _to_int(cells)


def _to_int(cells: bytearray) -> int:
    if not cells:
        return 0
    # int() reads the most significant digit first, bit 0 must be cells[0].
    return int(cells[::-1], 2)


def fits(bits: int, units: int) -> int:
    """Bit i is set iff bits i .. i+units-1 are all set; O(log units) shifts by doubling."""
    result = bits
    covered = 1
    while covered < units:
        step = min(covered, units - covered)
        result &= result >> step
        covered += step
    return result


def reach_back(bits: int, steps: int) -> int:
    """Bit i is set iff any of bits i .. i+steps is set; O(log steps) shifts by doubling.

    The dual of `fits`: where `fits` asks for a whole run, this asks for any of a short run,
    which is what "the next leg may start up to `steps` units later" means.
    """
    result = bits
    covered = 1
    while covered <= steps:
        step = min(covered, steps + 1 - covered)
        result |= result >> step
        covered += step
    return result


def window(lo: int, hi: int) -> int:
    """Bits lo .. hi-1."""
    if hi <= lo:
        return 0
    return ((1 << (hi - lo)) - 1) << lo


def set_bits(bits: int) -> Iterator[int]:
    """Positions of the set bits, lowest first."""
    while bits:
        lowest = bits & -bits
        yield lowest.bit_length() - 1
        bits ^= lowest
