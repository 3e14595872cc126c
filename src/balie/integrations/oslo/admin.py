# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from balie.integrations.oslo.models import (
    OrganisationIdentifiers,
    ProductIpdcRecord,
    ProductSnapshot,
)


@admin.register(OrganisationIdentifiers)
class OrganisationIdentifiersAdmin(admin.ModelAdmin):
    list_display = ("municipality", "lblod_id", "ovo_code", "kbo_number")


@admin.register(ProductIpdcRecord)
class ProductIpdcRecordAdmin(admin.ModelAdmin):
    list_display = ("product", "source_kind", "source_iri", "instance_uuid")
    list_filter = ("source_kind",)
    readonly_fields = ("instance_uuid",)


@admin.register(ProductSnapshot)
class ProductSnapshotAdmin(admin.ModelAdmin):
    # Published snapshots are history: never edited, only read.
    list_display = ("is_version_of", "generated_at", "archived")
    readonly_fields = [field.name for field in ProductSnapshot._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
