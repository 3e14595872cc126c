# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""What a municipality offers: products and the locations and counters that serve them."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.schema import api_schema
from balie.api.selectors import list_locations_with_services
from balie.api.views import get_municipality_or_404
from balie.catalog.models import Location, Product
from balie.catalog.selectors import list_bookable_products
from balie.core.i18n import CONTENT_LANGUAGES, translate_text

_TEXT_FIELDS = ("title", "description", "what_to_bring", "cost")


class ProductTextsSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    what_to_bring = serializers.CharField()
    cost = serializers.CharField()


class ProductListView(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.SlugField()
        title = serializers.SerializerMethodField()
        description = serializers.SerializerMethodField()
        what_to_bring = serializers.SerializerMethodField()
        cost = serializers.SerializerMethodField()
        translations = serializers.SerializerMethodField()
        ipdc_product_number = serializers.CharField()
        ipdc_concept = serializers.CharField()
        theme = serializers.CharField()
        product_type = serializers.CharField()
        max_quantity = serializers.IntegerField()

        # Texts in the request language (Accept-Language), falling back to Dutch.
        def get_title(self, product: Product) -> str:
            return translate_text(product.title)

        def get_description(self, product: Product) -> str:
            return translate_text(product.description)

        def get_what_to_bring(self, product: Product) -> str:
            return translate_text(product.what_to_bring)

        def get_cost(self, product: Product) -> str:
            return translate_text(product.cost)

        # All texts per language (nl, fr, en, de) that has any, e.g. for a language menu.
        @extend_schema_field(serializers.DictField(child=ProductTextsSerializer()))
        def get_translations(self, product: Product) -> dict[str, dict[str, str]]:
            translations = {}
            for language in CONTENT_LANGUAGES:
                texts = {
                    field: getattr(product, field).get(language, "") for field in _TEXT_FIELDS
                }
                if any(texts.values()):
                    translations[language] = texts
            return translations

    @api_schema(
        operation_id="list_products",
        summary="List products bookable online",
        responses={200: OutputSerializer(many=True)},
        problem_statuses=(404,),
        tags=["catalog"],
        auth=[],
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        products = list_bookable_products(municipality=municipality)
        return Response(self.OutputSerializer(products, many=True).data)


class AddressSerializer(serializers.Serializer):
    street = serializers.CharField()
    house_number = serializers.CharField()
    box = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField()
    municipality_name = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class CounterServiceOutputSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product_id")
    duration_minutes = serializers.IntegerField()
    extra_minutes_per_quantity = serializers.IntegerField()


class CounterOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    products = CounterServiceOutputSerializer(many=True, source="services.all")


class LocationListView(APIView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slug = serializers.SlugField()
        name = serializers.CharField()
        address = serializers.SerializerMethodField()
        contact = serializers.SerializerMethodField()
        counters = CounterOutputSerializer(many=True, source="counters.all")

        @extend_schema_field(AddressSerializer)
        def get_address(self, location: Location) -> dict[str, Any]:
            return {
                "street": location.street,
                "house_number": location.house_number,
                "box": location.box,
                "postcode": location.postcode,
                "municipality_name": location.municipality_name,
            }

        @extend_schema_field(ContactSerializer)
        def get_contact(self, location: Location) -> dict[str, str]:
            return {"phone": location.phone, "email": location.email}

    @api_schema(
        operation_id="list_locations",
        summary="List locations with their counters",
        responses={200: OutputSerializer(many=True)},
        problem_statuses=(404,),
        tags=["catalog"],
        auth=[],
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        locations = list_locations_with_services(municipality=municipality)
        return Response(self.OutputSerializer(locations, many=True).data)
