# SPDX-License-Identifier: EUPL-1.2
"""Production settings: refuse to start without a real secret key."""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("LOG_FORMAT", "json")

from balie.conf.base import *  # noqa: E402,F403
from balie.conf.base import SECRET_KEY  # noqa: E402

if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 32 characters) in production.")

SECURE_HSTS_SECONDS = 31536000
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers and Prometheus probe over plain HTTP inside the platform's network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# collectstatic writes hashed, compressed copies that WhiteNoise serves with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
