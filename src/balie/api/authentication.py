# SPDX-License-Identifier: EUPL-1.2
"""The manage token a citizen receives once, sent back as ``Authorization: Token <token>``."""

from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

KEYWORD = "Token"


class ManageTokenAuthentication(BaseAuthentication):
    """Carries the token to the view as ``request.auth``; the view checks it.

    The token belongs to one appointment, not to a user, so it cannot be verified here.
    A malformed header is not an authentication failure either: the view answers 404,
    exactly as for a wrong token, so that nothing reveals whether a reference exists.
    """

    def authenticate(self, request: Request) -> tuple[AnonymousUser, str] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        keyword, _space, token = header.partition(" ")
        if keyword != KEYWORD or not token.strip():
            return None
        return AnonymousUser(), token.strip()

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class StaffSessionAuthentication(SessionAuthentication):
    """Staff signed in to Balie (the desk, the back office) use their session."""
