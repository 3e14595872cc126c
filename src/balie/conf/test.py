# SPDX-License-Identifier: EUPL-1.2
"""Settings for the test suite; PostgreSQL when DATABASE_URL is set (Makefile does that)."""

import os

os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from balie.conf.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests read and assert English; the Dutch default is tested explicitly where it matters.
LANGUAGE_CODE = "en"

# Call-display streams end quickly in tests, so none outlives its test's database.
BALIE_DISPLAY_STREAM_SECONDS = 2
