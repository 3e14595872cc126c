# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balie.integrations.oslo.models import (
    OrganisationIdentifiers,
    ProductIpdcRecord,
    ProductSnapshot,
)


def _publication_problems(municipality) -> list[str]:  # type: ignore[no-untyped-def]
    from balie.integrations.oslo.selectors import get_catalog
    from balie.integrations.oslo.services import publishing_problems

    catalog = get_catalog(municipality=municipality, today=timezone.localdate(), product_ids=[])
    return publishing_problems(catalog=catalog)


@admin.register(OrganisationIdentifiers)
class OrganisationIdentifiersAdmin(admin.ModelAdmin):
    list_display = ("municipality", "lblod_id", "ovo_code", "kbo_number", "area")
    readonly_fields = ("publication",)

    @admin.display(description=_("LPDC feed"))
    def publication(self, obj: OrganisationIdentifiers) -> str:
        if obj.pk is None:
            return str(_("Save the identifiers first."))
        problems = _publication_problems(obj.municipality)
        return " ".join(problems) or str(_("Published: every product is in the LPDC feed."))

    def save_model(self, request, obj, form, change) -> None:  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        # Saving re-snapshots every product (signals); say so, or say what still blocks it.
        for problem in _publication_problems(obj.municipality):
            messages.warning(request, problem)


@admin.register(ProductIpdcRecord)
class ProductIpdcRecordAdmin(admin.ModelAdmin):
    list_display = (
        "product",
        "source_kind",
        "source_iri",
        "instance_uuid",
        "competent_authority_levels",
    )
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
