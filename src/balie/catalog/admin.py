# SPDX-License-Identifier: EUPL-1.2
"""Configuration screens for municipal admins; rows are tenant-scoped by the middleware."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from balie.catalog.models import (
    ClosingDay,
    Counter,
    CounterService,
    Location,
    OpeningHours,
    Product,
)
from balie.catalog.protection import count_product_use, stop_online_booking
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

    # --- deleting: refused while appointments name the product -----------------------

    def get_urls(self) -> list[Any]:
        stop = self.admin_site.admin_view(require_POST(self.stop_online_booking_view))
        return [
            path(
                "<path:object_id>/stop-online-booking/",
                stop,
                name="catalog_product_stop_online_booking",
            ),
            *super().get_urls(),
        ]

    def stop_online_booking_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        product = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, product):
            raise PermissionDenied
        stop_online_booking(product=product)
        messages.success(
            request,
            gettext(
                "Citizens can no longer book “%(product)s” online; staff can still book it "
                "and its appointments keep showing it."
            )
            % {"product": product},
        )
        return HttpResponseRedirect(reverse("admin:catalog_product_change", args=[product.pk]))

    def why_not_deletable(self, request: HttpRequest, product: Product) -> SafeString | None:
        """The reason a product cannot go, with the way out; None when it can."""
        use = count_product_use(product=product)
        if not use.any:
            return None
        reasons = []
        if use.future:
            reasons.append(
                ngettext(
                    "%(count)s upcoming appointment is for “%(product)s”.",
                    "%(count)s upcoming appointments are for “%(product)s”.",
                    use.future,
                )
                % {"count": use.future, "product": product}
            )
        if use.past:
            reasons.append(
                ngettext(
                    "%(count)s earlier appointment must keep showing “%(product)s”.",
                    "%(count)s earlier appointments must keep showing “%(product)s”.",
                    use.past,
                )
                % {"count": use.past, "product": product}
            )
        reasons.append(gettext("A product with appointments cannot be deleted."))
        if not product.online_bookable:
            return format_html(
                "{} {}",
                " ".join(reasons),
                gettext("Online booking is already stopped, which is all that is needed."),
            )
        return format_html(
            '{} {} <form method="post" action="{}" style="display:inline">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit">{}</button></form>',
            " ".join(reasons),
            gettext(
                "Stop online booking instead: citizens no longer see it, staff can still book it."
            ),
            reverse("admin:catalog_product_stop_online_booking", args=[product.pk]),
            get_token(request),
            gettext("Stop online booking"),
        )

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # One line per product that says why and what to do, instead of a list of
            # every visit row that names it.
            protected = [
                reason
                for product in objs
                if (reason := self.why_not_deletable(request, product)) is not None
            ] or protected
        return deleted, counts, perms_needed, protected

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ProtectedError:
            # An appointment was booked between the confirmation page and the click.
            product = get_object_or_404(self.get_queryset(request), pk=object_id)
            messages.error(request, self.why_not_deletable(request, product) or "")
            return HttpResponseRedirect(reverse("admin:catalog_product_change", args=[product.pk]))


@admin.register(ClosingDay)
class ClosingDayAdmin(TenantAdmin):
    list_display = ("__str__", "municipality", "location", "counter", "recurring_yearly", "reason")
    list_filter = ("recurring_yearly",)
