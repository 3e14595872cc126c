# SPDX-License-Identifier: EUPL-1.2
"""Writing the audit trail. ``record_event`` is the one way in, for every app.

Call it inside the use case's transaction: the entry then lands exactly when the change
does. Personal data never goes into ``detail``: name the object, not its content.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from balie.audit.models import ActorKind, AuditAction, AuditChainHead, AuditEvent
from balie.audit.selectors import chain_name, compute_entry_hash, list_staff_chains

__all__ = [
    "Actor",
    "ActorKind",
    "AuditAction",
    "actor_from_request",
    "record_event",
    "record_staff_member_event",
]


@dataclass(frozen=True)
class Actor:
    """Who acted: a citizen, a staff member, an API client or Balie itself."""

    kind: ActorKind
    identifier: str = ""
    label: str = ""
    # How strongly the actor was authenticated: "password+totp", an ACM/IDM acr, "token".
    assurance: str = ""
    address: str = ""

    @classmethod
    def system(cls, label: str = "balie") -> "Actor":
        return cls(kind=ActorKind.SYSTEM, identifier="", label=label)

    @classmethod
    def for_user(
        cls, user: AbstractBaseUser, *, assurance: str = "", address: str = ""
    ) -> "Actor":
        return cls(
            kind=ActorKind.STAFF,
            identifier=str(user.pk),
            label=user.get_username(),
            assurance=assurance,
            address=address,
        )


def get_request_address(request: HttpRequest) -> str:
    # The same client address the abuse limits count: the trusted proxy's header when one
    # is configured (BALIE_TRUSTED_PROXY_COUNT), REMOTE_ADDR otherwise.
    from balie.booking.actors import get_client_address

    address = get_client_address(request)
    return "" if address == "unknown" else address


def _assurance(request: HttpRequest) -> str:
    from balie.integrations.oidc.selectors import get_assurance_level, is_civil_servant_login

    if not hasattr(request, "user"):
        # A login in progress (the user_logged_in signal): the password was just checked.
        return "password"
    if is_civil_servant_login(request=request):
        # The level the ACM/IDM login reached (low, substantial, high), from its acr.
        return f"acm-idm:{get_assurance_level(request=request) or 'unknown'}"
    if getattr(request.user, "is_verified", lambda: False)():
        return "password+totp"
    return "password"


def actor_from_request(
    request: HttpRequest, *, user: AbstractBaseUser | AnonymousUser | None = None
) -> Actor:
    """The staff member behind ``request`` (or ``user``), with address and assurance."""
    user = user if user is not None else request.user
    address = get_request_address(request)
    if user is None or not user.is_authenticated:
        return Actor(kind=ActorKind.CITIZEN, address=address)
    return Actor.for_user(user, assurance=_assurance(request), address=address)


def record_event(
    *,
    action: AuditAction,
    actor: Actor,
    municipality_id: int | None,
    target_type: str = "",
    target_id: str = "",
    detail: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Append one entry to the municipality's chain (``None``: the platform's chain)."""
    chain = chain_name(municipality_id=municipality_id)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        event = AuditEvent(
            chain=chain,
            sequence=head.last_sequence + 1,
            municipality_id=municipality_id,
            occurred_at=(occurred_at or timezone.now()).replace(microsecond=0),
            actor_kind=actor.kind,
            actor_id=actor.identifier[:150],
            actor_label=actor.label[:150],
            assurance=actor.assurance[:60],
            address=actor.address[:45],
            action=action,
            target_type=target_type,
            target_id=str(target_id)[:60],
            detail=detail or {},
            previous_hash=head.last_hash,
        )
        event.entry_hash = compute_entry_hash(event=event)
        event.save()
        head.last_sequence = event.sequence
        head.last_hash = event.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def record_staff_member_event(
    *,
    action: AuditAction,
    actor: Actor,
    user_id: Any,
    detail: dict[str, Any] | None = None,
) -> None:
    """An event about a staff account, in the chain of every municipality they work for
    (the platform's for an operator), so each municipality's admin sees it."""
    for municipality_id in list_staff_chains(user_id=user_id):
        record_event(
            action=action,
            actor=actor,
            municipality_id=municipality_id,
            target_type="user",
            target_id=str(user_id) if user_id is not None else "",
            detail=detail,
        )


def prune_audit_trail(*, now: datetime | None = None) -> int:
    """Remove entries older than AUDIT_RETENTION_DAYS, moving each chain's anchor.

    The anchor is the hash of the last removed entry, so the kept part still verifies.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    removed = 0
    for chain in AuditChainHead.objects.values_list("chain", flat=True):
        with transaction.atomic():
            head = AuditChainHead.objects.select_for_update().get(chain=chain)
            old = AuditEvent.objects.filter(chain=chain, occurred_at__lt=cutoff)
            last = old.order_by("-sequence").first()
            if last is None:
                continue
            head.anchor_sequence = last.sequence
            head.anchor_hash = last.entry_hash
            head.save(update_fields=["anchor_sequence", "anchor_hash"])
            # QuerySet.delete bypasses the model's refusal: retention is the one way out.
            count, _by_model = old.filter(sequence__lte=last.sequence).delete()
            removed += count
    return removed
