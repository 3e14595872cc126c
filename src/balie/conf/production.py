# SPDX-License-Identifier: EUPL-1.2
"""Production settings: refuse to start with any setting that is unsafe on the internet."""

from django.core.exceptions import ImproperlyConfigured

from balie.conf.base import *  # noqa: F403
from balie.conf.safety import list_unsafe_settings

SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_problems = list_unsafe_settings(globals())
if _problems:
    raise ImproperlyConfigured(
        "Balie refuses to start with unsafe production settings:\n- " + "\n- ".join(_problems)
    )
