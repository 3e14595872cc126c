# SPDX-License-Identifier: EUPL-1.2
"""Subscriptions and their delivery log in the admin, scoped like every tenant model."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from balie.tenants.admin import TenantAdmin
from balie.webhooks import services
from balie.webhooks.models import Delivery, EventType, Subscription


class SubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("receiver URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscription
        fields = ("municipality", "url", "description", "event_types", "scope", "active")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            services.validate_receiver_url(url)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return url


@admin.register(Subscription)
class SubscriptionAdmin(TenantAdmin):
    form = SubscriptionForm
    list_display = ("__str__", "municipality", "active", "paused_at", "consecutive_failures")
    readonly_fields = ("secret", "previous_secret_expires_at", "consecutive_failures", "paused_at")
    actions = ["rotate_secrets", "resume"]

    def save_model(self, request: HttpRequest, obj: Subscription, form: Any, change: bool) -> None:
        if not change:
            from balie.webhooks import signing

            obj.secret = signing.generate_secret()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Rotate the signing secret (the old one signs for 24 hours)"))
    def rotate_secrets(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        for subscription in queryset:
            services.rotate_secret(subscription=subscription, now=timezone.now())
        self.message_user(request, _("New secrets are shown on each subscription."))

    @admin.action(description=_("Resume paused subscriptions and send what waited"))
    def resume(self, request: HttpRequest, queryset: QuerySet[Subscription]) -> None:
        due = sum(
            services.resume_subscription(subscription=s, now=timezone.now()) for s in queryset
        )
        self.message_user(
            request,
            ngettext("%(n)d delivery is sent again.", "%(n)d deliveries are sent again.", due)
            % {"n": due},
            messages.SUCCESS,
        )


@admin.register(Delivery)
class DeliveryAdmin(TenantAdmin):
    list_display = (
        "created_at",
        "event_type",
        "subscription",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event_type")
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Send again (same webhook-id)"))
    def replay(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        for delivery in queryset:
            services.replay_delivery(delivery=delivery, now=timezone.now())
        self.message_user(request, _("The deliveries are queued again."), messages.SUCCESS)
