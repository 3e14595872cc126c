# SPDX-License-Identifier: EUPL-1.2
"""The OpenID Connect client (Authlib), configured from settings by discovery.

Authlib does the protocol: discovery, PKCE (S256), state and nonce kept in the session,
the code exchange, and ID-token signature checks against the provider's JWKS. One client
is kept per configuration so the discovery document and key set are fetched once.

Every HTTP call to the provider is bounded by OIDC_HTTP_TIMEOUT (Authlib's sessions read
``default_timeout``; a ``timeout`` key would be silently ignored), and the client
authenticates with the method ACM/IDM's integration file names.
"""

import threading
from base64 import b64encode
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import ClientSecretJWT, PrivateKeyJWT
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import RSAKey

from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode

CLIENT_AUTH_METHODS = (
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
)
_lock = threading.Lock()
_clients: dict[tuple[str, ...], DjangoOAuth2App] = {}


class FormEncodedBasic:
    """``client_secret_basic`` as RFC 6749 §2.3.1 has it: both parts form-encoded first.

    Authlib puts the raw secret in the header, so a secret holding ``%`` or ``+`` reaches a
    conforming provider altered and the client is refused.
    """

    name = "client_secret_basic"

    def __call__(self, auth, method, uri, headers, body):  # type: ignore[no-untyped-def]
        pair = f"{quote(auth.client_id, safe='')}:{quote(str(auth.client_secret), safe='')}"
        headers["Authorization"] = f"Basic {b64encode(pair.encode()).decode()}"
        return uri, headers, body


@lru_cache(maxsize=4)
def _load_private_key(*, pem: str, path: str) -> RSAKey:
    text = pem or (Path(path).read_text() if path else "")
    if not text:
        raise ImproperlyConfigured(
            "private_key_jwt needs OIDC_PRIVATE_KEY or OIDC_PRIVATE_KEY_FILE (an RSA key, PEM)."
        )
    key = RSAKey.import_key(text.replace("\\n", "\n"))
    # The thumbprint as key id: stable for one key, new for the next, nothing to configure.
    return RSAKey.import_key(key.as_dict(private=True), {"kid": key.thumbprint(), "use": "sig"})


def get_private_key() -> RSAKey:
    """The key that signs private_key_jwt assertions (ImproperlyConfigured when absent)."""
    return _load_private_key(
        pem=settings.OIDC_PRIVATE_KEY.strip(), path=settings.OIDC_PRIVATE_KEY_FILE
    )


def get_public_key_set() -> dict[str, Any]:
    """What the provider reads at /auth/jwks.json; empty unless private_key_jwt is used."""
    if settings.OIDC_TOKEN_AUTH_METHOD != "private_key_jwt":
        return {"keys": []}
    public = get_private_key().as_dict(private=False)
    return {"keys": [{**public, "alg": "RS256"}]}


def client_credentials(*, method: str, client_secret: str) -> tuple[object, list[Any]]:
    """The secret Authlib signs with and the auth methods to register for ``method``."""
    if method not in CLIENT_AUTH_METHODS:
        raise ImproperlyConfigured(
            f"OIDC_TOKEN_AUTH_METHOD must be one of {', '.join(CLIENT_AUTH_METHODS)}."
        )
    if method == "private_key_jwt":
        return get_private_key(), [PrivateKeyJWT()]
    if method == "client_secret_jwt":
        return client_secret, [ClientSecretJWT()]
    return client_secret, [FormEncodedBasic()]


def build_client(
    *,
    client_id: str,
    client_secret: str,
    discovery_url: str = "",
    scope: str = "openid",
    token_auth_method: str = "client_secret_basic",
    timeout: float = 5,
    metadata: dict[str, Any] | None = None,
) -> DjangoOAuth2App:
    """A client for one provider; ``metadata`` (issuer, jwks, ...) replaces discovery."""
    secret, auth_methods = client_credentials(
        method=token_auth_method, client_secret=client_secret
    )
    registry = OAuth()
    return registry.register(
        "acmidm",
        client_id=client_id,
        client_secret=secret,
        server_metadata_url=discovery_url or None,
        client_auth_methods=auth_methods,
        client_kwargs={
            "scope": scope,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": token_auth_method,
            "revocation_endpoint_auth_method": token_auth_method,
            "default_timeout": timeout,
        },
        **(metadata or {}),
    )


def open_session(*, client: DjangoOAuth2App) -> OAuth2Session:
    """A requests session that authenticates as ``client`` (introspection), time-bounded."""
    session = OAuth2Session(client.client_id, client.client_secret, **client.client_kwargs)
    for method in client.client_auth_methods or []:
        session.register_client_auth_method(method)
    return session


def get_client() -> DjangoOAuth2App:
    """The client for the configured provider (OIDC_DISCOVERY_URL, OIDC_CLIENT_ID, ...)."""
    key = (
        settings.OIDC_DISCOVERY_URL,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TOKEN_AUTH_METHOD,
        settings.OIDC_PRIVATE_KEY,
        settings.OIDC_PRIVATE_KEY_FILE,
        str(settings.OIDC_HTTP_TIMEOUT),
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
                timeout=float(settings.OIDC_HTTP_TIMEOUT),
            )
        return _clients[key]


def forget_clients() -> None:
    """Drop cached discovery documents and keys (tests, key rotation by an operator)."""
    with _lock:
        _clients.clear()
    _load_private_key.cache_clear()
