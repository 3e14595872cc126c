# SPDX-License-Identifier: EUPL-1.2
"""Production refuses unsafe configuration at start-up, and check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from balie.conf.safety import list_unsafe_settings

ROOT = Path(__file__).resolve().parents[4]
SAFE_ENV = {
    "SECRET_KEY": "k" * 20 + "7f3Qz!pX9" * 5,
    "REDIS_URL": "redis://127.0.0.1:6379/2",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "ALLOWED_HOSTS": "balie.example",
}


def _run(code: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: the test run sets variables production must not see.
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(
        {"PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "balie.conf.production"}
    )
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"DEV_IDP_ENABLED": "true"}, "development identity provider is on"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "EMAIL_BACKEND writes messages",
        ),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"},
            "EMAIL_BACKEND writes messages",
        ),
        ({"REDIS_URL": ""}, "The cache is per process"),
        (
            {"SECRET_KEY": "dev-only-insecure-secret-key-do-not-use-in-production"},
            "SECRET_KEY is a published key",
        ),
        ({"SECRET_KEY": "short-but-random-Q7x"}, "SECRET_KEY is missing or too short"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(override, message):
    result = _run(["manage.py", "check"], **{**SAFE_ENV, **override})

    assert result.returncode != 0
    assert "Balie refuses to start with unsafe production settings" in result.stderr
    assert message in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **SAFE_ENV)

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_problem_is_listed_at_once():
    problems = list_unsafe_settings(
        {
            "DEBUG": True,
            "DEV_IDP_ENABLED": True,
            "SECRET_KEY": "",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        }
    )

    assert len(problems) == 5
