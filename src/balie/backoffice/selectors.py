# SPDX-License-Identifier: EUPL-1.2
"""Reads on appointments for the back office: search, one appointment, the export rows."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django_scopes import scope

from balie.booking.models import Leg, Reservation, ReservationStatus
from balie.booking.selectors import visit_items_prefetch
from balie.tenants.models import Municipality

SHOWN_STATUSES = (ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED)


@dataclass(frozen=True)
class AppointmentFilter:
    text: str = ""
    day: date | None = None
    product_id: int | None = None
    counter_id: int | None = None


def _appointments(
    *, municipality: Municipality, criteria: AppointmentFilter
) -> QuerySet[Reservation]:
    rows = Reservation.objects.filter(status__in=SHOWN_STATUSES).select_related("location")
    text = criteria.text.strip()
    if text:
        rows = rows.filter(
            Q(reference__iexact=text)
            | Q(email__iexact=text)
            | Q(given_name__icontains=text)
            | Q(family_name__icontains=text)
        )
    if criteria.day is not None:
        zone = ZoneInfo(municipality.timezone)
        begin = datetime.combine(criteria.day, time(), tzinfo=zone)
        rows = rows.filter(start__gte=begin, start__lt=begin + timedelta(days=1))
    if criteria.counter_id is not None:
        rows = rows.filter(legs__counter_id=criteria.counter_id)
    if criteria.product_id is not None:
        rows = rows.filter(visit_items__product_id=criteria.product_id)
    return rows.prefetch_related(
        Prefetch("legs", queryset=Leg.objects.select_related("counter"))
    ).distinct()


def search_appointments(
    *, municipality: Municipality, criteria: AppointmentFilter, limit: int = 200
) -> list[Reservation]:
    with scope(municipality=municipality.pk):
        return list(_appointments(municipality=municipality, criteria=criteria)[:limit])


def iter_appointments_for_export(
    *, municipality: Municipality, criteria: AppointmentFilter
) -> Iterator[Reservation]:
    with scope(municipality=municipality.pk):
        yield from _appointments(municipality=municipality, criteria=criteria).iterator(
            chunk_size=500
        )


def get_appointment(*, municipality: Municipality, reference: str) -> Reservation | None:
    with scope(municipality=municipality.pk):
        return (
            Reservation.objects.filter(reference=reference, status__in=SHOWN_STATUSES)
            .select_related("location", "booked_by", "rescheduled_to")
            .prefetch_related(
                Prefetch("legs", queryset=Leg.objects.select_related("counter")),
                visit_items_prefetch(),
            )
            .first()
        )
