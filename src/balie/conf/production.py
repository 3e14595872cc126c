# SPDX-License-Identifier: EUPL-1.2
"""Production settings: refuse to start without a real secret key."""

from django.core.exceptions import ImproperlyConfigured

from balie.conf.base import *  # noqa: F403
from balie.conf.base import BALIE_EMBEDDED, CACHES, SECRET_KEY

if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 32 characters) in production.")

# Rate and hoarding counters must be shared by every process that serves: with a cache per
# process, each gunicorn worker would grant its own budget.
if not BALIE_EMBEDDED and "locmem" in CACHES["default"]["BACKEND"].lower():
    raise ImproperlyConfigured(
        "Production needs a shared cache for the rate limits: set REDIS_URL, or "
        "BALIE_EMBEDDED=true when exactly one process serves."
    )

SECURE_HSTS_SECONDS = 31536000
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
