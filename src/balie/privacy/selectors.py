# SPDX-License-Identifier: EUPL-1.2
"""What Balie holds about a citizen, as they may download it (GDPR art. 15 and 20)."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation
from balie.booking.selectors import get_visit_products, visit_items_prefetch
from balie.integrations.oidc.models import CitizenAccount


def _appointment(reservation: Reservation) -> dict[str, Any]:
    return {
        "municipality": reservation.municipality.name,
        "location": reservation.location.name,
        "reference": reservation.reference,
        "status": reservation.status,
        "start": reservation.start.isoformat(),
        "end": reservation.end.isoformat(),
        "products": [
            {
                "product": item.product_id,
                "title": item.product.display_title,
                "quantity": item.quantity,
            }
            for item in get_visit_products(of=reservation)
        ],
        "channel": reservation.channel,
        "given_name": reservation.given_name,
        "family_name": reservation.family_name,
        "email": reservation.email,
        "phone": reservation.phone,
        # Masked like everywhere else: a download can end up in a mailbox or a shared folder.
        "national_number": reservation.masked_national_number,
        "language": reservation.language,
        "confirmed_at": reservation.confirmed_at.isoformat() if reservation.confirmed_at else None,
        "cancelled_at": reservation.cancelled_at.isoformat() if reservation.cancelled_at else None,
    }


def build_citizen_export(*, user: AbstractBaseUser) -> dict[str, Any] | None:
    """Everything linked to the citizen's government login; None for anyone else."""
    with scopes_disabled():
        account = CitizenAccount.objects.filter(user_id=user.pk).first()
        if account is None:
            return None
        reservations = (
            Reservation.objects.filter(citizen_link__account=account)
            .select_related("municipality", "location")
            .prefetch_related(visit_items_prefetch())
            .order_by("start", "pk")
        )
        return {
            "exported_at": timezone.now().isoformat(),
            "account": {
                "government_login_subject": account.sub,
                "email": account.email,
                "phone": account.phone,
                "created_at": account.created_at.isoformat(),
            },
            "appointments": [_appointment(reservation) for reservation in reservations],
        }


def count_appointments_to_erase(*, municipality_id: int, days: int, now: datetime) -> int:
    """How many appointments would lose their personal data at the next run with ``days``."""
    carries = Q(manage_token_hash__gt="")
    for field in ("given_name", "family_name", "email", "phone", "national_number"):
        carries |= Q(**{f"{field}__gt": ""})
    with scopes_disabled():
        return (
            Reservation.objects.filter(
                municipality_id=municipality_id, end__lt=now - timedelta(days=days)
            )
            .filter(carries)
            .count()
        )
