# SPDX-License-Identifier: EUPL-1.2
"""Balie against an independent, OpenID-certified provider: npm ``oidc-provider``, started
once per test session from ``tests/provider`` with ACM/IDM's claim layout.

Balie runs in-process (Django's test client); the provider is a real Node server on a free
port. ``Browser`` carries one person's cookies on both sides and follows the redirects
between them, so a test reads like what happens at the screen: log in, log out, log in
again on the same PC.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from joserfc.jwk import RSAKey

from balie.integrations.oidc.provider import forget_clients

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "provider"
ROLE_CLAIM = "balie_rol_3d"
BALIE = "http://testserver"
CALLBACK = f"{BALIE}/auth/callback/"
LOGGED_OUT = f"{BALIE}/auth/logged-out/"
API_JWT = "https://balie.test/api"
API_OPAQUE = "https://balie.test/api/opaque"
# ACM/IDM's authentication means, as OIDC_ACR_LEVELS maps them by default.
ACR_LOW = "urn:be:vlaanderen:authmech:csampassword"
ACR_SUBSTANTIAL = "urn:be:vlaanderen:authmech:csamtotp"
ACR_HIGH = "urn:be:vlaanderen:authmech:eid"
# A secret with the characters RFC 6749 §2.3.1 makes client_secret_basic form-encode.
BASIC_SECRET = "s3cr%t+with/odd=chars&more"
LONG_SECRET = "a-shared-secret-long-enough-for-hs256-0123456789"

PEOPLE = {
    "lotte": {
        "label": "Lotte Janssens (eID)",
        "claims": {
            "given_name": "Lotte",
            "family_name": "Janssens",
            "rrn": "85031412302",
            "vo_doelgroepcode": "BUR",
        },
    },
    "noor": {
        # A citizen whose means is not linked to a national register number.
        "label": "Noor Claes (no rrn)",
        "claims": {"given_name": "Noor", "family_name": "Claes", "vo_doelgroepcode": "BUR"},
    },
    "wout": {
        # Profile claims only at userinfo, as OIDC Core allows for the code flow.
        "label": "Wout Peeters (claims at userinfo)",
        "claims": {
            "given_name": "Wout",
            "family_name": "Peeters",
            "rrn": "92070724670",
            "vo_doelgroepcode": "BUR",
        },
        "userinfo_only": ["given_name", "family_name", "rrn", "vo_doelgroepcode"],
    },
    "sam": {
        # One role value for two organisations, the KBO number typed with dots.
        "label": "Sam De Smet (admin, two municipalities)",
        "claims": {
            "given_name": "Sam",
            "family_name": "De Smet",
            "vo_doelgroepcode": "LB",
            "vo_orgcode": "OVO000123",
            "vo_orgnaam": "Gemeente Noord",
            ROLE_CLAIM: ["BalieBeheerder:OVO000123;0207.451.227"],
        },
    },
    "ilse": {
        "label": "Ilse Maes (counter staff)",
        "claims": {
            "given_name": "Ilse",
            "family_name": "Maes",
            "vo_doelgroepcode": "LB",
            "vo_orgcode": "OVO000123",
            ROLE_CLAIM: ["BalieLoketmedewerker"],
        },
    },
    "anon": {
        # Tokens without vo_doelgroepcode: nothing says whose they are.
        "label": "Someone without capacity",
        "claims": {"given_name": "Anon", "family_name": "Ymous"},
    },
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CertifiedProvider:
    issuer: str
    key_file: Path
    public_jwks: dict
    secrets: dict[str, str] = field(default_factory=dict)

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


def _client(client_id: str, method: str, **extra: object) -> dict:
    return {
        "client_id": client_id,
        "token_endpoint_auth_method": method,
        "redirect_uris": [CALLBACK, "http://widget.test/callback"],
        "post_logout_redirect_uris": [LOGGED_OUT],
        "response_types": ["code"],
        "grant_types": ["authorization_code"],
        **extra,
    }


@pytest.fixture(scope="session")
def certified_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CertifiedProvider]:
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        message = "Node or oidc-provider missing: npm ci --prefix " + str(PROVIDER_DIR)
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("certified-provider")
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = work / "balie-client.pem"
    key_file.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key = RSAKey.import_key(key_file.read_text())
    public_jwks = {"keys": [{**key.as_dict(private=False), "kid": key.thumbprint(), "use": "sig"}]}
    port = _free_port()
    config = {
        "port": port,
        "role_claim": ROLE_CLAIM,
        "acr_values": [ACR_LOW, ACR_SUBSTANTIAL, ACR_HIGH],
        "people": PEOPLE,
        "clients": [
            _client("balie-basic", "client_secret_basic", client_secret=BASIC_SECRET),
            _client("balie-post", "client_secret_post", client_secret=LONG_SECRET),
            _client(
                "balie-jwt",
                "client_secret_jwt",
                client_secret=LONG_SECRET,
                token_endpoint_auth_signing_alg="HS256",
            ),
            _client(
                "balie-pkjwt",
                "private_key_jwt",
                jwks=public_jwks,
                token_endpoint_auth_signing_alg="RS256",
            ),
            _client("mbp-widget", "client_secret_post", client_secret=LONG_SECRET),
        ],
    }
    config_file = work / "config.json"
    config_file.write_text(json.dumps(config))
    # Its warnings go to a file: an unread pipe could fill up and stall the provider.
    log = (work / "provider.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (a fixed script, our own arguments)
        [node, str(PROVIDER_DIR / "provider.mjs"), str(config_file)],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening"):
        process.kill()
        log.close()
        reason = (work / "provider.log").read_text()
        raise RuntimeError(f"oidc-provider did not start: {line}{reason}")
    try:
        yield CertifiedProvider(
            issuer=line.split()[1],
            key_file=key_file,
            public_jwks=public_jwks,
            secrets={"balie-basic": BASIC_SECRET, "mbp-widget": LONG_SECRET},
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


CLIENT_SETTINGS = {
    "client_secret_basic": ("balie-basic", BASIC_SECRET),
    "client_secret_post": ("balie-post", LONG_SECRET),
    "client_secret_jwt": ("balie-jwt", LONG_SECRET),
    "private_key_jwt": ("balie-pkjwt", ""),
}


@pytest.fixture
def acm(settings, certified_provider):  # type: ignore[no-untyped-def]
    """Balie configured for the certified provider, as README's ACM/IDM section has it."""

    def configure(method: str = "client_secret_post") -> CertifiedProvider:
        client_id, secret = CLIENT_SETTINGS[method]
        settings.OIDC_DISCOVERY_URL = certified_provider.discovery_url
        settings.OIDC_CLIENT_ID = client_id
        settings.OIDC_CLIENT_SECRET = secret
        settings.OIDC_TOKEN_AUTH_METHOD = method
        settings.OIDC_PRIVATE_KEY_FILE = str(certified_provider.key_file)
        settings.OIDC_PRIVATE_KEY = ""
        settings.OIDC_SCOPES = "openid profile rrn vo balie"
        settings.OIDC_ROLE_CLAIM = ROLE_CLAIM
        settings.OIDC_ACR_VALUES_CITIZEN = ""
        settings.OIDC_ACR_VALUES_CIVIL_SERVANT = f"{ACR_SUBSTANTIAL} {ACR_HIGH}"
        settings.OIDC_HTTP_TIMEOUT = 5
        forget_clients()
        return certified_provider

    configure()
    return configure


