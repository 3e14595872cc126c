# SPDX-License-Identifier: EUPL-1.2
"""Include under ``api/v1/``: ``path("api/v1/", include("balie.integrations.oidc.api_urls"))``."""

from django.urls import path

from balie.integrations.oidc import api

app_name = "oidc-api"

urlpatterns = [
    path("me/appointments/", api.MyAppointmentListView.as_view(), name="me-appointments"),
]
