# SPDX-License-Identifier: EUPL-1.2
"""Settings for `make run`: debug on, plain-HTTP cookies, a throwaway secret."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-secret-key-do-not-use-in-production")

from balie.conf.base import *  # noqa: E402,F403
