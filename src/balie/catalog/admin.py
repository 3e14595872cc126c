# SPDX-License-Identifier: EUPL-1.2
"""Configuration screens for municipal admins; rows are tenant-scoped by the middleware."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.catalog.selectors import list_unserved_products
from balie.catalog.validators import RangeRule, find_clashing_pairs
from balie.tenants.admin import TenantAdmin, TenantInline, TenantInlineFormSet


def _live_forms(formset: Any) -> list[Any]:
    return [
        form
        for form in formset.forms
        if (form.has_changed() or form.instance.pk)
        and form.cleaned_data
        and not form.cleaned_data.get("DELETE")
    ]


class OpeningHoursFormSet(TenantInlineFormSet):
    def clean(self) -> None:
        super().clean()
        forms = [form for form in _live_forms(self) if form.cleaned_data.get("start")]
        rules = [
            RangeRule(
                form.cleaned_data["weekday"],
                form.cleaned_data["start"],
                form.cleaned_data["end"],
                form.cleaned_data.get("valid_from"),
                form.cleaned_data.get("valid_until"),
            )
            for form in forms
        ]
        pairs = find_clashing_pairs(rules)
        if pairs:
            first, second = pairs[0]
            raise ValidationError(
                _("Opening hours overlap: %(first)s and %(second)s on the same day."),
                code="overlapping_hours",
                params={"first": forms[first].instance, "second": forms[second].instance},
            )


class ProductServiceFormSet(TenantInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if self.instance.online_bookable and not _live_forms(self):
            raise ValidationError(
                _(
                    "No counter serves this product, so citizens cannot book it. Add a counter "
                    "below or switch off 'bookable online'."
                ),
                code="product_unserved",
            )


class OpeningHoursInline(TenantInline):
    model = OpeningHours
    formset = OpeningHoursFormSet


class CounterServiceInline(TenantInline):
    model = CounterService
    autocomplete_fields = ("product",)


class ProductServiceInline(TenantInline):
    model = CounterService
    formset = ProductServiceFormSet
    verbose_name_plural = _("Counters serving this product")


class CounterInline(TenantInline):
    model = Counter
    fields = ("name", "active")
    show_change_link = True


@admin.register(Location)
class LocationAdmin(TenantAdmin):
    list_display = ("name", "municipality", "postcode", "municipality_name")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CounterInline]


@admin.register(Counter)
class CounterAdmin(TenantAdmin):
    list_display = ("name", "location", "active")
    list_filter = ("active", "location")
    search_fields = ("name",)
    inlines = [OpeningHoursInline, CounterServiceInline]


@admin.register(Product)
class ProductAdmin(TenantAdmin):
    list_display = ("__str__", "ipdc_product_number", "theme", "online_bookable", "max_quantity")
    list_filter = ("theme", "online_bookable")
    search_fields = ("slug", "title", "ipdc_product_number")
    inlines = [ProductServiceInline]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        unserved = list_unserved_products(products=self.get_queryset(request))
        if unserved:
            messages.warning(
                request,
                _("No counter serves these products, so citizens cannot book them: %(products)s.")
                % {
                    "products": ", ".join(
                        f"{product} ({product.municipality})" for product in unserved
                    )
                },
            )
        return super().changelist_view(request, extra_context)


@admin.register(ClosingDay)
class ClosingDayAdmin(TenantAdmin):
    list_display = ("__str__", "municipality", "location", "counter", "recurring_yearly", "reason")
    list_filter = ("recurring_yearly",)
