# SPDX-License-Identifier: EUPL-1.2
"""Writes on who may act for a municipality: invitations, roles, second factors."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from balie.tenants.models import Municipality, Role, StaffMembership

# Builds the absolute address of the set-password page from (uidb64, token).
PasswordLink = Callable[[str, str], str]


def invite_staff_member(
    *,
    municipality: Municipality,
    email: str,
    given_name: str,
    family_name: str,
    role: str,
    password_link: PasswordLink,
) -> StaffMembership:
    """Give ``email`` a role here; a new account gets an e-mail to choose its password."""
    user_model = get_user_model()
    email = email.strip().lower()
    with transaction.atomic(), scope(municipality=municipality.pk):
        user = user_model.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = user_model(
                username=email, email=email, first_name=given_name, last_name=family_name
            )
            user.set_unusable_password()
            user.save()
        if StaffMembership.objects.filter(municipality=municipality, user=user).exists():
            raise ValidationError(
                _("%(email)s already works for %(municipality)s; change their role below.")
                % {"email": email, "municipality": municipality.name}
            )
        membership = StaffMembership.objects.create(
            municipality=municipality, user=user, role=role
        )
        link = password_link(
            urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
        )
        body = _(
            "You have been invited to Balie for %(municipality)s. Log in at the desk with "
            "the username %(username)s."
        ) % {"municipality": municipality.name, "username": user.get_username()}
        if created:
            body += "\n\n" + _("Choose your password here: %(link)s") % {"link": link}
        transaction.on_commit(
            lambda: send_mail(
                _("Invitation to Balie for %(municipality)s")
                % {"municipality": municipality.name},
                body,
                None,
                [email],
            )
        )
        return membership


def _refuse_on_self(
    membership: StaffMembership, acting_user: AbstractBaseUser | AnonymousUser
) -> None:
    if membership.user_id == acting_user.pk:
        raise ValidationError(
            _("You cannot change your own access; ask another admin of your municipality.")
        )
    if membership.user.is_superuser:
        raise ValidationError(_("Only the platform operator manages an operator's access."))


def change_staff_role(
    *,
    membership: StaffMembership,
    role: str,
    acting_user: AbstractBaseUser | AnonymousUser,
) -> StaffMembership:
    _refuse_on_self(membership, acting_user)
    if role not in Role.values:
        raise ValidationError(_("Choose admin or counter staff."))
    with transaction.atomic(), scope(municipality=membership.municipality_id):
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def remove_staff_member(
    *, membership: StaffMembership, acting_user: AbstractBaseUser | AnonymousUser
) -> None:
    _refuse_on_self(membership, acting_user)
    with transaction.atomic(), scope(municipality=membership.municipality_id):
        membership.delete()


def reset_second_factor(
    *, membership: StaffMembership, acting_user: AbstractBaseUser | AnonymousUser
) -> int:
    """Forget the member's authenticators: at the next login they set up a new one."""
    _refuse_on_self(membership, acting_user)
    deleted, _rows = TOTPDevice.objects.filter(user_id=membership.user_id).delete()
    return int(deleted)
