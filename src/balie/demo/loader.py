# SPDX-License-Identifier: EUPL-1.2
"""Load the demo data idempotently.

Every row is matched on its natural key and updated in place, so running the loader again
changes nothing but ``updated_at``. Rows are validated with ``full_clean()`` before they are
saved: the demo data must obey the same rules (grid, no overlapping hours) as admin input.

The loader works in steps so more can be appended later (e.g. demo appointments): a step
takes the shared :class:`LoadReport` and may look up what earlier steps created by natural
key.
"""

from collections import Counter as Tally
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django_scopes import scopes_disabled

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.demo.municipalities import MUNICIPALITIES, MunicipalitySpec
from balie.demo.products import PRODUCTS_BY_SLUG
from balie.tenants.models import Municipality, Role, StaffMembership

DEMO_PASSWORD = "balie-demo-2026"
OPERATOR_USERNAME = "operator"

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass
class LoadReport:
    created: Tally[str] = field(default_factory=Tally)
    updated: Tally[str] = field(default_factory=Tally)

    def record(self, instance: models.Model, created: bool) -> None:
        label = instance._meta.verbose_name_plural
        (self.created if created else self.updated)[str(label)] += 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


Step = Callable[[LoadReport], None]


class DemoDataError(Exception):
    """The demo data contradict themselves (e.g. a bookable product nobody serves)."""


def upsert(
    model: type[ModelT], report: LoadReport, key: dict[str, Any], values: dict[str, Any]
) -> ModelT:
    """Like ``update_or_create`` on the natural ``key``, but validated before saving."""
    instance = model._default_manager.filter(**key).first()
    created = instance is None
    if instance is None:
        instance = model()
    # Assigning the key's objects too caches them, so clean() does not fetch them again.
    fields = {**key, **values}
    for name, value in fields.items():
        setattr(instance, name, value)
    # Related objects passed in were just loaded or saved, so their existence checks (one
    # query each) are skipped; the model's own clean() still checks they fit together.
    instance.full_clean(
        exclude=[name for name, value in fields.items() if isinstance(value, models.Model)]
    )
    instance.save()
    report.record(instance, created)
    return instance


def on_grid(minutes: int, granularity: int) -> int:
    """Round up, because the data are written for a 10-minute grid and must never shrink."""
    return -(-minutes // granularity) * granularity


def _municipality(spec: MunicipalitySpec) -> Municipality:
    return Municipality.objects.get(slug=spec.slug)


def load_municipalities(report: LoadReport) -> None:
    for spec in MUNICIPALITIES:
        municipality = upsert(
            Municipality,
            report,
            {"slug": spec.slug},
            {
                "name": spec.name,
                "nis_code": spec.nis_code,
                "granularity_minutes": spec.granularity_minutes,
                "lead_time_minutes": spec.lead_time_minutes,
                "horizon_days": spec.horizon_days,
                "hold_minutes": spec.hold_minutes,
                "formal_address": spec.formal_address,
                "primary_colour": spec.primary_colour,
                "accent_colour": spec.accent_colour,
                "website": spec.website,
                "observes_public_holidays": True,
            },
        )
        for location_spec in spec.locations:
            location = upsert(
                Location,
                report,
                {"municipality": municipality, "slug": location_spec.slug},
                {
                    "name": location_spec.name,
                    "street": location_spec.street,
                    "house_number": location_spec.house_number,
                    "postcode": location_spec.postcode,
                    "municipality_name": spec.name,
                    "phone": location_spec.phone,
                    "email": location_spec.email,
                    "walking_gap_minutes": location_spec.walking_gap_minutes,
                },
            )
            for counter_spec in location_spec.counters:
                upsert(
                    Counter,
                    report,
                    {"location": location, "name": counter_spec.name},
                    {"municipality": municipality, "active": counter_spec.active},
                )


def load_catalog(report: LoadReport) -> None:
    for spec in MUNICIPALITIES:
        municipality = _municipality(spec)
        products: dict[str, Product] = {}
        for slug in spec.product_slugs:
            product_spec = PRODUCTS_BY_SLUG[slug]
            products[slug] = upsert(
                Product,
                report,
                {"municipality": municipality, "slug": slug},
                {
                    "title": product_spec.texts("title", formal=spec.formal_address),
                    "description": product_spec.texts("description", formal=spec.formal_address),
                    "what_to_bring": product_spec.texts(
                        "what_to_bring", formal=spec.formal_address
                    ),
                    "cost": product_spec.texts("cost", formal=spec.formal_address),
                    "keywords": product_spec.keywords,
                    "ipdc_product_number": product_spec.ipdc_number,
                    "ipdc_concept": product_spec.ipdc_concept,
                    "product_type": product_spec.product_type,
                    "theme": product_spec.theme,
                    "department": product_spec.department,
                    "online_bookable": product_spec.online_bookable,
                    "max_quantity": product_spec.max_quantity,
                },
            )
        granularity = spec.granularity_minutes
        for location_spec in spec.locations:
            for counter_spec in location_spec.counters:
                counter = Counter.objects.select_related("municipality").get(
                    location__municipality=municipality,
                    location__slug=location_spec.slug,
                    name=counter_spec.name,
                )
                for service in counter_spec.services:
                    # Service bundles are shared; the small municipality lacks some products.
                    if service.product not in products:
                        continue
                    upsert(
                        CounterService,
                        report,
                        {"counter": counter, "product": products[service.product]},
                        {
                            "municipality": municipality,
                            "duration_minutes": on_grid(service.duration, granularity),
                            "extra_minutes_per_quantity": on_grid(
                                service.extra_per_quantity, granularity
                            ),
                        },
                    )


def load_calendar(report: LoadReport) -> None:
    for spec in MUNICIPALITIES:
        municipality = _municipality(spec)
        counters = {
            (counter.location.slug, counter.name): counter
            for counter in Counter.objects.filter(municipality=municipality).select_related(
                "location", "municipality"
            )
        }
        for location_spec in spec.locations:
            for counter_spec in location_spec.counters:
                counter = counters[(location_spec.slug, counter_spec.name)]
                for row in counter_spec.hours:
                    # valid_from is part of the key: one range may recur with other validity.
                    upsert(
                        OpeningHours,
                        report,
                        {
                            "counter": counter,
                            "weekday": row.weekday,
                            "start": row.start,
                            "valid_from": row.valid_from,
                        },
                        {
                            "municipality": municipality,
                            "end": row.end,
                            "valid_until": row.valid_until,
                            "staff_only": row.staff_only,
                        },
                    )
        locations = {
            location.slug: location
            for location in Location.objects.filter(municipality=municipality)
        }
        for closing in spec.closing_days:
            upsert(
                ClosingDay,
                report,
                {
                    "municipality": municipality,
                    "location": locations[closing.location] if closing.location else None,
                    "counter": counters[closing.counter] if closing.counter else None,
                    "date": closing.date,
                },
                {"recurring_yearly": closing.recurring_yearly, "reason": closing.reason},
            )


def _demo_user(
    report: LoadReport, username: str, *, first_name: str, last_name: str, **flags: bool
) -> Any:
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=username).first()
    created = user is None
    if user is None:
        user = user_model(username=username)
        # Only new users get the demo password: someone may have changed theirs on purpose.
        user.set_password(DEMO_PASSWORD)
    user.first_name = first_name
    user.last_name = last_name
    user.email = f"{username}@balie.example"
    for name, value in flags.items():
        setattr(user, name, value)
    user.save()
    report.record(user, created)
    return user


