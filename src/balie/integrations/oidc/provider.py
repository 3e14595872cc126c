# SPDX-License-Identifier: EUPL-1.2
"""The OpenID Connect client (Authlib), configured from settings by discovery.

Authlib does the protocol: discovery, PKCE (S256), state and nonce kept in the session,
the code exchange, and ID-token signature checks against the provider's JWKS. One client
is kept per configuration so the discovery document and key set are fetched once.
"""

import threading

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings

from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode

_lock = threading.Lock()
_clients: dict[tuple[str, ...], DjangoOAuth2App] = {}


def build_client(
    *,
    client_id: str,
    client_secret: str,
    discovery_url: str = "",
    scope: str = "openid",
    token_auth_method: str = "client_secret_basic",
    timeout: int = 5,
    metadata: dict | None = None,
) -> DjangoOAuth2App:
    """A client for one provider; ``metadata`` (issuer, jwks, ...) replaces discovery."""
    registry = OAuth()
    return registry.register(
        "acmidm",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url or None,
        client_kwargs={
            "scope": scope,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": token_auth_method,
            "timeout": timeout,
        },
        **(metadata or {}),
    )


def get_client() -> DjangoOAuth2App:
    """The client for the configured provider (OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, ...)."""
    key = (
        settings.OIDC_DISCOVERY_URL,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TOKEN_AUTH_METHOD,
    )
    if not settings.OIDC_DISCOVERY_URL or not settings.OIDC_CLIENT_ID:
        raise LoginError(LoginErrorCode.NOT_CONFIGURED)
    with _lock:
        if key not in _clients:
            _clients[key] = build_client(
                discovery_url=settings.OIDC_DISCOVERY_URL,
                client_id=settings.OIDC_CLIENT_ID,
                client_secret=settings.OIDC_CLIENT_SECRET,
                scope=settings.OIDC_SCOPES,
                token_auth_method=settings.OIDC_TOKEN_AUTH_METHOD,
                timeout=settings.OIDC_HTTP_TIMEOUT,
            )
        return _clients[key]


def forget_clients() -> None:
    """Drop cached discovery documents and keys (tests, key rotation by an operator)."""
    with _lock:
        _clients.clear()
