# SPDX-License-Identifier: EUPL-1.2
"""Reads on the catalog and its calendar rules."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

import holidays
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django_scopes import scope

from balie.catalog.models import ClosingDay, Counter, CounterService, Location, Product
from balie.tenants.models import Municipality


def public_holidays(*, first_day: date, last_day: date) -> dict[date, str]:
    """Belgian public holidays between the two dates, inclusive."""
    calendar = holidays.country_holidays("BE", years=range(first_day.year, last_day.year + 1))
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
