# SPDX-License-Identifier: EUPL-1.2
"""Reads for the linked-data exports: a catalog in a fixed number of queries, LDES pages,
and appointments for whoever may see them."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone
from django_scopes import scope

from balie.booking.models import Leg, Reservation
from balie.booking.selectors import get_appointment
from balie.booking.services import token_matches
from balie.catalog.models import Counter, CounterService, Location, OpeningHours, Product
from balie.catalog.selectors import get_closed_dates_by_counter
from balie.integrations.oslo.codelists import area, area_for_nis_code
from balie.integrations.oslo.models import (
    OrganisationIdentifiers,
    ProductIpdcRecord,
    ProductSnapshot,
)
from balie.integrations.oslo.vocabulary import (
    BALIE_ID,
    LBLOD_ORGANISATION,
    OVO_ORGANISATION,
    default_instance_uuid,
    instance_iri,
)
from balie.tenants.models import Municipality
from balie.tenants.selectors import is_platform_operator, is_staff_member

# Closing days are published for this many days ahead; further out they are still tentative.
CLOSING_DAYS_AHEAD = 365


@dataclass
class Catalog:
    """Everything an export of one municipality's catalog needs, loaded up front."""

    municipality: Municipality
    identifiers: OrganisationIdentifiers | None
    locations: list[Location]
    counters: list[Counter]
    products: list[Product]
    hours_by_counter: dict[int, list[OpeningHours]] = field(default_factory=dict)
    closed_by_counter: dict[int, set[date]] = field(default_factory=dict)
    services_by_product: dict[int, list[CounterService]] = field(default_factory=dict)
    records_by_product: dict[int, ProductIpdcRecord] = field(default_factory=dict)

    today: date | None = None

    @property
    def organisation_iri(self) -> str:
        return organisation_iri(municipality=self.municipality, identifiers=self.identifiers)

    @property
    def registered_iri(self) -> str | None:
        """The IRI LPDC knows the municipality by, or None while none is set."""
        return registered_organisation_iri(identifiers=self.identifiers)

    @property
    def area_iris(self) -> list[str]:
        """The municipality's area in IPDC's NUTS/LAU list; empty if none is in force."""
        return municipality_area_iris(
            municipality=self.municipality,
            identifiers=self.identifiers,
            today=self.today or timezone.localdate(),
        )

    def location(self, location_id: int) -> Location | None:
        return next((row for row in self.locations if row.pk == location_id), None)

    def instance_iri(self, product: Product) -> str:
        record = self.records_by_product.get(product.pk)
        if record is not None:
            return instance_iri(record.instance_uuid)
        return instance_iri(
            default_instance_uuid(nis_code=self.municipality.nis_code, product_id=product.pk)
        )


def registered_organisation_iri(*, identifiers: OrganisationIdentifiers | None) -> str | None:
    if identifiers is not None and identifiers.lblod_id:
        return f"{LBLOD_ORGANISATION}{identifiers.lblod_id}"
    if identifiers is not None and identifiers.ovo_code:
        return f"{OVO_ORGANISATION}{identifiers.ovo_code}"
    return None


def organisation_iri(
    *, municipality: Municipality, identifiers: OrganisationIdentifiers | None
) -> str:
    """The registered IRI; Balie's own catalog pages fall back to one in Balie's namespace
    (the LPDC feed never does: it publishes nothing without a registered IRI)."""
    registered = registered_organisation_iri(identifiers=identifiers)
    return registered or f"{BALIE_ID}bestuurseenheid/{municipality.nis_code}"


def municipality_area_iris(
    *, municipality: Municipality, identifiers: OrganisationIdentifiers | None, today: date
) -> list[str]:
    if identifiers is not None and identifiers.area:
        explicit = area(identifiers.area)
        return [explicit.iri] if explicit is not None and explicit.active_on(today) else []
    found = area_for_nis_code(nis_code=municipality.nis_code, on=today)
    return [found.iri] if found is not None else []


