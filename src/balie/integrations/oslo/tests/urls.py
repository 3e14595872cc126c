# SPDX-License-Identifier: EUPL-1.2
"""The site's routes plus the linked-data layer, as src/balie/urls.py will include it."""

from django.urls import include, path

from balie.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("", include("balie.integrations.oslo.urls")), *site_urlpatterns]
