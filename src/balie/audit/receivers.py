# SPDX-License-Identifier: EUPL-1.2
"""Staff logins, failed logins, lockouts and admin changes, recorded as they happen.

Signals fit here: recording is a side effect that the login and admin code need not know.
Staff events go to the chain of every municipality the person works for, so each
municipality's admin sees their own staff; the operator's go to the platform chain.
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_scopes import scopes_disabled

from balie.audit.models import ActorKind, AuditAction
from balie.audit.services import (
    Actor,
    actor_from_request,
    get_request_address,
    record_event,
    record_staff_member_event,
)
from balie.tenants.models import StaffMembership


def _is_staff_user(user: Any) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    with scopes_disabled():
        return StaffMembership.objects.filter(user_id=user.pk).exists()


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Citizens log in through ACM/IDM too; the trail is about staff access.
    if request is None or not _is_staff_user(user):
        return
    record_staff_member_event(
        action=AuditAction.LOGIN, actor=actor_from_request(request, user=user), user_id=user.pk
    )


def _user_named(username: str | None) -> Any:
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    user = _user_named(credentials.get("username"))
    if user is None or not _is_staff_user(user):
        return
    address = get_request_address(request) if request is not None else ""
    record_staff_member_event(
        action=AuditAction.LOGIN_FAILED,
        actor=Actor(kind=ActorKind.STAFF, label=user.get_username(), address=address),
        user_id=user.pk,
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def record_lockout(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    user = _user_named(username)
    record_staff_member_event(
        action=AuditAction.LOCKED_OUT,
        actor=Actor(kind=ActorKind.STAFF, label=(username or "")[:150], address=ip_address or ""),
        user_id=user.pk if user is not None else None,
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_change")
def record_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    target_type = instance.content_type.model if instance.content_type else ""
    municipality_id = _municipality_of(instance)
    record_event(
        action=AuditAction.ADMIN_CHANGE,
        actor=Actor.for_user(instance.user),
        municipality_id=municipality_id,
        target_type=target_type,
        target_id=instance.object_id or "",
        # The admin's own summary names fields, never their values.
        detail={"flag": instance.action_flag, "change": instance.get_change_message()},
    )


def _municipality_of(entry: LogEntry) -> int | None:
    """The municipality the changed row belongs to, if it belongs to one."""
    model = entry.content_type.model_class() if entry.content_type else None
    if model is None or entry.object_id is None:
        return None
    from balie.tenants.models import Municipality

    if model is Municipality:
        return int(entry.object_id) if str(entry.object_id).isdigit() else None
    if not any(field.name == "municipality" for field in model._meta.get_fields()):
        return None
    with scopes_disabled():
        return (
            model._default_manager.filter(pk=entry.object_id)
            .values_list("municipality_id", flat=True)
            .first()
        )


# Holds, releases and expiries carry no personal data and no one's decision about a visit.
_UNAUDITED_BOOKING_KINDS = {"held", "released", "expired"}


def audited_booking_kinds() -> frozenset[str]:
    from balie.booking.consequences import ChangeKind

    return frozenset(str(kind) for kind in ChangeKind) - _UNAUDITED_BOOKING_KINDS


def record_booking_change(event: Any) -> None:
    """A booking consequence: the change, who made it (kind, user, address) and when."""
    if str(event.kind) in _UNAUDITED_BOOKING_KINDS:
        return
    actor = event.actor
    record_event(
        action=AuditAction.APPOINTMENT_CHANGED,
        actor=Actor(
            kind=ActorKind(str(actor.kind)),
            identifier=str(actor.user_id or ""),
            address="" if actor.client_address == "unknown" else actor.client_address,
        ),
        municipality_id=event.municipality_id,
        target_type="reservation",
        target_id=str(event.reservation_id),
        detail={"change": str(event.kind)},
        occurred_at=event.at,
    )
