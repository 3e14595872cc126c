# SPDX-License-Identifier: EUPL-1.2
"""Reading the audit trail: what an admin may see, and whether a chain is intact."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django_scopes import scopes_disabled

from balie.audit.models import AuditChainHead, AuditEvent
from balie.tenants.models import StaffMembership
from balie.tenants.selectors import get_administered_municipality_ids, is_platform_operator

PLATFORM_CHAIN = "platform"


def chain_name(*, municipality_id: int | None) -> str:
    return PLATFORM_CHAIN if municipality_id is None else str(municipality_id)


def list_staff_chains(*, user_id: Any) -> list[int | None]:
    """The chains a staff member's own events go to: each municipality they work for, or
    the platform's (None) for an operator without membership."""
    if user_id is None:
        return [None]
    with scopes_disabled():
        ids = list(
            StaffMembership.objects.filter(user_id=user_id)
            .order_by("municipality_id")
            .values_list("municipality_id", flat=True)
        )
    return list(ids) or [None]


def compute_entry_hash(*, event: AuditEvent) -> str:
    """SHA-256 over the entry's content and the previous entry's hash, in a fixed form."""
    content = {
        "chain": event.chain,
        "sequence": event.sequence,
        "municipality": event.municipality_id,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_kind": event.actor_kind,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "assurance": event.assurance,
        "address": event.address,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)
    return hashlib.sha256(canonical.encode()).hexdigest()


def list_visible_events(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[AuditEvent]:
    """The operator sees every chain; a municipal admin only their municipalities' chains."""
    events = AuditEvent.objects.select_related("municipality")
    if is_platform_operator(user=user):
        return events
    return events.filter(municipality_id__in=get_administered_municipality_ids(user=user))


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    sequence: int
    reason: str


def _verify_one(head: AuditChainHead, events: Iterable[AuditEvent]) -> ChainBreak | None:
    expected_sequence = head.anchor_sequence + 1
    expected_previous = head.anchor_hash
    for event in events:
        if event.sequence != expected_sequence:
            return ChainBreak(head.chain, expected_sequence, "an entry is missing")
        if event.previous_hash != expected_previous:
            return ChainBreak(head.chain, event.sequence, "the link to the previous entry broke")
        if compute_entry_hash(event=event) != event.entry_hash:
            return ChainBreak(head.chain, event.sequence, "the entry was changed")
        expected_sequence += 1
        expected_previous = event.entry_hash
    if expected_sequence - 1 != head.last_sequence or expected_previous != head.last_hash:
        return ChainBreak(head.chain, expected_sequence, "entries at the end are missing")
    return None


def verify_audit_chains() -> list[ChainBreak]:
    """Every chain from its anchor to its head; an empty list means all are intact."""
    breaks = []
    for head in AuditChainHead.objects.order_by("chain"):
        events = AuditEvent.objects.filter(chain=head.chain).order_by("sequence").iterator()
        found = _verify_one(head, events)
        if found is not None:
            breaks.append(found)
    return breaks
