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

from balie.booking.selectors import MAX_VISIT_PRODUCTS

# Database ids are 64-bit; larger numbers must fail validation, not the database driver.
MAX_ID = 2**63 - 1
# No product allows more than 20 of one item (Product.max_quantity); each product's own
# maximum is lower or equal and answers quantity_out_of_range.
MAX_QUANTITY = 20
_PRODUCT_ITEM = re.compile(r"(\d{1,19})(?::(\d{1,4}))?")
# What the server accepts, as the schema states it: ids 1 to 18 digits, quantities 1-20.
_ITEM_PATTERN = r"[1-9][0-9]{0,17}(:([1-9]|1[0-9]|20))?"


@extend_schema_field(
    {
        "type": "string",
        "pattern": rf"^{_ITEM_PATTERN}(,{_ITEM_PATTERN}){{0,{MAX_VISIT_PRODUCTS - 1}}}$",
        "example": "12,15:2",
        "description": "Comma-separated product ids, each optionally with :QUANTITY "
        f"(1 to {MAX_QUANTITY}, and at most the product's max_quantity); at most "
        f"{MAX_VISIT_PRODUCTS} products, each once.",
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
            # Above MAX_QUANTITY the booking rules answer quantity_out_of_range, naming
            # the product's own maximum; this only keeps absurd numbers out.
            if not (1 <= product_id <= MAX_ID and 1 <= quantity <= 1000):
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
    quantity = serializers.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        default=1,
        help_text="At most the product's max_quantity (see the catalog).",
    )


def visit_items_field() -> serializers.ListField:
    # A ListField (not many=True) so that the schema states the list's bounds too.
    return serializers.ListField(
        child=VisitItemInputSerializer(),
        min_length=1,
        max_length=MAX_VISIT_PRODUCTS,
        help_text=f"1 to {MAX_VISIT_PRODUCTS} products, each product once (use its quantity).",
    )


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def checked_later_char_field(*, schema: dict[str, Any], **kwargs: Any) -> serializers.CharField:
    """A text field the booking service checks (with every other field's problem at once),
    and whose rule the schema states: ``schema`` adds to the string schema, e.g. a pattern.

    The serializer itself only enforces ``max_length``, so the service's answer stays the
    one the portal gives too.
    """
    stated = {"type": "string", **schema}
    if "max_length" in kwargs:
        stated.setdefault("maxLength", kwargs["max_length"])
    if kwargs.get("help_text"):
        stated.setdefault("description", str(kwargs["help_text"]))
    if "default" in kwargs:
        stated.setdefault("default", kwargs["default"])

    @extend_schema_field(stated)
    class CheckedLaterCharField(serializers.CharField):
        def run_validation(self, data: Any = serializers.empty) -> Any:
            # Blank (or only spaces) goes to the booking service, which says what is missing.
            if isinstance(data, str) and not data.strip():
                return ""
            return super().run_validation(data)

    return CheckedLaterCharField(**kwargs)
