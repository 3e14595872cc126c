# SPDX-License-Identifier: EUPL-1.2
"""What production refuses to start with: each of these has let an attacker in elsewhere.

Pure Python over the settings values, so the production module and tests share one rule.
"""

from collections.abc import Mapping
from typing import Any

# Secrets that ship in this repository (development and test settings) or in templates.
KNOWN_SECRET_KEYS = frozenset(
    {
        "dev-only-insecure-secret-key-do-not-use-in-production",
        "test-only-secret-key",
        "balie-dev-secret",
        "changeme",
        "secret",
    }
)
MIN_SECRET_KEY_LENGTH = 50
UNSAFE_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


def list_unsafe_settings(values: Mapping[str, Any]) -> list[str]:
    """One sentence per unsafe setting, saying what to set instead; empty when safe."""
    problems = []
    if values.get("DEBUG"):
        problems.append("DEBUG is on: set DEBUG=false (it shows code and settings to anyone).")
    if values.get("DEV_IDP_ENABLED"):
        problems.append(
            "The development identity provider is on (anyone can log in as anyone): "
            "set DEV_IDP_ENABLED=false and configure ACM/IDM (OIDC_DISCOVERY_URL)."
        )
    secret = str(values.get("SECRET_KEY") or "")
    if secret in KNOWN_SECRET_KEYS or secret.startswith("django-insecure-"):
        problems.append("SECRET_KEY is a published key: generate a new one.")
    elif len(secret) < MIN_SECRET_KEY_LENGTH or len(set(secret)) < 5:
        problems.append(
            f"SECRET_KEY is missing or too short: set at least {MIN_SECRET_KEY_LENGTH} random "
            "characters."
        )
    if values.get("EMAIL_BACKEND") in UNSAFE_EMAIL_BACKENDS:
        problems.append(
            "EMAIL_BACKEND writes messages (with personal data) to the console or disk instead "
            "of sending them: set django.core.mail.backends.smtp.EmailBackend."
        )
    cache = values.get("CACHES", {}).get("default", {}).get("BACKEND")
    # Rate, hoarding and login counters must be shared by every process that serves: with
    # a cache per process, each gunicorn worker would grant its own budget.
    if cache in PER_PROCESS_CACHES and not values.get("BALIE_EMBEDDED"):
        problems.append(
            "The cache is per process, so login throttling and rate limits count per worker: "
            "set REDIS_URL, or BALIE_EMBEDDED=true when exactly one process serves."
        )
    return problems
