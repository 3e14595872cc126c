# SPDX-License-Identifier: EUPL-1.2
"""Settings for the test suite; PostgreSQL when DATABASE_URL is set (Makefile does that)."""

import os

os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from balie.conf.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests read and assert English; the Dutch default is tested explicitly where it matters.
LANGUAGE_CODE = "en"

# Tests run webhook receivers on plain-HTTP loopback servers.
WEBHOOKS_ALLOW_HTTP = True
# Tests read texts from the outbox; worker tests pass a real HTTP gateway in the environment.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "balie.notifications.sms.OutboxSmsGateway")
SMS_DELIVERY_REPORT_SECRET = "test-sms-report-secret"
# Housekeeping between requests would erase fixtures mid-test; tests call it explicitly.
HOUSEKEEPING_INTERVAL_MINUTES = 0
# Call-display streams end quickly in tests, so none outlives its test's database.
BALIE_DISPLAY_STREAM_SECONDS = 2
