# SPDX-License-Identifier: EUPL-1.2
"""Writes: sign a person in from their Identity, give staff their roles, link appointments."""

import hashlib
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import CITIZEN, Identity
from balie.integrations.oidc.models import (
    CitizenAccount,
    CitizenAppointmentLink,
    LinkSource,
    StaffIdentity,
)
from balie.integrations.oidc.selectors import find_municipality_by_org_code, get_citizen_account
from balie.tenants.models import Role, StaffMembership


def _username(*, capacity: str, sub: str) -> str:
    # ACM subjects are opaque; a digest keeps usernames short and free of odd characters.
    return f"acm-{capacity.lower()}-{hashlib.sha256(sub.encode()).hexdigest()[:32]}"


def _user_for(*, capacity: str, sub: str, identity: Identity, email: str = "") -> User:
    user, created = User.objects.get_or_create(username=_username(capacity=capacity, sub=sub))
    if created:
        user.set_unusable_password()
    user.first_name = identity.given_name[:150]
    user.last_name = identity.family_name[:150]
    if email:
        user.email = email
    user.save()
    return user


def sign_in_citizen(*, identity: Identity, now: datetime | None = None) -> CitizenAccount:
    """The citizen's account, created on first login; links their earlier appointments."""
    with transaction.atomic():
        account = CitizenAccount.objects.filter(sub=identity.sub).select_related("user").first()
        if account is None:
            user = _user_for(capacity=CITIZEN, sub=identity.sub, identity=identity)
            account = CitizenAccount.objects.create(user=user, sub=identity.sub)
        else:
            _user_for(capacity=CITIZEN, sub=identity.sub, identity=identity)
        if identity.national_number:
            link_appointments_by_national_number(
                account=account, national_number=identity.national_number
            )
    return account


def sign_in_civil_servant(*, identity: Identity) -> User:
    """The clerk's user with memberships exactly as the role claim grants them.

    ACM/IDM is the source of truth for these users: a role withdrawn in Gebruikersbeheer
    disappears here at the next login. Local accounts are separate users and untouched.
    """
    grants: dict[int, str] = {}
    for role, org_code in identity.roles:
        municipality = find_municipality_by_org_code(org_code=org_code or identity.org_code)
        if municipality is None or role not in Role.values:
            continue
        # Admin outranks staff when both are granted for one municipality.
        if grants.get(municipality.pk) != Role.ADMIN:
            grants[municipality.pk] = role
    if not grants:
        raise LoginError(LoginErrorCode.NO_ROLE)
    with transaction.atomic(), scopes_disabled():
        staff = StaffIdentity.objects.filter(sub=identity.sub).select_related("user").first()
        user = _user_for(capacity="LB", sub=identity.sub, identity=identity)
        if staff is None:
            StaffIdentity.objects.create(user=user, sub=identity.sub, org_code=identity.org_code)
        else:
            staff.org_code = identity.org_code
            staff.save(update_fields=["org_code", "updated_at"])
        StaffMembership.objects.filter(user=user).exclude(municipality_id__in=grants).delete()
        for municipality_id, role in grants.items():
            StaffMembership.objects.update_or_create(
                user=user, municipality_id=municipality_id, defaults={"role": role}
            )
    return user


def link_appointment(
    *,
    account: CitizenAccount,
    reservation: Reservation,
    source: str = LinkSource.BOOKED,
) -> CitizenAppointmentLink:
    """Make ``reservation`` one of the citizen's appointments and remember their contact."""
    link, _created = CitizenAppointmentLink.objects.get_or_create(
        reservation=reservation,
        defaults={
            "account": account,
            "source": source,
            "municipality_id": reservation.municipality_id,
        },
    )
    if source == LinkSource.BOOKED and (reservation.email or reservation.phone):
        account.email = reservation.email or account.email
        account.phone = reservation.phone or account.phone
        account.save(update_fields=["email", "phone", "updated_at"])
    return link


def link_appointments_by_national_number(
    *, account: CitizenAccount, national_number: str, now: datetime | None = None
) -> int:
    """Link appointments booked with this verified number, in every municipality.

    The number is only stored where a municipality requires it, so this finds those
    appointments only; the others are linked when booked while logged in.
    """
    now = now or timezone.now()
    with scopes_disabled():
        ids = list(
            Reservation.objects.filter(
                national_number=national_number,
                status__in=[ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED],
                citizen_link__isnull=True,
            ).values_list("pk", "municipality_id")
        )
        CitizenAppointmentLink.objects.bulk_create(
            [
                CitizenAppointmentLink(
                    reservation_id=pk,
                    municipality_id=municipality_id,
                    account=account,
                    source=LinkSource.NATIONAL_NUMBER,
                )
                for pk, municipality_id in ids
            ],
            ignore_conflicts=True,
        )
    return len(ids)


def link_appointment_for_user(
    *, user: AbstractBaseUser | AnonymousUser, reservation: Reservation
) -> CitizenAppointmentLink | None:
    """The portal's hook after ``confirm_hold``: link when a citizen is logged in."""
    account = get_citizen_account(user=user)
    if account is None:
        return None
    return link_appointment(account=account, reservation=reservation)
