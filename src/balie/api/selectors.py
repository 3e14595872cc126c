# SPDX-License-Identifier: EUPL-1.2
"""Reads the API needs that the domain apps do not offer (yet).

Each of these is a candidate for the owning app's selectors module; they live here so
the API could be built without touching booking, catalog or tenants.
"""

import re
from collections import OrderedDict

from django.db.models import Prefetch
from django_scopes import scope, scopes_disabled

from balie.booking.models import Leg, Reservation, VisitItem
from balie.booking.selectors import get_remembered_legs, remember_related, visit_items_prefetch
from balie.catalog.models import Counter, CounterService, Location
from balie.tenants.models import Municipality

REFERENCE_PATTERN = re.compile(r"BAL-[A-Z0-9]{4}-[A-Z0-9]{2}")


# Locations per (municipality, catalog version, reference), per process: every hold and
# availability read names one, and they change only with the catalog, which bumps the
# version. Misses are not remembered, so a location created a moment ago is found.
_LOCATIONS: OrderedDict[tuple[object, ...], Location] = OrderedDict()
_LOCATIONS_SIZE = 1024


def get_location(*, municipality: Municipality, reference: str | int) -> Location | None:
    """A location of ``municipality`` by id or slug."""
    text = str(reference)
    key = (municipality.pk, municipality.catalog_version, municipality.updated_at, text)
    known = _LOCATIONS.get(key)
    if known is not None:
        return known
    with scope(municipality=municipality.pk):
        locations = Location.objects.filter(municipality=municipality)
        if text.isdigit():
            if int(text) > 2**63 - 1:
                return None
            found = locations.filter(pk=int(text)).first()
        else:
            found = locations.filter(slug=text).first()
    if found is not None:
        _LOCATIONS[key] = found
        if len(_LOCATIONS) > _LOCATIONS_SIZE:
            _LOCATIONS.popitem(last=False)
    return found


def clear_location_cache() -> None:
    _LOCATIONS.clear()


def list_locations_with_services(*, municipality: Municipality) -> list[Location]:
    """Locations with their active counters and what those serve online; three queries."""
    with scope(municipality=municipality.pk):
        services = CounterService.objects.filter(product__online_bookable=True).order_by(
            "product_id"
        )
        counters = (
            Counter.objects.filter(active=True)
            .order_by("name")
            .prefetch_related(Prefetch("services", queryset=services))
        )
        return list(
            Location.objects.filter(municipality=municipality)
            .order_by("name")
            .prefetch_related(Prefetch("counters", queryset=counters))
        )


def get_reservation_with_legs(*, municipality_id: int, pk: int) -> Reservation:
    """One reservation with everything its API representation shows; three queries."""
    with scope(municipality=municipality_id):
        return (
            Reservation.objects.select_related("location", "municipality")
            .prefetch_related(
                Prefetch(
                    "legs",
                    queryset=Leg.objects.select_related("counter").order_by("position"),
                ),
                visit_items_prefetch(),
            )
            .get(pk=pk)
        )


def attach_legs(*, reservation: Reservation) -> Reservation:
    """``reservation``, just written, with its legs and products for its API representation.

    Its location and municipality are the objects the booking service was given or locked
    with. Legs and products a hold has just written are in memory already, so only their
    counters are read (one query); otherwise the legs with their counters and the products
    (two queries, without the prefetch machinery: this is every booking's answer).
    """
    with scope(municipality=reservation.municipality_id):
        legs = get_remembered_legs(reservation)
        if legs is None:
            legs = list(
                Leg.objects.filter(reservation=reservation)
                .select_related("counter")
                .order_by("position")
            )
            items = list(
                VisitItem.objects.filter(reservation=reservation)
                .select_related("product")
                .order_by("position", "pk")
            )
            remember_related(reservation, "legs", legs)
            remember_related(reservation, "visit_items", items)
            for leg in legs:
                remember_related(leg, "visit_items", [i for i in items if i.leg_id == leg.pk])
        else:
            counters = Counter.objects.in_bulk({leg.counter_id for leg in legs})
            for leg in legs:
                leg.counter = counters[leg.counter_id]
    return reservation


def get_appointment_by_reference(*, reference: str) -> Reservation | None:
    """The appointment with ``reference``, whatever its municipality.

    References are unique across municipalities and URLs carry no municipality, so this
    one lookup runs unscoped; callers must then check the token or staff membership.
    """
    if not REFERENCE_PATTERN.fullmatch(reference):
        return None
    with scopes_disabled():
        reservation = (
            Reservation.objects.select_related("municipality", "location")
            .filter(reference=reference)
            .first()
        )
    if reservation is None:
        return None
    return get_reservation_with_legs(
        municipality_id=reservation.municipality_id, pk=reservation.pk
    )
