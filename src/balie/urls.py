# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from balie.portal import views as portal_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", portal_views.landing, name="landing"),
    path("<slug:municipality_slug>/", portal_views.municipality_home, name="municipality"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
