# SPDX-License-Identifier: EUPL-1.2
"""Erasing personal data when it is no longer needed, and the periodic housekeeping.

What is erased from an appointment: given and family name, e-mail, phone, national register
number, the manage-token hash and the link to a citizen account. What stays, anonymous, for
statistics: municipality, location, products, start and end, channel, status, language and
the timestamps. Every erasure is recorded in the audit trail (counts, never content).
"""

import logging
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from balie.audit.services import (
    Actor,
    ActorKind,
    AuditAction,
    prune_audit_trail,
    record_event,
)
from balie.booking.models import Reservation, ReservationStatus
from balie.booking.services import expire_holds, purge_idempotency_records
from balie.integrations.oidc.models import CitizenAccount, CitizenAppointmentLink
from balie.notifications.models import Message
from balie.privacy.models import HousekeepingRun
from balie.tenants.models import Municipality
from balie.webhooks.models import Delivery

logger = logging.getLogger(__name__)

PERSONAL_FIELDS = ("given_name", "family_name", "email", "phone", "national_number")
# A hold that was never confirmed is kept a day after it lapsed, for support questions.
EXPIRED_HOLD_GRACE = timedelta(days=1)
HOUSEKEEPING = "housekeeping"


def _with_personal_data(reservations: QuerySet[Reservation]) -> QuerySet[Reservation]:
    carries = Q(manage_token_hash__gt="")
    for field in PERSONAL_FIELDS:
        carries |= Q(**{f"{field}__gt": ""})
    return reservations.filter(carries)


def _erase(reservation_ids: list[int]) -> int:
    if not reservation_ids:
        return 0
    CitizenAppointmentLink.objects.filter(reservation_id__in=reservation_ids).delete()
    # Copies made for messages and integrators: the address a message went to, and the
    # citizen block of webhook payloads sent to subscriptions that may receive contact data.
    Message.objects.filter(reservation_id__in=reservation_ids).update(recipient="")
    for delivery in Delivery.objects.filter(payload__data__citizen__isnull=False).filter(
        payload__data__id__in=[
            str(public_id)
            for public_id in Reservation.objects.filter(pk__in=reservation_ids).values_list(
                "public_id", flat=True
            )
        ]
    ):
        delivery.payload["data"].pop("citizen", None)
        delivery.save(update_fields=["payload"])
    blank = {field: "" for field in (*PERSONAL_FIELDS, "manage_token_hash")}
    return Reservation.objects.filter(pk__in=reservation_ids).update(
        **blank, updated_at=timezone.now()
    )


def erase_expired_personal_data(*, now: datetime | None = None) -> int:
    """Erase personal data of appointments that ended more than the municipality's
    ``retention_days`` ago; returns how many appointments were erased."""
    now = now or timezone.now()
    erased = 0
    with scopes_disabled():
        for municipality in Municipality.objects.order_by("pk"):
            cutoff = now - timedelta(days=municipality.retention_days)
            with transaction.atomic():
                ids = list(
                    _with_personal_data(
                        Reservation.objects.filter(municipality=municipality, end__lt=cutoff)
                    )
                    .select_for_update(skip_locked=True)
                    .values_list("pk", flat=True)
                )
                count = _erase(ids)
                if count:
                    record_event(
                        action=AuditAction.DATA_ERASED,
                        actor=Actor.system("retention"),
                        municipality_id=municipality.pk,
                        target_type="reservation",
                        detail={
                            "appointments": count,
                            "retention_days": municipality.retention_days,
                        },
                    )
            erased += count
    return erased


def erase_appointment_personal_data(
    *, municipality: Municipality, reference: str, actor: Actor, reason: str
) -> bool:
    """An erasure request handled by staff (docs/privacy/erasure.md); False if unknown."""
    with scopes_disabled(), transaction.atomic():
        reservation = (
            Reservation.objects.select_for_update()
            .filter(municipality=municipality, reference=reference.strip().upper())
            .first()
        )
        if reservation is None:
            return False
        _erase([reservation.pk])
        record_event(
            action=AuditAction.DATA_ERASED,
            actor=actor,
            municipality_id=municipality.pk,
            target_type="reservation",
            target_id=str(reservation.public_id),
            detail={"appointments": 1, "reason": reason[:200]},
        )
    return True


