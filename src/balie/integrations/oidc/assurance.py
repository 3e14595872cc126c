# SPDX-License-Identifier: EUPL-1.2
"""Assurance levels: what the provider's ``acr`` is worth, and whether it is enough.

ACM/IDM names the means used (eID, itsme, TOTP app, ...) in ``acr``; OIDC_ACR_LEVELS maps
each value onto the eIDAS scale, so a municipality's bar is a level, not a list of means.
An unknown or absent ``acr`` counts as no assurance at all: never more than was proven.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssuranceLevel(models.TextChoices):
    LOW = "low", _("Low")
    SUBSTANTIAL = "substantial", _("Substantial")
    HIGH = "high", _("High")


_RANK = {"": 0, AssuranceLevel.LOW: 1, AssuranceLevel.SUBSTANTIAL: 2, AssuranceLevel.HIGH: 3}


def level_for_acr(acr: str) -> str:
    """The level of ``acr`` per OIDC_ACR_LEVELS, or "" when it is not listed."""
    for pair in settings.OIDC_ACR_LEVELS:
        value, _sep, level = pair.rpartition("=")
        if value.strip() == acr.strip() and level.strip() in _RANK:
            return level.strip()
    return ""


def meets(*, level: str, minimum: str) -> bool:
    return _RANK.get(level, 0) >= _RANK.get(minimum, _RANK[AssuranceLevel.HIGH])
