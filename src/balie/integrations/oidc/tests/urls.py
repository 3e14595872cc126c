# SPDX-License-Identifier: EUPL-1.2
"""The site's URLs, with this app's routes, its API and the development provider ensured."""

from django.urls import include, path

from balie.urls import handler404, handler500  # noqa: F401
from balie.urls import urlpatterns as site_urlpatterns


def _has_namespace(namespace: str) -> bool:
    return any(getattr(p, "namespace", None) == namespace for p in site_urlpatterns)


_ENSURED = [
    ("devidp", path("dev-idp/", include("balie.integrations.devidp.urls"))),
    ("oidc", path("", include("balie.integrations.oidc.urls"))),
    ("oidc-api", path("api/v1/", include("balie.integrations.oidc.api_urls"))),
    ("desk", path("", include("balie.desk.urls"))),
]

urlpatterns = [
    *[pattern for namespace, pattern in _ENSURED if not _has_namespace(namespace)],
    *site_urlpatterns,
]
