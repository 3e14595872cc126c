# SPDX-License-Identifier: EUPL-1.2
"""The audit trail in the admin: read-only, each municipality's admin sees their own."""

import csv
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from balie.audit.models import AuditAction, AuditEvent
from balie.audit.selectors import list_visible_events
from balie.audit.services import actor_from_request, record_event
from balie.tenants.admin import may_configure

EXPORT_COLUMNS = (
    "chain",
    "sequence",
    "occurred_at",
    "municipality_id",
    "actor_kind",
    "actor_id",
    "actor_label",
    "assurance",
    "address",
    "action",
    "target_type",
    "target_id",
    "detail",
    "previous_hash",
    "entry_hash",
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "municipality", "actor_kind", "actor_label", "action", "target")
    list_filter = ("action", "actor_kind", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("actor_label", "target_id", "address")
    date_hierarchy = "occurred_at"
    actions = ["export_csv"]
    readonly_fields = EXPORT_COLUMNS

    @admin.display(description=_("object"))
    def target(self, event: AuditEvent) -> str:
        return f"{event.target_type} {event.target_id}".strip()

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return list_visible_events(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_configure(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Export the selected entries (CSV)"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
        # The queryset comes from get_queryset, so an admin exports only their own chains.
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for event in queryset.order_by("chain", "sequence"):
            writer.writerow([getattr(event, column) for column in EXPORT_COLUMNS])
        municipality_ids = sorted(set(queryset.values_list("municipality_id", flat=True)))
        for municipality_id in municipality_ids:
            record_event(
                action=AuditAction.DATA_EXPORTED,
                actor=actor_from_request(request),
                municipality_id=municipality_id,
                target_type="audit_trail",
                detail={"entries": queryset.filter(municipality_id=municipality_id).count()},
            )
        return response

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        # Deleting is retention's job only.
        actions.pop("delete_selected", None)
        return actions
