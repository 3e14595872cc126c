# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""Statistics in the REST API: the public open data, and the full figures for admins."""

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.schema import api_schema
from balie.api.views import get_municipality_or_404
from balie.desk.access import second_factor_redirect
from balie.statistics.forms import EARLIEST, LATEST
from balie.statistics.open_data import last_published_day, published_span
from balie.statistics.selectors import (
    Period,
    Scope,
    get_dashboard,
    iter_open_data,
    list_statistics_locations,
)
from balie.tenants.models import Municipality, Role
from balie.tenants.selectors import get_membership, is_platform_operator

MAX_API_DAYS = 366
DEFAULT_API_DAYS = 31


class _EmptyIsNotAbsent:
    """DRF reads an empty optional query parameter as absent; ``to=`` is a typing error
    that the schema (minLength, format) refuses, so the server refuses it too."""

    field_name: str | None

    def get_value(self, dictionary: Any) -> Any:
        return dictionary.get(self.field_name, serializers.empty)


@extend_schema_field(
    {"type": "string", "format": "date", "pattern": r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"}
)
class StatisticsDayField(_EmptyIsNotAbsent, serializers.DateField):
    """A day from 2000 to 2100; an empty value is refused, not taken as "not given"."""

    def to_internal_value(self, value: Any) -> Any:
        if value == "":
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class LocationSlugField(_EmptyIsNotAbsent, serializers.SlugField):
    pass


class PeriodInputSerializer(serializers.Serializer):
    # "from" is a keyword in Python; the class namespace takes it as a plain key.
    locals()["from"] = StatisticsDayField(
        required=False, help_text="First day (2000-01-01 to 2100-12-31)."
    )
    to = StatisticsDayField(
        required=False,
        help_text=f"Last day (2000-01-01 to 2100-12-31), at most {MAX_API_DAYS} days after "
        f"the first; without both, {DEFAULT_API_DAYS} days.",
    )
    location = LocationSlugField(required=False, help_text="Only this location (slug).")

    answers_any_period = False

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        first, last = attrs.get("from"), attrs.get("to")
        for name, value in (("from", first), ("to", last)):
            if value is not None and not EARLIEST <= value <= LATEST:
                raise ValidationError({name: [_("Choose a day between 2000 and 2100.")]})
        if self.answers_any_period:
            # Open data: a period that ends before it starts has no rows, and a longer one
            # is cut at MAX_API_DAYS; the schema cannot state rules between two fields.
            if first and last and (last - first).days + 1 > MAX_API_DAYS:
                attrs["to"] = first + timedelta(days=MAX_API_DAYS - 1)
            return attrs
        if first and last and last < first:
            raise ValidationError({"to": [_("The last day must not be before the first day.")]})
        if first and last and (last - first).days + 1 > MAX_API_DAYS:
            raise ValidationError(
                {"to": [_("Ask for at most %(days)s days at once.") % {"days": MAX_API_DAYS}]}
            )
        return attrs


class OpenDataPeriodInputSerializer(PeriodInputSerializer):
    answers_any_period = True


def _period(attrs: dict[str, Any], *, last_default: Any, days: int) -> Period:
    last = attrs.get("to") or (
        attrs["from"] + timedelta(days=days - 1) if attrs.get("from") else last_default
    )
    first = attrs.get("from") or last - timedelta(days=days - 1)
    return Period(first, last)


class OpenDataDailyView(APIView):
    class OutputSerializer(serializers.Serializer):
        date = serializers.DateField(source="day")
        nis_code = serializers.CharField()
        location = serializers.CharField(source="location_slug")
        location_name = serializers.CharField()
        product = serializers.CharField(source="product_slug")
        product_title = serializers.CharField()
        ipdc_product_number = serializers.CharField()
        appointments = serializers.IntegerField(
            allow_null=True, help_text="Kept appointments; null when suppressed (1 to 4)."
        )
        cancellations = serializers.IntegerField(allow_null=True)
        walk_ins = serializers.IntegerField(allow_null=True)
        no_show_rate = serializers.FloatField(
            allow_null=True, help_text="Share of recorded outcomes; null when too few."
        )
        first_free_minutes = serializers.IntegerField(
            allow_null=True, help_text="Minutes to the first free appointment, if measured."
        )

    @api_schema(
        operation_id="list_open_data_daily",
        summary="Open data: daily figures per location and product",
        parameters=[OpenDataPeriodInputSerializer],
        responses={200: OutputSerializer(many=True)},
        problem_statuses=(400, 404),
        tags=["statistics"],
        auth=[],
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        params = OpenDataPeriodInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        span = published_span(municipality)
        if span is None:
            return Response([])
        wanted = _period(params.validated_data, last_default=span.last_day, days=DEFAULT_API_DAYS)
        period = Period(max(wanted.first_day, span.first_day), min(wanted.last_day, span.last_day))
        if period.first_day > period.last_day:
            return Response([])
        rows = iter_open_data(
            municipality=municipality,
            period=period,
            location_slug=params.validated_data.get("location"),
        )
        response = Response(self.OutputSerializer(list(rows), many=True).data)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _check_admin(request: Request, municipality: Municipality) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated
    if not is_platform_operator(user=request.user):
        membership = get_membership(user=request.user, municipality=municipality)
        if membership is None:
            raise NotFound(_("There is no municipality with this slug."))
        if membership.role != Role.ADMIN:
            raise PermissionDenied
    if second_factor_redirect(request._request) is not None:
        raise PermissionDenied(_("Confirm your second factor at the desk first."))


class RateSerializer(serializers.Serializer):
    booked = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    attended = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    walk_ins = serializers.IntegerField()
    multi_counter = serializers.IntegerField()
    multi_counter_completed = serializers.IntegerField()
    cancellation_rate = serializers.FloatField(allow_null=True)
    no_show_rate = serializers.FloatField(allow_null=True)


class StatisticsSummaryView(APIView):
    class OutputSerializer(serializers.Serializer):
        class ChannelSerializer(serializers.Serializer):
            channel = serializers.CharField()
            appointments = serializers.IntegerField()
            walk_ins = serializers.IntegerField()

        class ProductSerializer(serializers.Serializer):
            product_id = serializers.IntegerField()
            title = serializers.CharField()
            booked = serializers.IntegerField()
            cancelled = serializers.IntegerField()
            no_shows = serializers.IntegerField()
            walk_ins = serializers.IntegerField()

        class CounterSerializer(serializers.Serializer):
            location = serializers.CharField()
            counter = serializers.CharField()
            open_minutes = serializers.IntegerField()
            staff_only_minutes = serializers.IntegerField()
            booked_minutes = serializers.IntegerField()
            booked_staff_only_minutes = serializers.IntegerField()
            utilisation = serializers.FloatField(allow_null=True)

        class DeskSerializer(serializers.Serializer):
            stage = serializers.CharField()
            queued = serializers.IntegerField()
            served = serializers.IntegerField()
            no_shows = serializers.IntegerField()
            average_wait_minutes = serializers.FloatField(allow_null=True)
            longest_wait_minutes = serializers.FloatField(allow_null=True)
            average_service_minutes = serializers.FloatField(allow_null=True)

        first_day = serializers.DateField(source="scope.period.first_day")
        last_day = serializers.DateField(source="scope.period.last_day")
        totals = RateSerializer()
        by_channel = ChannelSerializer(many=True)
        by_product = ProductSerializer(many=True)
        counters = CounterSerializer(many=True)
        desk = DeskSerializer(many=True)

    @api_schema(
        operation_id="get_statistics_summary",
        summary="All figures of the statistics dashboard (municipal admins)",
        parameters=[PeriodInputSerializer],
        responses={200: OutputSerializer},
        problem_statuses=(400, 401, 403, 404),
        tags=["statistics"],
        auth=[{"staffSession": []}],
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        _check_admin(request, municipality)
        params = PeriodInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        period = _period(
            params.validated_data,
            last_default=last_published_day(municipality) + timedelta(days=1),
            days=DEFAULT_API_DAYS,
        )
        location_id = None
        if params.validated_data.get("location"):
            found = [
                loc
                for loc in list_statistics_locations(municipality=municipality)
                if loc.slug == params.validated_data["location"]
            ]
            if not found:
                raise ValidationError({"location": [_("There is no such location.")]})
            location_id = found[0].pk
        dashboard = get_dashboard(
            scope=Scope(
                municipality_ids=(municipality.pk,), period=period, location_id=location_id
            )
        )
        return Response(self.OutputSerializer(dashboard).data)
