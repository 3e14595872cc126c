# SPDX-License-Identifier: EUPL-1.2
"""Why a login was refused, each with a message a person can act on."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginErrorCode(models.TextChoices):
    NOT_CONFIGURED = "not_configured", _("Login is not configured")
    PROVIDER_UNAVAILABLE = "provider_unavailable", _("The login service cannot be reached")
    PROVIDER_TIMEOUT = "provider_timeout", _("The login service did not answer in time")
    PROVIDER_REFUSED = "provider_refused", _("The login was cancelled or refused")
    STATE_MISMATCH = "state_mismatch", _("This login attempt is unknown")
    WRONG_ISSUER = "wrong_issuer", _("Login from an unknown issuer")
    WRONG_AUDIENCE = "wrong_audience", _("Login meant for another application")
    NONCE_MISMATCH = "nonce_mismatch", _("Login response does not match")
    EXPIRED = "expired", _("Login expired")
    STALE_AUTHENTICATION = "stale_authentication", _("Login too long ago")
    MISSING_CLAIM = "missing_claim", _("Information missing from the login")
    INVALID_TOKEN = "invalid_token", _("Login could not be verified")
    UNSUPPORTED_CAPACITY = "unsupported_capacity", _("This kind of login is not accepted")
    NO_ROLE = "no_role", _("No Balie role")


# Readable names for the claims a login must carry.
CLAIM_NAMES = {
    "sub": _("your identifier"),
    "given_name": _("your given name"),
    "family_name": _("your family name"),
    "rrn": _("your national register number"),
    "vo_doelgroepcode": _("the capacity you logged in with"),
    "vo_orgcode": _("the organisation you work for"),
    "iss": _("the issuer"),
    "aud": _("the audience"),
    "exp": _("the expiry time"),
    "iat": _("the time of issue"),
    "nonce": _("the nonce"),
    "auth_time": _("the time you logged in"),
}

_DETAILS = {
    LoginErrorCode.NOT_CONFIGURED: _(
        "Logging in with the Flemish government login is not set up on this server."
    ),
    LoginErrorCode.PROVIDER_UNAVAILABLE: _(
        "The Flemish government login cannot be reached right now. Please try again later."
    ),
    LoginErrorCode.PROVIDER_TIMEOUT: _(
        "The Flemish government login did not answer in time. Nothing was changed; please "
        "try again in a few minutes."
    ),
    LoginErrorCode.PROVIDER_REFUSED: _(
        "The login was cancelled or refused by the Flemish government login. You can try again."
    ),
    LoginErrorCode.STATE_MISMATCH: _(
        "This login was not started here, or it was started in another window or too long "
        "ago. Please log in again."
    ),
    LoginErrorCode.WRONG_ISSUER: _(
        "The login came from an identity provider that Balie does not trust, so it was refused."
    ),
    LoginErrorCode.WRONG_AUDIENCE: _(
        "The login was issued for another application, so Balie refused it."
    ),
    LoginErrorCode.NONCE_MISMATCH: _(
        "The login answer does not belong to this login attempt, so it was refused. "
        "Please log in again."
    ),
    LoginErrorCode.EXPIRED: _("The login has expired. Please log in again."),
    LoginErrorCode.STALE_AUTHENTICATION: _(
        "Staff must have logged in at the Flemish government login recently. Please log in again."
    ),
    LoginErrorCode.MISSING_CLAIM: _(
        "The Flemish government login did not send %(claim)s, which Balie needs."
    ),
    LoginErrorCode.INVALID_TOKEN: _(
        "The login could not be verified (its signature or format is wrong), so it was refused."
    ),
    LoginErrorCode.UNSUPPORTED_CAPACITY: _(
        "You logged in with capacity %(capacity)s. Balie accepts citizens (BUR) and local "
        "civil servants (LB)."
    ),
    LoginErrorCode.NO_ROLE: _(
        "Your login has no Balie role for a municipality that uses Balie. Ask your local "
        "administrator to grant you one in Gebruikersbeheer."
    ),
}


class LoginError(Exception):
    def __init__(self, code: LoginErrorCode, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(code.value)

    @property
    def title(self) -> str:
        return str(self.code.label)

    @property
    def detail(self) -> str:
        params = dict(self.params)
        if "claim" in params:
            params["claim"] = str(CLAIM_NAMES.get(params["claim"], params["claim"]))
        return str(_DETAILS[self.code]) % params if params else str(_DETAILS[self.code])
