# SPDX-License-Identifier: EUPL-1.2
"""What an ACM/IDM login leaves in Balie's session, and nothing more.

The session table must hold neither a full national register number nor a readable ID
token (it carries the number too). So:

- the ID token, needed later as ``id_token_hint`` for logout, is kept encrypted (Fernet,
  AES-128-CBC + HMAC) under a key derived from SECRET_KEY; it cannot be read from a
  database dump, and it expires with the session (SESSION_COOKIE_AGE). Rotating
  SECRET_KEY only costs the hint: logout then still works with ``client_id`` alone;
- the national register number is kept masked only, to show which number the login
  carried; where a municipality needs the number, the booking form asks for it at booking
  time (a parent may book a child's identity card) and the booking validates it;
- the capacity, the ``acr`` and the assurance level reached, for the desk's second factor
  and the audit trail (``get_assurance_level``).
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import salted_hmac

from balie.integrations.oidc.identity import CITIZEN, Identity

SESSION_PREFILL = "oidc_prefill"
SESSION_ID_TOKEN = "oidc_id_token"
SESSION_CAPACITY = "oidc_capacity"
SESSION_ACR = "oidc_acr"
SESSION_ASSURANCE = "oidc_assurance"


def _fernet() -> Fernet:
    key = salted_hmac("balie.integrations.oidc.id-token", "fernet", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal_id_token(id_token: str) -> str:
    return _fernet().encrypt(id_token.encode()).decode()


def open_id_token(sealed: str) -> str:
    """The ID token again, or "" when it was sealed under another key or too long ago."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode(), ttl=settings.SESSION_COOKIE_AGE).decode()
    except (InvalidToken, ValueError):
        return ""


def mask_national_number(number: str) -> str:
    return f"{'•' * 7}{number[-4:]}" if number else ""


def remember_login(*, session: SessionBase, identity: Identity, id_token: str) -> None:
    """Call right after ``login()``: the session Django just cycled gets the login's facts."""
    session[SESSION_ID_TOKEN] = seal_id_token(id_token)
    session[SESSION_CAPACITY] = identity.capacity
    session[SESSION_ACR] = identity.acr
    session[SESSION_ASSURANCE] = identity.assurance_level
    if identity.capacity == CITIZEN:
        session[SESSION_PREFILL] = {
            "given_name": identity.given_name,
            "family_name": identity.family_name,
            "rrn_masked": mask_national_number(identity.national_number),
        }
