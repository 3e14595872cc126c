# SPDX-License-Identifier: EUPL-1.2
"""Reads on the catalog and its calendar rules."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

import holidays
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django_scopes import scope

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    IpdcConcept,
    Location,
    LocationHours,
    OpeningHours,
    Product,
)
from balie.core.i18n import CONTENT_LANGUAGES, content_language
from balie.tenants.models import Municipality

# The holidays library names Belgian holidays in these languages; English is en_US there.
_HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "de": "de", "en": "en_US"}


def public_holidays(
    *, first_day: date, last_day: date, language: str | None = None
) -> dict[date, str]:
    """Belgian public holidays between the two dates, inclusive, named in ``language``
    (default: the active language)."""
    calendar = holidays.country_holidays(
        "BE",
        years=range(first_day.year, last_day.year + 1),
        language=_HOLIDAY_LANGUAGES.get(content_language(language), "nl"),
    )
    return {day: name for day, name in calendar.items() if first_day <= day <= last_day}


def _occurrences(row: ClosingDay, *, first_day: date, last_day: date) -> list[date]:
    if not row.recurring_yearly:
        return [row.date] if first_day <= row.date <= last_day else []
    return [
        day
        for year in range(first_day.year, last_day.year + 1)
        if first_day <= (day := row.date.replace(year=year)) <= last_day
    ]


def get_closed_dates_by_counter(
    *,
    municipality: Municipality,
    counter_locations: Mapping[int, int],
    first_day: date,
    last_day: date,
) -> dict[int, set[date]]:
    """Dates on which each counter is closed: holidays and closing days at every level.

    ``counter_locations`` maps counter id to location id. One query, whatever the number of
    counters.
    """
    common: set[date] = set()
    if municipality.observes_public_holidays:
        common |= set(public_holidays(first_day=first_day, last_day=last_day))
    closed: dict[int, set[date]] = {counter_id: set(common) for counter_id in counter_locations}
    by_location: dict[int, list[int]] = defaultdict(list)
    for counter_id, location_id in counter_locations.items():
        by_location[location_id].append(counter_id)
    with scope(municipality=municipality.pk):
        rows = list(ClosingDay.objects.all())
    for row in rows:
        days = _occurrences(row, first_day=first_day, last_day=last_day)
        if not days:
            continue
        if row.counter_id is not None:
            targets = [row.counter_id] if row.counter_id in closed else []
        elif row.location_id is not None:
            targets = by_location.get(row.location_id, [])
        else:
            targets = list(closed)
        for counter_id in targets:
            closed[counter_id].update(days)
    return closed


def list_bookable_products(*, municipality: Municipality) -> list[Product]:
    """Products a citizen can book online: flagged so, and served by an active counter."""
    with scope(municipality=municipality.pk):
        served = CounterService.objects.filter(product=OuterRef("pk"), counter__active=True)
        return list(Product.objects.filter(online_bookable=True).filter(Exists(served)))


def list_location_products(
    *, municipality: Municipality, location: Location, online_only: bool = False
) -> list[Product]:
    """Products some active counter of ``location`` serves (optionally: bookable online)."""
    with scope(municipality=municipality.pk):
        products = Product.objects.filter(
            services__counter__location=location, services__counter__active=True
        )
        if online_only:
            products = products.filter(online_bookable=True)
        return list(products.distinct())


def list_locations(*, municipality: Municipality) -> list[Location]:
    with scope(municipality=municipality.pk):
        return list(
            Location.objects.prefetch_related(
                Prefetch("counters", queryset=Counter.objects.filter(active=True))
            )
        )


def list_unserved_products(*, products: QuerySet[Product]) -> list[Product]:
    """Those of ``products`` citizens should be able to book but no active counter serves."""
    served = CounterService.objects.with_scopes_disabled().filter(
        product=OuterRef("pk"), counter__active=True
    )
    return list(
        products.filter(online_bookable=True)
        .exclude(Exists(served))
        .select_related("municipality")
    )


def get_location(*, municipality: Municipality, location_id: int) -> Location | None:
    with scope(municipality=municipality.pk):
        return Location.objects.filter(pk=location_id).first()


def get_counter(*, municipality: Municipality, counter_id: int) -> Counter | None:
    with scope(municipality=municipality.pk):
        return Counter.objects.select_related("location").filter(pk=counter_id).first()


def list_counters(
    *, municipality: Municipality, location: Location | None = None
) -> list[Counter]:
    """Every counter of the municipality (active or not), optionally of one location."""
    with scope(municipality=municipality.pk):
        counters = Counter.objects.select_related("location")
        if location is not None:
            counters = counters.filter(location=location)
        return list(counters)


def list_location_hours(*, location: Location) -> list[LocationHours]:
    with scope(municipality=location.municipality_id):
        return list(LocationHours.objects.filter(location=location))


def list_counter_hours(*, counter: Counter) -> list[OpeningHours]:
    with scope(municipality=counter.municipality_id):
        return list(OpeningHours.objects.filter(counter=counter))


def list_closing_days(*, municipality: Municipality) -> list[ClosingDay]:
    with scope(municipality=municipality.pk):
        return list(ClosingDay.objects.select_related("location", "counter"))


def get_closing_day(*, municipality: Municipality, closing_day_id: int) -> ClosingDay | None:
    with scope(municipality=municipality.pk):
        return ClosingDay.objects.filter(pk=closing_day_id).first()


def list_products(*, municipality: Municipality) -> list[Product]:
    with scope(municipality=municipality.pk):
        return list(
            Product.objects.prefetch_related(
                Prefetch("services", queryset=CounterService.objects.select_related("counter"))
            )
        )


def get_product(*, municipality: Municipality, product_id: int) -> Product | None:
    with scope(municipality=municipality.pk):
        return (
            Product.objects.prefetch_related(
                Prefetch("services", queryset=CounterService.objects.select_related("counter"))
            )
            .filter(pk=product_id)
            .first()
        )


def list_missing_languages(*, texts: Mapping[str, str]) -> list[str]:
    """Content languages without a text, in the order admins see the language tabs."""
    return [code for code in CONTENT_LANGUAGES if not (texts or {}).get(code)]


def search_ipdc_concepts(*, query: str = "", limit: int = 50) -> list[IpdcConcept]:
    """Concepts of the shared IPDC library whose number, title or keywords match every word."""
    concepts = IpdcConcept.objects.all()
    for word in query.lower().split():
        concepts = concepts.filter(search_text__contains=word)
    return list(concepts[:limit])


def get_ipdc_concept(*, concept_id: int) -> IpdcConcept | None:
    return IpdcConcept.objects.filter(pk=concept_id).first()


def list_adopted_concepts(*, municipality: Municipality) -> set[str]:
    """IRIs of the concepts this municipality already has a product for."""
    with scope(municipality=municipality.pk):
        return set(Product.objects.exclude(ipdc_concept="").values_list("ipdc_concept", flat=True))


@dataclass(frozen=True)
class PreviewCounter:
    counter: Counter
    ranges: list[tuple[time, time]]
    closed: bool


@dataclass(frozen=True)
class PreviewDay:
    day: date
    holiday: str
    counters: list[PreviewCounter]

    @property
    def open(self) -> bool:
        return any(item.ranges and not item.closed for item in self.counters)


def preview_location_days(
    *, location: Location, first_day: date, days: int = 14
) -> list[PreviewDay]:
    """The hours citizens can book at each counter, day by day (staff-only ranges left out)."""
    municipality = location.municipality
    last_day = first_day + timedelta(days=days - 1)
    with scope(municipality=municipality.pk):
        counters = list(Counter.objects.filter(location=location, active=True))
        hours = list(
            OpeningHours.objects.filter(counter__in=counters, staff_only=False).order_by("start")
        )
    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={counter.pk: location.pk for counter in counters},
        first_day=first_day,
        last_day=last_day,
    )
    holidays_by_day = (
        public_holidays(first_day=first_day, last_day=last_day)
        if municipality.observes_public_holidays
        else {}
    )
    preview = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        preview.append(
            PreviewDay(
                day=day,
                holiday=holidays_by_day.get(day, ""),
                counters=[
                    PreviewCounter(
                        counter=counter,
                        ranges=[
                            (row.start, row.end)
                            for row in hours
                            if row.counter_id == counter.pk
                            and row.weekday == day.weekday()
                            and (row.valid_from is None or row.valid_from <= day)
                            and (row.valid_until is None or day <= row.valid_until)
                        ],
                        closed=day in closed.get(counter.pk, set()),
                    )
                    for counter in counters
                ],
            )
        )
    return preview


@dataclass(frozen=True)
class CalendarDay:
    day: date
    holiday: str
    closures: list[ClosingDay]


def list_closing_calendar(
    *, municipality: Municipality, first_day: date, months: int = 3
) -> list[tuple[date, list[list[CalendarDay | None]]]]:
    """Month grids (Monday first) with the Belgian holidays and every closing day marked."""
    import calendar

    first_month = first_day.replace(day=1)
    last_month = first_month
    for _step in range(months - 1):
        last_month = (last_month + timedelta(days=32)).replace(day=1)
    last_day = (last_month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    holidays_by_day = public_holidays(first_day=first_month, last_day=last_day)
    closures: dict[date, list[ClosingDay]] = defaultdict(list)
    for row in list_closing_days(municipality=municipality):
        for day in _occurrences(row, first_day=first_month, last_day=last_day):
            closures[day].append(row)
    grids = []
    month = first_month
    for _step in range(months):
        weeks = [
            [
                CalendarDay(day, holidays_by_day.get(day, ""), closures.get(day, []))
                if day.month == month.month
                else None
                for day in week
            ]
            for week in calendar.Calendar(firstweekday=0).monthdatescalendar(
                month.year, month.month
            )
        ]
        grids.append((month, weeks))
        month = (month + timedelta(days=32)).replace(day=1)
    return grids