def get_organisation_identifiers(*, municipality: Municipality) -> OrganisationIdentifiers | None:
    return OrganisationIdentifiers.objects.filter(municipality=municipality).first()


def get_catalog(
    *,
    municipality: Municipality,
    today: date,
    product_ids: list[int] | None = None,
) -> Catalog:
    """The municipality's catalog; ``product_ids`` narrows the products (not the sites).

    Seven queries plus the closing days, whatever the size of the catalog.
    """
    with scope(municipality=municipality.pk):
        locations = list(Location.objects.all())
        counters = list(Counter.objects.filter(active=True).select_related("location"))
        products = Product.objects.all()
        if product_ids is not None:
            products = products.filter(pk__in=product_ids)
        products_list = list(products)
        hours: dict[int, list[OpeningHours]] = defaultdict(list)
        for row in OpeningHours.objects.filter(counter__in=counters):
            hours[row.counter_id].append(row)
        services: dict[int, list[CounterService]] = defaultdict(list)
        for service in CounterService.objects.filter(
            counter__active=True, product__in=products_list
        ).select_related("counter"):
            services[service.product_id].append(service)
        records = {
            record.product_id: record
            for record in ProductIpdcRecord.objects.filter(product__in=products_list)
        }
    closed = get_closed_dates_by_counter(
        municipality=municipality,
        counter_locations={counter.pk: counter.location_id for counter in counters},
        first_day=today,
        last_day=today + timedelta(days=CLOSING_DAYS_AHEAD),
    )
    return Catalog(
        municipality=municipality,
        identifiers=get_organisation_identifiers(municipality=municipality),
        locations=locations,
        counters=counters,
        products=products_list,
        hours_by_counter=dict(hours),
        closed_by_counter=closed,
        services_by_product=dict(services),
        records_by_product=records,
        today=today,
    )


def get_product(*, municipality: Municipality, slug: str) -> Product | None:
    with scope(municipality=municipality.pk):
        return Product.objects.filter(slug=slug).first()


def get_location(*, municipality: Municipality, slug: str) -> Location | None:
    with scope(municipality=municipality.pk):
        return Location.objects.filter(slug=slug).first()


def count_snapshots(*, municipality: Municipality) -> int:
    with scope(municipality=municipality.pk):
        return ProductSnapshot.objects.count()


def list_snapshots(
    *, municipality: Municipality, offset: int, limit: int
) -> list[ProductSnapshot]:
    """Snapshots in feed order: oldest first, so a page once full never changes."""
    with scope(municipality=municipality.pk):
        return list(
            ProductSnapshot.objects.order_by("generated_at", "id")[offset : offset + limit]
        )


def get_latest_snapshot(
    *, municipality: Municipality, is_version_of: str
) -> ProductSnapshot | None:
    with scope(municipality=municipality.pk):
        return (
            ProductSnapshot.objects.filter(is_version_of=is_version_of)
            .order_by("-generated_at", "-id")
            .first()
        )


def may_see_appointments(
    *, user: AbstractBaseUser | AnonymousUser, municipality: Municipality
) -> bool:
    """Staff of the municipality, and platform operators, see its appointments."""
    return is_platform_operator(user=user) or is_staff_member(user=user, municipality=municipality)


def get_appointment_for_owner(
    *,
    municipality: Municipality,
    reference: str,
    token: str | None,
    user: AbstractBaseUser | AnonymousUser,
) -> Reservation | None:
    """The appointment ``reference`` if the caller owns it (manage token) or is staff.

    Looked up inside the municipality's scope only, so a reference of another
    municipality is unknown here, whatever token comes with it.
    """
    reservation = get_appointment(municipality=municipality, reference=reference)
    if reservation is None:
        return None
    if token and token_matches(reservation=reservation, token=token):
        return reservation
    if may_see_appointments(user=user, municipality=municipality):
        return reservation
    return None


def list_appointment_legs(*, reservation: Reservation) -> list[Leg]:
    with scope(municipality=reservation.municipality_id):
        return list(
            Leg.objects.filter(reservation=reservation).select_related("counter__location")
        )
