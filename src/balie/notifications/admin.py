# SPDX-License-Identifier: EUPL-1.2
"""Reminder rules, message texts and the message log in the admin, scoped per municipality."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from balie.notifications.models import Message, MessageTemplate, ReminderPolicy
from balie.notifications.texts import validate_template_text
from balie.tenants.admin import TenantAdmin


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("municipality", "kind", "channel", "language", "formal", "subject", "body")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for field in ("subject", "body"):
            try:
                validate_template_text(cleaned.get(field) or "")
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(TenantAdmin):
    form = MessageTemplateForm
    list_display = ("kind", "channel", "language", "formal", "municipality")
    list_filter = ("kind", "channel", "language")


@admin.register(Message)
class MessageAdmin(TenantAdmin):
    list_display = ("due_at", "kind", "channel", "status", "attempts", "cost", "error")
    list_filter = ("status", "channel", "kind")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(TenantAdmin):
    list_display = ("municipality", "email_hours_before", "sms_hours_before")

    def get_queryset(self, request: HttpRequest) -> Any:
        from balie.tenants.selectors import (
            get_administered_municipality_ids,
            is_platform_operator,
        )

        queryset = super().get_queryset(request)
        if is_platform_operator(user=request.user):
            return queryset
        return queryset.filter(
            municipality_id__in=get_administered_municipality_ids(user=request.user)
        )
