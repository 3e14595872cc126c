# SPDX-License-Identifier: EUPL-1.2
"""Reads about tenants and who may act for them."""

import copy
import logging
import threading
import time

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django_scopes import scopes_disabled

from balie.core.versions import bump_version, read_version
from balie.tenants.models import Municipality, Role, StaffMembership


def is_platform_operator(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def get_administered_municipality_ids(*, user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """Municipalities whose configuration ``user`` may change (empty for operators too)."""
    if not user.is_authenticated or not user.is_active:
        return []
    with scopes_disabled():
        return list(
            StaffMembership.objects.filter(user_id=user.pk, role=Role.ADMIN)
            .order_by("municipality_id")
            .values_list("municipality_id", flat=True)
        )


def get_membership(
    *, user: AbstractBaseUser | AnonymousUser, municipality: Municipality
) -> StaffMembership | None:
    """The role ``user`` holds in ``municipality``, if any (admin or counter staff)."""
    if not user.is_authenticated or not user.is_active:
        return None
    with scopes_disabled():
        return StaffMembership.objects.filter(user_id=user.pk, municipality=municipality).first()


def is_staff_member(*, user: AbstractBaseUser | AnonymousUser, municipality: Municipality) -> bool:
    """Whether ``user`` works for ``municipality`` (any role)."""
    return get_membership(user=user, municipality=municipality) is not None


def list_municipalities() -> list[Municipality]:
    return list(Municipality.objects.order_by("name"))


def get_municipality(*, slug: str) -> Municipality | None:
    return Municipality.objects.filter(slug=slug).first()


# --- the municipality a request names, reused across requests -------------------------
#
# Every API request starts by reading its municipality, a row of some fifty columns that
# cost more CPU to turn into a model than the booking's own statements. A process keeps
# the row per slug while the slug's version in the shared cache (Redis) is unchanged:
# every save, delete and catalog change bumps it, now and after its commit, and the version
# is read before the row, so a reader never keeps a row older than the version it saw.
# ``ENTRY_SECONDS`` bounds what no version covers (a slug renamed away).

logger = logging.getLogger(__name__)
ENTRY_SECONDS = 60.0
_ENTRIES: dict[str, tuple[float, int, Municipality]] = {}
_LOCK = threading.Lock()


def _version_key(slug: str) -> str:
    return f"balie:municipality-version:{slug}"


def _bump_version(slug: str) -> None:
    bump_version(_version_key(slug))
    with _LOCK:
        _ENTRIES.pop(slug, None)


def note_municipality_change(*, slug: str) -> None:
    """Call when a municipality's row changes: every process reads it afresh."""
    _bump_version(slug)
    transaction.on_commit(lambda: _bump_version(slug))


def get_current_municipality(*, slug: str) -> Municipality | None:
    """``get_municipality``, reused by this process while nothing changed (see above).

    Each caller gets its own copy, so what one request sets on it stays in that request.
    """
    try:
        version = read_version(_version_key(slug))
    except Exception:  # noqa: BLE001 - without the version nothing may be reused
        logger.warning("municipality version unreadable; reading afresh", exc_info=True)
        return get_municipality(slug=slug)
    with _LOCK:
        entry = _ENTRIES.get(slug)
    if entry is not None and entry[1] == version and time.monotonic() - entry[0] < ENTRY_SECONDS:
        return copy.copy(entry[2])
    municipality = get_municipality(slug=slug)
    if municipality is not None and not transaction.get_connection().in_atomic_block:
        with _LOCK:
            _ENTRIES[slug] = (time.monotonic(), version, copy.copy(municipality))
    return municipality


def list_staff(*, municipality: Municipality) -> list[StaffMembership]:
    with scopes_disabled():
        return list(
            StaffMembership.objects.filter(municipality=municipality)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user__username")
        )


def get_staff_membership(
    *, municipality: Municipality, membership_id: int
) -> StaffMembership | None:
    with scopes_disabled():
        return (
            StaffMembership.objects.filter(municipality=municipality, pk=membership_id)
            .select_related("user")
            .first()
        )


def list_users_with_second_factor(*, user_ids: list[int]) -> set[int]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )


def list_configurable_municipalities(
    *, user: AbstractBaseUser | AnonymousUser
) -> list[Municipality]:
    """Every municipality for an operator; the administered ones for a municipal admin."""
    if is_platform_operator(user=user):
        return list_municipalities()
    return list(
        Municipality.objects.filter(pk__in=get_administered_municipality_ids(user=user)).order_by(
            "name"
        )
    )
