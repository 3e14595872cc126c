# SPDX-License-Identifier: EUPL-1.2
"""Pure checks on calendar rules, shared by model validation and admin formsets."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RangeRule:
    """The parts of an opening-hours row that decide whether two rows clash."""

    weekday: int
    start: time
    end: time
    valid_from: date | None
    valid_until: date | None


def _periods_overlap(a: RangeRule, b: RangeRule) -> bool:
    a_from, a_until = a.valid_from or date.min, a.valid_until or date.max
    b_from, b_until = b.valid_from or date.min, b.valid_until or date.max
    return a_from <= b_until and b_from <= a_until


def ranges_clash(a: RangeRule, b: RangeRule) -> bool:
    return (
        a.weekday == b.weekday and a.start < b.end and b.start < a.end and _periods_overlap(a, b)
    )


def find_clashes(candidate: RangeRule, others: Iterable[RangeRule]) -> list[RangeRule]:
    return [other for other in others if ranges_clash(candidate, other)]


def find_clashing_pairs(rules: Sequence[RangeRule]) -> list[tuple[int, int]]:
    """Index pairs (i, j), i < j, of rules that overlap in time and validity."""
    return [
        (i, j)
        for i in range(len(rules))
        for j in range(i + 1, len(rules))
        if ranges_clash(rules[i], rules[j])
    ]


def is_on_grid(moment: time, granularity_minutes: int) -> bool:
    return moment.second == 0 and (moment.hour * 60 + moment.minute) % granularity_minutes == 0


def validate_postcode(value: str) -> None:
    """A Belgian postcode: four digits from 1000 to 9999 (bpost's range)."""
    if not (len(value) == 4 and value.isdigit() and value[0] != "0"):
        raise ValidationError(
            _("Enter a Belgian postcode: four digits from 1000 to 9999, for example 9000."),
            code="invalid_postcode",
        )
