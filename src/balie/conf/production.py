# SPDX-License-Identifier: EUPL-1.2
"""Production settings: refuse to start with any setting that is unsafe on the internet."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("LOG_FORMAT", "json")

from balie.conf.base import *  # noqa: E402,F403
from balie.conf.safety import list_unsafe_settings  # noqa: E402

SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers and Prometheus probe over plain HTTP inside the platform's network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# collectstatic writes hashed, compressed copies that WhiteNoise serves with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

_problems = list_unsafe_settings(globals())
if _problems:
    raise ImproperlyConfigured(
        "Balie refuses to start with unsafe production settings:\n- " + "\n- ".join(_problems)
    )