def load_users(report: LoadReport) -> None:
    _demo_user(
        report,
        OPERATOR_USERNAME,
        first_name="Platform",
        last_name="Operator",
        is_staff=True,
        is_superuser=True,
    )
    for spec in MUNICIPALITIES:
        municipality = _municipality(spec)
        for role, prefix, first_name, is_staff in (
            (Role.ADMIN, "admin", "Beheerder", True),
            (Role.STAFF, "clerk", "Baliemedewerker", False),
        ):
            user = _demo_user(
                report,
                f"{prefix}-{spec.slug}",
                first_name=first_name,
                last_name=spec.name,
                is_staff=is_staff,
                is_superuser=False,
            )
            upsert(
                StaffMembership,
                report,
                {"municipality": municipality, "user": user},
                {"role": role},
            )


def check_bookable_products_are_served(report: LoadReport) -> None:
    """Fail the load (and roll it back) rather than show citizens a product with no slots."""
    unserved = (
        Product.objects.filter(
            municipality__slug__in=[spec.slug for spec in MUNICIPALITIES], online_bookable=True
        )
        .exclude(services__counter__active=True)
        .values_list("municipality__slug", "slug")
    )
    if unserved:
        names = ", ".join(f"{municipality}/{slug}" for municipality, slug in unserved)
        raise DemoDataError(f"Online-bookable products without an active counter: {names}")


def _load_visits_today(report: LoadReport) -> None:
    # Imported here: the desk app builds on booking, which needs the catalog loaded first.
    from balie.demo.today import open_first_location_today
    from balie.desk.demo import load_demo_visits_today

    open_first_location_today()
    load_demo_visits_today(report)


def _load_bookings(report: LoadReport) -> None:
    from balie.demo.bookings import load_demo_bookings

    load_demo_bookings(report)


def _load_linked_data_identifiers(report: LoadReport) -> None:
    from balie.integrations.oslo.demo import load_demo_identifiers

    load_demo_identifiers(report)


def _load_reminder_due_soon(report: LoadReport) -> None:
    """One e-mail reminder due two minutes after loading, so `make run` shows one on the
    console; the usual ones are planned 24 hours before each appointment."""
    from datetime import timedelta

    from django.utils import timezone

    from balie.booking.models import Reservation, ReservationStatus
    from balie.notifications.models import Channel, Message, MessageKind
    from balie.notifications.reminders import plan_reminder_at

    now = timezone.now()
    # Loading again within a day plans nothing new (the loader is idempotent).
    if (
        Message.objects.filter(kind=MessageKind.REMINDER, due_at__gte=now - timedelta(days=1))
        .filter(due_at__lte=now + timedelta(hours=1))
        .exists()
    ):
        return
    upcoming = (
        Reservation.objects.filter(
            status=ReservationStatus.CONFIRMED, start__gt=now + timedelta(hours=1)
        )
        .exclude(email="")
        .select_related("municipality")
        .order_by("start")
        .first()
    )
    if upcoming is not None:
        # Like the demo bookings, not counted in the report of catalog rows.
        plan_reminder_at(
            reservation=upcoming,
            channel=Channel.EMAIL,
            recipient=upcoming.email,
            due=now + timedelta(minutes=2),
        )


CATALOG_STEPS: list[Step] = [
    load_municipalities,
    _load_linked_data_identifiers,
    load_catalog,
    load_calendar,
    load_users,
]
STEPS: list[Step] = [*CATALOG_STEPS, _load_visits_today]
# `make run` also books the coming days, so calendars look alive; tests load STEPS only.
STEPS_WITH_BOOKINGS: list[Step] = [*STEPS, _load_bookings, _load_reminder_due_soon]


def load_demo_data(steps: Sequence[Step] = STEPS) -> LoadReport:
    report = LoadReport()
    with transaction.atomic(), scopes_disabled():
        for step in steps:
            step(report)
        check_bookable_products_are_served(report)
    return report