def purge_expired_holds(*, now: datetime | None = None) -> int:
    """Delete holds that lapsed without ever being confirmed (they have no reference)."""
    now = now or timezone.now()
    with scopes_disabled():
        _total, by_model = Reservation.objects.filter(
            status=ReservationStatus.EXPIRED,
            reference__isnull=True,
            expires_at__lt=now - EXPIRED_HOLD_GRACE,
        ).delete()
    # The total also counts what cascades with a hold (its legs, units, history).
    return by_model.get(Reservation._meta.label, 0)


def purge_expired_sessions() -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def unlink_citizen_account(*, user: AbstractBaseUser, address: str = "") -> int:
    """Remove the link between a citizen's government login and Balie; returns how many
    appointments it covered. The appointments stay (the municipality needs them) until
    retention erases them; the account, its e-mail and phone, and the user go."""
    with scopes_disabled(), transaction.atomic():
        account = CitizenAccount.objects.filter(user_id=user.pk).first()
        if account is None:
            return 0
        links = list(
            CitizenAppointmentLink.objects.filter(account=account).values_list(
                "reservation__municipality_id", flat=True
            )
        )
        actor = Actor(kind=ActorKind.CITIZEN, label="citizen", address=address)
        for municipality_id in sorted(set(links)):
            record_event(
                action=AuditAction.ACCOUNT_UNLINKED,
                actor=actor,
                municipality_id=municipality_id,
                target_type="citizen_account",
                target_id=str(account.pk),
                detail={"appointments": links.count(municipality_id)},
            )
        account.delete()
        if not (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)):
            get_user_model().objects.filter(pk=user.pk).delete()
    return len(links)


def run_housekeeping(*, now: datetime | None = None) -> dict[str, int]:
    """Every retention and purge job once; safe to run as often as one likes."""
    now = now or timezone.now()
    done = {
        "holds_expired": expire_holds(now=now),
        "holds_purged": purge_expired_holds(now=now),
        "appointments_erased": erase_expired_personal_data(now=now),
        "idempotency_records_purged": purge_idempotency_records(now=now),
        "audit_entries_pruned": prune_audit_trail(now=now),
    }
    purge_expired_sessions()
    return done


def claim_housekeeping_run(*, now: datetime | None = None) -> bool:
    """True for exactly one process per HOUSEKEEPING_INTERVAL_MINUTES."""
    now = now or timezone.now()
    interval = timedelta(minutes=settings.HOUSEKEEPING_INTERVAL_MINUTES)
    HousekeepingRun.objects.get_or_create(name=HOUSEKEEPING)
    due = Q(last_run_at__isnull=True) | Q(last_run_at__lte=now - interval)
    return bool(HousekeepingRun.objects.filter(due, name=HOUSEKEEPING).update(last_run_at=now))


# Matches the model's bounds; said in days and years, as an admin thinks of a period.
SHORTEST_RETENTION_DAYS = 1
LONGEST_RETENTION_DAYS = 3650


def set_retention_period(
    *, municipality: Municipality, days: int, acting_user: AbstractBaseUser | None = None
) -> Municipality:
    """How long the municipality keeps appointments' personal data; the next run applies it."""
    if not SHORTEST_RETENTION_DAYS <= days <= LONGEST_RETENTION_DAYS:
        raise ValidationError(
            _(
                "Keep personal data at least %(shortest)s day and at most %(longest)s days "
                "(10 years) after the appointment."
            )
            % {"shortest": SHORTEST_RETENTION_DAYS, "longest": LONGEST_RETENTION_DAYS},
            code="retention_days",
        )
    with transaction.atomic():
        previous = municipality.retention_days
        municipality.retention_days = days
        municipality.save(update_fields=["retention_days", "updated_at"])
        if previous != days:
            record_event(
                action=AuditAction.ADMIN_CHANGE,
                actor=Actor.for_user(acting_user) if acting_user else Actor.system("retention"),
                municipality_id=municipality.pk,
                target_type="municipality",
                detail={"retention_days": [previous, days]},
            )
    return municipality
