# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""Free days and start times for a visit, straight from the availability engine."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.fields import LocationReferenceField, ProductListField
from balie.api.schema import OPTIONAL_STAFF_AUTH, api_schema
from balie.api.selectors import get_location
from balie.api.views import get_municipality_or_404
from balie.booking.availability import (
    Audience,
    Visit,
    list_available_days,
    list_available_starts,
)
from balie.booking.exceptions import BookingError, BookingErrorCode

# The booking app validates a visit in one private function; reusing it keeps the API's
# answers identical to the portal's. It should become public as booking.selectors.
from balie.booking.selectors import validate_visit
from balie.catalog.models import Location
from balie.tenants.models import Municipality
from balie.tenants.selectors import is_staff_member

DEFAULT_RANGE_DAYS = 31


def _visit_request(
    request: Request,
    municipality: Municipality,
    location_reference: str,
    items: list[tuple[int, int]],
) -> tuple[Location, Visit, Audience]:
    staff = is_staff_member(user=request.user, municipality=municipality)
    location = get_location(municipality=municipality, reference=location_reference)
    if location is None:
        raise BookingError(BookingErrorCode.UNKNOWN_LOCATION)
    visit, _products = validate_visit(municipality=municipality, items=items, staff=staff)
    return location, visit, Audience.STAFF if staff else Audience.CITIZEN


def _bookable_dates(municipality: Municipality, now: datetime) -> tuple[date, date]:
    today = now.astimezone(ZoneInfo(municipality.timezone)).date()
    return today, today + timedelta(days=municipality.horizon_days)


class AvailableDaysView(APIView):
    class InputSerializer(serializers.Serializer):
        location = LocationReferenceField(help_text="Location id or slug.")
        products = ProductListField()
        # "from" is a keyword in Python; the class namespace takes it as a plain key.
        locals()["from"] = serializers.DateField(
            required=False, help_text="First day (default today; earlier days count from today)."
        )
        to = serializers.DateField(
            required=False,
            help_text=f"Last day (default first day + {DEFAULT_RANGE_DAYS}); "
            "capped at the municipality's booking horizon (today + horizon_days). A range "
            "outside that window, or ending before it starts, answers no days.",
        )

    class OutputSerializer(serializers.Serializer):
        days = serializers.ListField(child=serializers.DateField())

    @api_schema(
        operation_id="list_available_days",
        summary="Days with at least one free start for a visit",
        parameters=[InputSerializer],
        responses={200: OutputSerializer},
        problem_statuses=(400, 404),
        tags=["availability"],
        auth=OPTIONAL_STAFF_AUTH,
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        serializer = self.InputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        now = timezone.now()
        today, last_bookable = _bookable_dates(municipality, now)
        first_day = max(data.get("from") or today, today)
        last_day = min(
            data.get("to") or first_day + timedelta(days=DEFAULT_RANGE_DAYS), last_bookable
        )
        location, visit, audience = _visit_request(
            request, municipality, data["location"], data["products"]
        )
        # A range outside the bookable window (or ending before it starts) has no free day.
        days = (
            list_available_days(
                municipality=municipality,
                location=location,
                visit=visit,
                first_day=first_day,
                last_day=last_day,
                now=now,
                audience=audience,
            )
            if first_day <= last_day
            else []
        )
        return Response(self.OutputSerializer({"days": days}).data)


class AvailableTimesView(APIView):
    class InputSerializer(serializers.Serializer):
        location = LocationReferenceField(help_text="Location id or slug.")
        products = ProductListField()
        date = serializers.DateField(
            help_text="A day from today to today + horizon_days; any other day answers no times."
        )

    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField()
        times = serializers.ListField(child=serializers.DateTimeField())

    @api_schema(
        operation_id="list_available_times",
        summary="Free start times for a visit on one day",
        parameters=[InputSerializer],
        responses={200: OutputSerializer},
        problem_statuses=(400, 404),
        tags=["availability"],
        auth=OPTIONAL_STAFF_AUTH,
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        serializer = self.InputSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        now = timezone.now()
        today, last_bookable = _bookable_dates(municipality, now)
        day: date = data["date"]
        location, visit, audience = _visit_request(
            request, municipality, data["location"], data["products"]
        )
        # A day outside the bookable window (today to horizon_days ahead) has no free time.
        times = (
            list_available_starts(
                municipality=municipality,
                location=location,
                visit=visit,
                day=day,
                now=now,
                audience=audience,
            )
            if today <= day <= last_bookable
            else []
        )
        return Response(self.OutputSerializer({"date": day, "times": times}).data)
