# SPDX-License-Identifier: EUPL-1.2
"""Reads: a citizen's appointments across municipalities, prefill data, login settings."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django_scopes import scopes_disabled

from balie.booking.models import Reservation, ReservationStatus
from balie.booking.selectors import get_visit_products, visit_items_prefetch
from balie.integrations.oidc.assurance import meets
from balie.integrations.oidc.backends import BACKEND_PATH
from balie.integrations.oidc.identity import CIVIL_SERVANT, normalise_org_code
from balie.integrations.oidc.models import (
    CitizenAccount,
    CitizenAppointmentLink,
    MunicipalityLoginSettings,
)
from balie.integrations.oidc.sessions import (  # noqa: F401  (re-exported for callers)
    SESSION_ACR,
    SESSION_ASSURANCE,
    SESSION_CAPACITY,
    SESSION_ID_TOKEN,
    SESSION_PREFILL,
    mask_national_number,
)
from balie.tenants.models import Municipality


@dataclass(frozen=True)
class CitizenAppointment:
    reservation: Reservation
    municipality: Municipality
    start: datetime  # in the municipality's time zone
    end: datetime
    products: list[tuple[str, int]]  # (title in the active language, quantity)
    upcoming: bool


def get_citizen_account(*, user: AbstractBaseUser | AnonymousUser) -> CitizenAccount | None:
    if not user.is_authenticated:
        return None
    return CitizenAccount.objects.filter(user_id=user.pk).first()


def list_citizen_appointments(
    *,
    sub: str,
    now: datetime | None = None,
    municipality_slug: str = "",
) -> list[CitizenAppointment]:
    """Every appointment linked to the citizen ``sub``, in all municipalities; 3 queries.

    Scopes are lifted on purpose: this list crosses municipalities, and the filter on the
    citizen's own links is what keeps other people's appointments out.
    """
    now = now or timezone.now()
    with scopes_disabled():
        reservations = list(
            Reservation.objects.filter(
                citizen_link__account__sub=sub,
                status__in=[ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED],
                **({"municipality__slug": municipality_slug} if municipality_slug else {}),
            )
            .select_related("municipality", "location")
            .prefetch_related(visit_items_prefetch())
            .order_by("start", "pk")
        )
    appointments = []
    for reservation in reservations:
        tz = ZoneInfo(reservation.municipality.timezone)
        appointments.append(
            CitizenAppointment(
                reservation=reservation,
                municipality=reservation.municipality,
                start=reservation.start.astimezone(tz),
                end=reservation.end.astimezone(tz),
                products=[
                    (item.product.display_title, item.quantity)
                    for item in get_visit_products(of=reservation)
                ],
                upcoming=reservation.status == ReservationStatus.CONFIRMED
                and reservation.start > now,
            )
        )
    return appointments


def citizen_owns_reservation(
    *, user: AbstractBaseUser | AnonymousUser, reservation: Reservation
) -> bool:
    """Whether the logged-in citizen may manage ``reservation`` without its manage token."""
    if not user.is_authenticated:
        return False
    return CitizenAppointmentLink.objects.filter(
        reservation_id=reservation.pk, account__user_id=user.pk
    ).exists()


def is_acm_login(*, request: HttpRequest) -> bool:
    """Whether this session began with an ACM/IDM login (any capacity)."""
    session = getattr(request, "session", None)
    if session is None or not request.user.is_authenticated:
        return False
    return bool(session.get(BACKEND_SESSION_KEY) == BACKEND_PATH)


def is_civil_servant_login(*, request: HttpRequest) -> bool:
    """Whether this session began with an ACM/IDM login as a civil servant (doelgroep LB)."""
    return is_acm_login(request=request) and bool(
        request.session.get(SESSION_CAPACITY) == CIVIL_SERVANT
    )


def get_assurance_level(*, request: HttpRequest) -> str:
    """The assurance level the session's ACM/IDM login reached (low, substantial, high),
    "" for other sessions or an ``acr`` Balie does not know; for the audit trail."""
    if not is_acm_login(request=request):
        return ""
    return str(request.session.get(SESSION_ASSURANCE, ""))


def get_minimum_staff_assurance(*, municipality: Municipality) -> str:
    return get_login_settings(municipality=municipality).minimum_staff_assurance


def acm_login_replaces_second_factor(*, request: HttpRequest, municipality: Municipality) -> bool:
    """Whether the clerk's ACM/IDM login was strong enough for ``municipality`` to skip
    Balie's own TOTP: a civil-servant login at or above its minimum level (default
    substantial). Below it, or for local accounts, the desk asks its second factor."""
    return is_civil_servant_login(request=request) and meets(
        level=get_assurance_level(request=request),
        minimum=get_minimum_staff_assurance(municipality=municipality),
    )


def is_weak_acm_login(*, request: HttpRequest, municipality: Municipality) -> bool:
    """A civil-servant login below ``municipality``'s bar: even counter staff (not only
    admins) then confirm with Balie's second factor."""
    return is_civil_servant_login(request=request) and not acm_login_replaces_second_factor(
        request=request, municipality=municipality
    )


def get_details_prefill(*, request: HttpRequest, municipality: Municipality) -> dict[str, str]:
    """Initial values for the booking details form of a logged-in citizen.

    Never the national register number: the session holds it masked only, so where
    ``municipality`` needs it the form asks for it at booking time.
    """
    claims = request.session.get(SESSION_PREFILL) or {}
    account = get_citizen_account(user=request.user)
    if not claims or account is None:
        return {}
    prefill = {
        "given_name": claims.get("given_name", ""),
        "family_name": claims.get("family_name", ""),
        "email": account.email,
        "phone": account.phone,
    }
    return {name: value for name, value in prefill.items() if value}


def find_municipality_by_org_code(*, org_code: str) -> Municipality | None:
    """The municipality behind an ACM organisation code (OVO, KBO) or its NIS code; both
    sides normalised, so ``0207.451.227`` matches ``0207451227``."""
    code = normalise_org_code(org_code)
    if not code:
        return None
    for settings_row in MunicipalityLoginSettings.objects.exclude(acm_org_codes="").select_related(
        "municipality"
    ):
        if code in {normalise_org_code(known) for known in settings_row.org_codes}:
            return settings_row.municipality
    return Municipality.objects.filter(nis_code=code).first()


def get_login_settings(*, municipality: Municipality) -> MunicipalityLoginSettings:
    """The municipality's row, or unsaved defaults (header off) when it has none."""
    return MunicipalityLoginSettings.objects.filter(
        municipality=municipality
    ).first() or MunicipalityLoginSettings(municipality=municipality)
