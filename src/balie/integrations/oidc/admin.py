# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from balie.integrations.oidc.models import (
    CitizenAccount,
    CitizenAppointmentLink,
    MunicipalityLoginSettings,
    StaffIdentity,
)


@admin.register(MunicipalityLoginSettings)
class MunicipalityLoginSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "acm_org_codes",
        "minimum_staff_assurance",
        "burgerprofiel_header",
    ]


@admin.register(CitizenAccount)
class CitizenAccountAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "created_at"]
    readonly_fields = ["sub", "user"]


@admin.register(StaffIdentity)
class StaffIdentityAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "org_code", "created_at"]
    readonly_fields = ["sub", "user"]


@admin.register(CitizenAppointmentLink)
class CitizenAppointmentLinkAdmin(admin.ModelAdmin):
    list_display = ["reservation", "account", "source", "created_at"]
    readonly_fields = ["reservation", "account", "source"]
