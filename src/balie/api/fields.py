# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""Serializer fields shared by several endpoints."""

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Database ids are 64-bit; larger numbers must fail validation, not the database driver.
MAX_ID = 2**63 - 1
# Products have at most 20 of one item; a larger number is still a request for "too many".
MAX_QUANTITY = 1000
_PRODUCT_ITEM = re.compile(r"(\d{1,19})(?::(\d{1,4}))?")


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d+(:\d+)?(,\d+(:\d+)?)*$",
        "example": "12,15:2",
        "description": "Comma-separated product ids, each optionally with :QUANTITY.",
    }
)
class ProductListField(serializers.Field):
    """``12,15:2`` as ``[(12, 1), (15, 2)]``."""

    default_error_messages = {
        "syntax": _("Write products as ID or ID:QUANTITY, separated by commas, e.g. 12,15:2."),
        "range": _("Product ids and quantities must be positive numbers."),
    }

    def to_internal_value(self, data: Any) -> list[tuple[int, int]]:
        if not isinstance(data, str):
            self.fail("syntax")
        items: list[tuple[int, int]] = []
        for part in data.split(","):
            match = _PRODUCT_ITEM.fullmatch(part.strip())
            if match is None:
                self.fail("syntax")
            product_id = int(match.group(1))
            quantity = int(match.group(2) or 1)
            if not (1 <= product_id <= MAX_ID and 1 <= quantity <= MAX_QUANTITY):
                self.fail("range")
            items.append((product_id, quantity))
        return items

    def to_representation(self, value: list[tuple[int, int]]) -> str:
        return ",".join(f"{product_id}:{quantity}" for product_id, quantity in value)


@extend_schema_field(OpenApiTypes.STR)
class LocationReferenceField(serializers.CharField):
    """A location given by its id or its slug."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)


class VisitItemInputSerializer(serializers.Serializer):
    product = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, default=1)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)
