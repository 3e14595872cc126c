# SPDX-License-Identifier: EUPL-1.2
"""Reads for the citizen pages: product search, locations for a visit, free days and times."""

import calendar
import re
import unicodedata
from collections import Counter as Tally
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Min
from django_scopes import scope

from balie.booking.availability import (
    list_available_days,
    list_available_starts,
    visit_from_pairs,
)
from balie.catalog.models import CounterService, Location, OpeningHours, Product, Theme
from balie.catalog.selectors import get_closed_dates_by_counter
from balie.tenants.models import Municipality

_WORD = re.compile(r"[a-z0-9]+")


# --- search -------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Lower case without accents, so "één" matches "een" and "Eénmalig" matches "eenmalig"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(normalise_text(text))


def _edit_distance(first: str, second: str, limit: int) -> int:
    """Damerau-Levenshtein (adjacent swaps count once), giving up beyond ``limit``."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def _typo_allowance(word: str) -> int:
    # Short words would match too much with a typo: "eid" must not find "eed".
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def _score_word(query_word: str, candidates: Iterable[str]) -> int:
    """3 for an exact word, 2 for a prefix or part of a compound, 1 for a typo, else 0."""
    best = 0
    allowance = _typo_allowance(query_word)
    for candidate in candidates:
        if candidate == query_word:
            return 3
        if candidate.startswith(query_word) or (len(query_word) >= 4 and query_word in candidate):
            best = max(best, 2)
        elif allowance and _edit_distance(query_word, candidate, allowance) <= allowance:
            best = max(best, 1)
        elif allowance and len(candidate) > len(query_word):
            # A typo in the first part of a compound: "identiteitskart" in "identiteitskaart".
            head = candidate[: len(query_word)]
            if _edit_distance(query_word, head, allowance) <= allowance:
                best = max(best, 1)
    return best


def _searchable_words(product: Product) -> tuple[list[str], list[str]]:
    """Words of the titles (every language) and of the synonyms and descriptions."""
    titles = [word for text in product.title.values() for word in _words(text)]
    extra = [word for keyword in product.keywords for word in _words(keyword)]
    extra += [word for text in (product.description or {}).values() for word in _words(text)]
    return titles, extra


def search_products(*, products: Sequence[Product], query: str) -> list[Product]:
    """Products matching every word of ``query``, best first.

    Tolerates accents, case and a typo or two, and searches the synonyms in
    ``Product.keywords`` ("paspoort" finds "Reispas") and every language's title.
    """
    query_words = _words(query)
    if not query_words:
        return []
    scored: list[tuple[int, str, Product]] = []
    for product in products:
        titles, extra = _searchable_words(product)
        total = 0
        for word in query_words:
            # A title hit ranks above a synonym hit, which ranks above a description hit.
            score = max(_score_word(word, titles) * 2, _score_word(word, extra))
            if score == 0:
                break
            total += score
        else:
            scored.append((-total, normalise_text(product.display_title), product))
    return [product for _score, _title, product in sorted(scored, key=lambda row: row[:2])]


# --- browsing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeSummary:
    code: str
    label: str
    count: int


def list_themes(*, products: Sequence[Product]) -> list[ThemeSummary]:
    counts = Tally(product.theme for product in products)
    return [
        ThemeSummary(code=code, label=str(label), count=counts[code])
        for code, label in Theme.choices
        if counts[code]
    ]


def get_expected_minutes(
    *, municipality: Municipality, product_ids: Iterable[int]
) -> dict[int, int]:
    """The shortest service time of each product at any active counter, for one item."""
    with scope(municipality=municipality.pk):
        rows = (
            CounterService.objects.filter(product_id__in=list(product_ids), counter__active=True)
            .values("product_id")
            .annotate(minutes=Min("duration_minutes"))
        )
        return {row["product_id"]: row["minutes"] for row in rows}


def list_locations_for_visit(
    *, municipality: Municipality, product_ids: Sequence[int]
) -> list[Location]:
    """Locations with an active counter for every product of the visit."""
    wanted = set(product_ids)
    if not wanted:
        return []
    with scope(municipality=municipality.pk):
        served: dict[int, set[int]] = {}
        for location_id, product_id in CounterService.objects.filter(
            product_id__in=wanted, counter__active=True
        ).values_list("counter__location_id", "product_id"):
            served.setdefault(location_id, set()).add(product_id)
        ids = [location_id for location_id, products in served.items() if products >= wanted]
        return list(Location.objects.filter(pk__in=ids).order_by("name"))


def get_location(*, municipality: Municipality, location_id: int) -> Location | None:
    with scope(municipality=municipality.pk):
        return Location.objects.filter(pk=location_id).first()


def get_products(*, municipality: Municipality, product_ids: Iterable[int]) -> dict[int, Product]:
    with scope(municipality=municipality.pk):
        return Product.objects.in_bulk(list(product_ids))


# --- days and times -----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    free: bool
    first_free: bool
    in_month: bool


@dataclass(frozen=True)
class MonthCalendar:
    month: date  # the first of the month
    weeks: list[list[CalendarDay | None]]
    first_free_day: date | None
    previous_month: date | None
    next_month: date | None
    has_free_day: bool


def _bookable_window(*, municipality: Municipality, now: datetime) -> tuple[date, date]:
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    return today, today + timedelta(days=municipality.horizon_days)


def list_free_days(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    first_day: date,
    last_day: date,
    now: datetime,
    ignore_reservation_id: int | None = None,
) -> tuple[date, ...]:
    if last_day < first_day:
        return ()
    return list_available_days(
        municipality=municipality,
        location=location,
        visit=visit_from_pairs(items),
        first_day=first_day,
        last_day=last_day,
        now=now,
        ignore_reservation_id=ignore_reservation_id,
    )


def get_month_calendar(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    month: date | None,
    now: datetime,
    ignore_reservation_id: int | None = None,
) -> MonthCalendar:
    """The month's days with a free start; without ``month``, the month of the first free day.

    Two reads at most: the whole bookable window once to find the first free day, which
    also yields the month's free days.
    """
    window_first, window_last = _bookable_window(municipality=municipality, now=now)
    free = list_free_days(
        municipality=municipality,
        location=location,
        items=items,
        first_day=window_first,
        last_day=window_last,
        now=now,
        ignore_reservation_id=ignore_reservation_id,
    )
    first_free = free[0] if free else None
    first_month = window_first.replace(day=1)
    last_month = window_last.replace(day=1)
    if month is None:
        month = (first_free or window_first).replace(day=1)
    month = min(max(month.replace(day=1), first_month), last_month)
    free_set = set(free)
    weeks: list[list[CalendarDay | None]] = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append(
            [
                CalendarDay(
                    day=day,
                    free=day in free_set,
                    first_free=day == first_free,
                    in_month=True,
                )
                if day.month == month.month
                else None
                for day in week
            ]
        )
    previous_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    return MonthCalendar(
        month=month,
        weeks=weeks,
        first_free_day=first_free,
        previous_month=previous_month if previous_month >= first_month else None,
        next_month=next_month if next_month <= last_month else None,
        has_free_day=bool(free),
    )


def list_free_starts(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    day: date,
    now: datetime,
    ignore_reservation_id: int | None = None,
) -> tuple[datetime, ...]:
    window_first, window_last = _bookable_window(municipality=municipality, now=now)
    if not window_first <= day <= window_last:
        return ()
    return list_available_starts(
        municipality=municipality,
        location=location,
        visit=visit_from_pairs(items),
        day=day,
        now=now,
        ignore_reservation_id=ignore_reservation_id,
    )


# --- the basket ---------------------------------------------------------------------------


def estimate_visit_minutes(*, municipality: Municipality, items: Sequence[tuple[int, int]]) -> int:
    """About how long the visit's counter time takes: per product, the quickest counter."""
    wanted = dict(items)
    if not wanted:
        return 0
    best: dict[int, int] = {}
    with scope(municipality=municipality.pk):
        for product_id, duration, extra in CounterService.objects.filter(
            product_id__in=list(wanted), counter__active=True
        ).values_list("product_id", "duration_minutes", "extra_minutes_per_quantity"):
            minutes = duration + extra * (wanted[product_id] - 1)
            best[product_id] = min(best.get(product_id, minutes), minutes)
    return sum(best.values())


