# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView

from balie.portal import views as portal_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("balie.api.urls")),
    # GET api/v1/me/appointments/: a logged-in citizen's appointments (namespace oidc-api).
    path("api/v1/", include("balie.integrations.oidc.api_urls")),
    path("", portal_views.landing, name="landing"),
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static SVG.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static_url("portal/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("", include("balie.integrations.oslo.urls")),
    path("", include("balie.desk.urls")),
    # Login through ACM/IDM and "My appointments" (namespace oidc).
    path("", include("balie.integrations.oidc.urls")),
    # The development identity provider; every path answers 404 unless DEV_IDP_ENABLED.
    path("dev-idp/", include("balie.integrations.devidp.urls")),
    # Municipality slugs last: any fixed prefix above wins over a slug of the same name.
    path("<slug:municipality_slug>/", include("balie.portal.urls")),
]

# Problem details for API paths, branded and translated pages elsewhere.
handler403 = "balie.portal.errors.permission_denied"
handler404 = "balie.portal.errors.page_not_found"
handler500 = "balie.portal.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
