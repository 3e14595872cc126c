# SPDX-License-Identifier: EUPL-1.2
"""Admin scoped by tenant: operators see everything, municipal admins their own rows."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db.models import ForeignKey, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from balie.tenants.logos import reencode_logo
from balie.tenants.models import Municipality, StaffMembership
from balie.tenants.selectors import get_administered_municipality_ids, is_platform_operator


def may_configure(request: HttpRequest) -> bool:
    return is_platform_operator(user=request.user) or bool(
        get_administered_municipality_ids(user=request.user)
    )


class TenantInlineFormSet(forms.BaseInlineFormSet):
    """Give inline rows their parent's municipality before they are validated."""

    def _construct_form(self, i: int, **kwargs: Any) -> Any:
        form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        form.instance.municipality_id = self.instance.municipality_id
        return form


class TenantInline(admin.TabularInline):
    formset = TenantInlineFormSet
    exclude = ("municipality",)
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


class TenantAdmin(admin.ModelAdmin):
    """Rows are filtered by the scope the middleware entered for the signed-in user."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_configure(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request)

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = tuple(super().get_list_filter(request))
        if is_platform_operator(user=request.user):
            return ("municipality", *filters)
        return filters

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "municipality" and not is_platform_operator(user=request.user):
            kwargs["queryset"] = Municipality.objects.filter(
                pk__in=get_administered_municipality_ids(user=request.user)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        administered = get_administered_municipality_ids(user=request.user)
        if len(administered) == 1:
            initial.setdefault("municipality", administered[0])
        return initial


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            # Only a re-encoded image is stored, never the bytes that were sent.
            return reencode_logo(logo)
        return logo


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    form = MunicipalityForm
    list_display = ("name", "slug", "nis_code", "granularity_minutes", "horizon_days")
    search_fields = ("name", "slug", "nis_code")
    fieldsets = (
        (None, {"fields": ("name", "slug", "nis_code", "website")}),
        (
            _("Booking rules"),
            {
                "fields": (
                    "timezone",
                    "granularity_minutes",
                    "lead_time_minutes",
                    "horizon_days",
                    "hold_minutes",
                    "max_wait_minutes",
                    "max_future_appointments_per_product",
                    "requires_national_number",
                    "observes_public_holidays",
                )
            },
        ),
        (_("Privacy"), {"fields": ("retention_days",)}),
        (
            _("Look and tone"),
            {"fields": ("formal_address", "primary_colour", "accent_colour", "logo")},
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        queryset = super().get_queryset(request)
        if is_platform_operator(user=request.user):
            return queryset
        return queryset.filter(pk__in=get_administered_municipality_ids(user=request.user))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_operator(user=request.user):
            return ()
        return ("name", "slug", "nis_code", "timezone")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_configure(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request)

    has_change_permission = has_view_permission

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_operator(user=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_platform_operator(user=request.user)


@admin.register(StaffMembership)
class StaffMembershipAdmin(TenantAdmin):
    list_display = ("user", "municipality", "role")
    autocomplete_fields = ("user",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only operators hand out roles: a municipal admin must not promote themselves elsewhere.
        return is_platform_operator(user=request.user)

    has_add_permission = has_delete_permission = has_change_permission