# "€ 25", "€25", "25 €", "€ 7,50" and the word for free in the Dutch text: anything else
# ("€ 3 per document", "€ 25 (under 12: € 7)") depends on the situation and is not added up.
_PLAIN_EURO = re.compile(r"^\s*(?:€\s*(\d+)(?:[.,](\d{2}))?|(\d+)(?:[.,](\d{2}))?\s*€)\s*$")
_FREE_WORDS = {"gratis", "gratuit", "free", "kostenlos"}


def _cost_in_cents(product: Product) -> int | None:
    text = (product.cost or {}).get("nl", "")
    if not text.strip() or normalise_text(text).strip(" .") in _FREE_WORDS:
        return 0
    match = _PLAIN_EURO.match(text)
    if match is None:
        return None
    euros = match.group(1) or match.group(3)
    cents = match.group(2) or match.group(4) or "0"
    return int(euros) * 100 + int(cents)


def total_cost_in_cents(*, products: Sequence[tuple[Product, int]]) -> int | None:
    """The visit's cost in cents when every product has one plain price, else None."""
    total = 0
    for product, quantity in products:
        cents = _cost_in_cents(product)
        if cents is None:
            return None
        total += cents * quantity
    return total


# --- the location step --------------------------------------------------------------------


def list_opening_hours_on(
    *, municipality: Municipality, locations: Sequence[Location], day: date
) -> dict[int, list[tuple[time, time]]]:
    """Each location's public opening hours on ``day``: its counters' hours, merged.

    Staff-only hours and counters closed that day (holidays, closing days) do not count.
    """
    with scope(municipality=municipality.pk):
        rows = list(
            OpeningHours.objects.filter(
                counter__location__in=[location.pk for location in locations],
                counter__active=True,
                weekday=day.weekday(),
                staff_only=False,
            )
            .exclude(valid_from__gt=day)
            .exclude(valid_until__lt=day)
            .values_list("counter_id", "counter__location_id", "start", "end")
        )
    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={counter_id: location_id for counter_id, location_id, _s, _e in rows},
        first_day=day,
        last_day=day,
    )
    spans: dict[int, list[tuple[time, time]]] = {location.pk: [] for location in locations}
    for counter_id, location_id, start, end in sorted(rows, key=lambda row: row[2]):
        if day in closed.get(counter_id, set()):
            continue
        merged = spans[location_id]
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return spans


def get_first_free_day(
    *,
    municipality: Municipality,
    location: Location,
    items: Sequence[tuple[int, int]],
    now: datetime,
) -> date | None:
    window_first, window_last = _bookable_window(municipality=municipality, now=now)
    free = list_free_days(
        municipality=municipality,
        location=location,
        items=items,
        first_day=window_first,
        last_day=window_last,
        now=now,
    )
    return free[0] if free else None
