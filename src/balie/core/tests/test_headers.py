# SPDX-License-Identifier: EUPL-1.2
"""Security headers: CSP with nonces everywhere, HSTS with subdomains, embed mode scoped."""

import re

import pytest
from django.test import Client

from balie.core.tests.test_production_settings import SAFE_ENV, _run
from balie.portal.tests.conftest import build_town

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip() for part in policy.split(";") if part.strip()
    }


@pytest.mark.parametrize("path", ["/noord/", "/accounts/login/", "/admin/login/"])
def test_every_page_has_a_csp_whose_nonce_is_on_its_inline_styles(path):
    build_town(slug="noord")

    response = Client().get(path)

    directives = _directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert directives["default-src"] == "default-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    html = response.content.decode()
    for nonce in re.findall(r'<style nonce="([^"]+)"', html):
        assert f"'nonce-{nonce}'" in directives["style-src"]
    assert "<style>" not in html


@pytest.mark.parametrize("path", ["/admin/login/", "/accounts/login/"])
def test_embed_mode_is_ignored_outside_citizen_pages(path):
    client = Client()

    response = client.get(path, {"embed": "1"})

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert not client.session.get("oidc_embed")


def test_embed_mode_on_a_citizen_page_does_not_open_the_admin_to_framing():
    build_town(slug="noord")
    client = Client()

    embedded = client.get("/noord/", {"embed": "1"})
    admin = client.get("/admin/login/")

    assert "X-Frame-Options" not in embedded
    assert admin["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in admin["Content-Security-Policy"]


def _setting(name: str, **env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(getattr(settings, {name!r}, None)))"
    )
    result = _run(["-c", code], **{**SAFE_ENV, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_sends_hsts_with_subdomains():
    assert _setting("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"
    assert _setting("SECURE_HSTS_SECONDS") == "31536000"


def test_the_report_only_switch_moves_the_policy_to_the_report_only_header():
    enforced = _setting("CONTENT_SECURITY_POLICY_REPORT_ONLY")
    report_only = _setting("CONTENT_SECURITY_POLICY_REPORT_ONLY", CSP_REPORT_ONLY="true")

    assert enforced == "None"
    assert "script-src" in report_only
    # Framing stays enforced while the rest is only reported
    framing = _setting("CONTENT_SECURITY_POLICY", CSP_REPORT_ONLY="true")
    assert "frame-ancestors" in framing and "script-src" not in framing
