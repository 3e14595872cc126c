# SPDX-License-Identifier: EUPL-1.2
"""Marks sessions that began with an ACM/IDM login; it never checks a password."""

from django.contrib.auth.backends import ModelBackend

BACKEND_PATH = "balie.integrations.oidc.backends.OidcBackend"


class OidcBackend(ModelBackend):
    """Restores OIDC users on later requests; the login view has already verified them."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        return None
