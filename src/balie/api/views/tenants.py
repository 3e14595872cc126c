# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""Municipalities: the tenants, with what a client needs to build a booking flow."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.schema import api_schema
from balie.api.views import get_municipality_or_404
from balie.tenants.models import Municipality
from balie.tenants.selectors import list_municipalities


class BrandingSerializer(serializers.Serializer):
    primary_colour = serializers.CharField()
    accent_colour = serializers.CharField()
    logo = serializers.CharField(allow_null=True)


class MunicipalityLinksSerializer(serializers.Serializer):
    self = serializers.URLField()
    products = serializers.URLField()
    locations = serializers.URLField()
    availability_days = serializers.URLField()
    availability_times = serializers.URLField()
    website = serializers.URLField(allow_blank=True)


class MunicipalityOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    nis_code = serializers.CharField()
    timezone = serializers.CharField()
    granularity = serializers.IntegerField(
        source="granularity_minutes", help_text="Slot granularity in minutes."
    )
    lead_time_minutes = serializers.IntegerField()
    horizon_days = serializers.IntegerField()
    hold_minutes = serializers.IntegerField()
    max_wait_minutes = serializers.IntegerField(
        help_text="Longest wait between two counters of one visit, on top of the walking "
        "time; whole slot steps within it are used, 0 books the counters back to back."
    )
    requires_national_number = serializers.BooleanField()
    branding = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    @extend_schema_field(BrandingSerializer)
    def get_branding(self, municipality: Municipality) -> dict[str, Any]:
        request = self.context["request"]
        return {
            "primary_colour": municipality.primary_colour,
            "accent_colour": municipality.accent_colour,
            "logo": request.build_absolute_uri(municipality.logo.url)
            if municipality.logo
            else None,
        }

    @extend_schema_field(MunicipalityLinksSerializer)
    def get_links(self, municipality: Municipality) -> dict[str, str]:
        request = self.context["request"]

        def url(name: str) -> str:
            return str(
                request.build_absolute_uri(
                    reverse(f"api:{name}", kwargs={"municipality_slug": municipality.slug})
                )
            )

        return {
            "self": url("municipality-detail"),
            "products": url("product-list"),
            "locations": url("location-list"),
            "availability_days": url("availability-days"),
            "availability_times": url("availability-times"),
            "website": municipality.website,
        }


class MunicipalityListView(APIView):
    @api_schema(
        operation_id="list_municipalities",
        summary="List municipalities",
        responses={200: MunicipalityOutputSerializer(many=True)},
        tags=["municipalities"],
        auth=[],
    )
    def get(self, request: Request) -> Response:
        municipalities = list_municipalities()
        data = MunicipalityOutputSerializer(
            municipalities, many=True, context={"request": request}
        ).data
        return Response(data)


class MunicipalityDetailView(APIView):
    @api_schema(
        operation_id="get_municipality",
        summary="Get one municipality",
        responses={200: MunicipalityOutputSerializer},
        problem_statuses=(404,),
        tags=["municipalities"],
        auth=[],
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        data = MunicipalityOutputSerializer(municipality, context={"request": request}).data
        return Response(data)
