# SPDX-License-Identifier: EUPL-1.2
"""The desk routes as the project wires them, plus what the templates link to."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("balie.desk.urls")),
    # The kiosk and the call display take the municipality's colours from the portal.
    path("<slug:municipality_slug>/", include("balie.portal.urls")),
]
