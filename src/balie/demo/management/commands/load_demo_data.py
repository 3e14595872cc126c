# SPDX-License-Identifier: EUPL-1.2
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.demo.loader import DEMO_PASSWORD, STEPS_WITH_BOOKINGS, DemoDataError, load_demo_data
from balie.demo.municipalities import MUNICIPALITIES
from balie.tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "Load two fictional municipalities (Demerdonk, Scheldemeer) with locations, counters, "
        "a multilingual product catalogue, opening hours, closing days, demo users and "
        "appointments for today and the coming days. "
        "Safe to run again: existing rows are updated, never duplicated. Users: 'operator' "
        "(superuser), 'admin-<slug>' and 'clerk-<slug>' per municipality; password for new "
        f"users: {DEMO_PASSWORD} (existing users keep theirs)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_demo_data(STEPS_WITH_BOOKINGS)
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        slugs = [spec.slug for spec in MUNICIPALITIES]
        with scopes_disabled():
            counts = {
                "municipalities": Municipality.objects.filter(slug__in=slugs).count(),
                "locations": Location.objects.filter(municipality__slug__in=slugs).count(),
                "counters": Counter.objects.filter(municipality__slug__in=slugs).count(),
                "products": Product.objects.filter(municipality__slug__in=slugs).count(),
                "services": CounterService.objects.filter(municipality__slug__in=slugs).count(),
                "opening hours": OpeningHours.objects.filter(municipality__slug__in=slugs).count(),
                "closing days": ClosingDay.objects.filter(municipality__slug__in=slugs).count(),
            }
        totals = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded ({report.total_created} created, {report.total_updated} "
                f"updated): {totals}; users operator, admin-<slug>, clerk-<slug> "
                f"(password {DEMO_PASSWORD})."
            )
        )
