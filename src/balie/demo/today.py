# SPDX-License-Identifier: EUPL-1.2
"""Open the demo's first location today when its normal hours leave it closed.

The desk demo needs visitors today; somebody trying Balie on a Sunday would otherwise find
an empty desk. A one-day opening (validity from today until today) is what a municipality
would enter for an exceptional opening, so the demo uses the same rule. Public holidays
and closing days still win: the demo does not open on 11 July.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django_scopes import scope

from balie.catalog.models import Counter, OpeningHours
from balie.tenants.models import Municipality

DEMO_DAY_OPENS = time(8, 0)
DEMO_DAY_CLOSES = time(20, 0)


def open_first_location_today(*, now: datetime | None = None) -> int:
    """Add a one-day opening to every counter of closed demo locations; returns rows added."""
    now = now or timezone.now()
    added = 0
    for municipality in Municipality.objects.order_by("pk"):
        today = now.astimezone(ZoneInfo(municipality.timezone)).date()
        with scope(municipality=municipality.pk):
            location = municipality.location_set.order_by("pk").first()
            if location is None:
                continue
            counters = list(Counter.objects.filter(location=location, active=True))
            open_today = OpeningHours.objects.filter(
                Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                Q(valid_until__isnull=True) | Q(valid_until__gte=today),
                counter__in=counters,
                weekday=today.weekday(),
            ).exists()
            if open_today:
                continue
            for counter in counters:
                hours = OpeningHours(
                    municipality=municipality,
                    counter=counter,
                    weekday=today.weekday(),
                    start=DEMO_DAY_OPENS,
                    end=DEMO_DAY_CLOSES,
                    valid_from=today,
                    valid_until=today,
                )
                hours.full_clean()
                hours.save()
                added += 1
    return added
