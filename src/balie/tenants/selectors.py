# SPDX-License-Identifier: EUPL-1.2
"""Reads about tenants and who may act for them."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django_scopes import scopes_disabled

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
