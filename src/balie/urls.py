# SPDX-License-Identifier: EUPL-1.2
from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from balie.integrations.oidc import views as oidc_views
from balie.portal import views as portal_views
from balie.tenants.media import serve_media

urlpatterns = [
    # The admin's "Log out" ends an ACM/IDM session at the provider too, like the desk's.
    path("admin/logout/", oidc_views.logout, {"after": "admin:login"}, name="admin-logout"),
    path("admin/", admin.site.urls),
    # Liveness, readiness and Prometheus metrics for the operator (not under a slug).
    path("", include("balie.ops.urls")),
    # The SMS gateway's signed delivery reports.
    path("", include("balie.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Logos, as images only (balie.tenants.media); a proxy may serve them with the same headers.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media, name="media"),
    path("api/v1/", include("balie.api.urls")),
    # GET api/v1/me/appointments/: a logged-in citizen's appointments (namespace oidc-api).
    path("api/v1/", include("balie.integrations.oidc.api_urls")),
    path("", portal_views.landing, name="landing"),
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static SVG.
    path(
        "favicon.ico",
        # Lazy: the hashed name exists only once collectstatic ran, not when URLs load.
        RedirectView.as_view(url=lazy(static_url, str)("portal/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("", include("balie.integrations.oslo.urls")),
    path("", include("balie.desk.urls")),
    # The statistics dashboard and the open data (namespace statistics).
    path("", include("balie.statistics.urls")),
    # The back office for municipal admins (namespace backoffice).
    path("", include("balie.backoffice.urls")),
    # Login through ACM/IDM and "My appointments" (namespace oidc).
    path("", include("balie.integrations.oidc.urls")),
    # A citizen's rights next to "My appointments" (namespace privacy).
    path("", include("balie.privacy.urls")),
    # The development identity provider; every path answers 404 unless DEV_IDP_ENABLED.
    path("dev-idp/", include("balie.integrations.devidp.urls")),
    # Municipality slugs last: any fixed prefix above wins over a slug of the same name.
    path("<slug:municipality_slug>/", include("balie.portal.urls")),
]

# Problem details for API paths, branded and translated pages elsewhere.
handler403 = "balie.portal.errors.permission_denied"
handler404 = "balie.portal.errors.page_not_found"
handler500 = "balie.portal.errors.server_error"