_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Browser:
    """One person at one PC: Balie's cookies (test client) and the provider's (requests)."""

    def __init__(self, provider: CertifiedProvider) -> None:
        self.provider = provider
        self.balie = Client(HTTP_ACCEPT_LANGUAGE="en")
        self.idp = requests.Session()
        self.visited: list[str] = []

    def get(self, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.follow(self.balie.get(path), **kwargs)

    def post(self, path: str, data: dict | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.follow(self.balie.post(path, data or {}), **kwargs)

    def follow(self, response, *, person: str = "", acr: str = ACR_SUBSTANTIAL):  # type: ignore[no-untyped-def]
        """Follow redirects across Balie and the provider; log in as ``person`` when the
        provider asks (once), agree to log out when it asks. Returns the first page."""
        for _hop in range(25):
            if isinstance(response, requests.Response):
                text = response.text
                if response.is_redirect:
                    url = urljoin(response.url, response.headers["Location"])
                elif person and 'id="prompt">login' in text:
                    action = _FORM.search(text)
                    assert action is not None
                    url = urljoin(response.url, unescape(action.group(1)))
                    response = self.idp.post(
                        url, data={"person": person, "acr": acr}, allow_redirects=False
                    )
                    person = ""
                    continue
                elif "Log out of ACM?" in text:
                    form = _FORM.search(text)
                    assert form is not None
                    fields = dict(_HIDDEN.findall(form.group(2)))
                    response = self.idp.post(
                        unescape(form.group(1)), data=fields, allow_redirects=False
                    )
                    continue
                else:
                    return response
            else:
                if response.status_code not in (301, 302, 303):
                    return response
                url = urljoin(f"{BALIE}/", response["Location"])
            self.visited.append(url)
            if url.startswith(self.provider.issuer):
                response = self.idp.get(url, allow_redirects=False)
            else:
                parts = urlsplit(url)
                assert url.startswith(BALIE), f"left for {url}"
                response = self.balie.get(
                    f"{parts.path}?{parts.query}" if parts.query else parts.path
                )
        raise AssertionError(f"too many redirects: {self.visited[-5:]}")

    def provider_requests(self) -> list[dict[str, list[str]]]:
        """The query of every authorization and logout request sent to the provider."""
        return [
            parse_qs(urlsplit(url).query)
            for url in self.visited
            if url.startswith(self.provider.issuer) and "/v1/" in url
        ]


def is_login_page(response) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(response, requests.Response) and 'id="prompt">login' in response.text


@pytest.fixture
def hanging_provider() -> Iterator[str]:
    """A socket that accepts connections and never answers; it hangs up after 15 s, so
    code without a timeout gets a connection error instead of a timeout, not a hang."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        started: dict[socket.socket, float] = {}
        while not stop.is_set():
            try:
                connection, _address = server.accept()
                held.append(connection)
                started[connection] = time.monotonic()
            except TimeoutError:
                pass
            for connection in [c for c, at in started.items() if time.monotonic() - at > 15]:
                connection.close()
                started.pop(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    server.close()
