# SPDX-License-Identifier: EUPL-1.2
import pytest
from django_scopes import scopes_disabled

from balie.integrations.oidc.exceptions import LoginError, LoginErrorCode
from balie.integrations.oidc.identity import CITIZEN, CIVIL_SERVANT, Identity
from balie.integrations.oidc.models import (
    CitizenAppointmentLink,
    LinkSource,
    MunicipalityLoginSettings,
)
from balie.integrations.oidc.services import (
    link_appointment,
    link_appointment_for_user,
    sign_in_citizen,
    sign_in_civil_servant,
)
from balie.integrations.oidc.tests.conftest import book
from balie.portal.tests.conftest import build_town
from balie.tenants.models import Role, StaffMembership
from balie.tenants.tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

LOTTE = Identity(
    sub="sub-lotte",
    capacity=CITIZEN,
    given_name="Lotte",
    family_name="Janssens",
    national_number="85031412302",
)


def _memberships(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with scopes_disabled():
        return {
            m.municipality.slug: m.role
            for m in StaffMembership.objects.filter(user=user).select_related("municipality")
        }


def test_a_first_login_creates_one_account_and_a_second_reuses_it():
    first = sign_in_citizen(identity=LOTTE)
    second = sign_in_citizen(identity=LOTTE)

    assert first.pk == second.pk
    assert first.user.first_name == "Lotte"
    assert not first.user.has_usable_password()


def test_login_links_appointments_booked_with_the_same_national_number_everywhere():
    north = build_town(slug="noord", requires_national_number=True)
    south = build_town(slug="zuid", requires_national_number=True)
    hers = [
        book(north, given_name="Lotte", national_number=LOTTE.national_number),
        book(south, given_name="Lotte", national_number=LOTTE.national_number),
    ]
    book(north, given_name="Other", national_number="92070724670")

    account = sign_in_citizen(identity=LOTTE)

    linked = set(
        CitizenAppointmentLink.objects.filter(account=account).values_list(
            "reservation_id", "source"
        )
    )
    assert linked == {(r.pk, LinkSource.NATIONAL_NUMBER) for r in hers}


def test_linking_a_booking_remembers_the_contact_details_for_next_time():
    town = build_town()
    account = sign_in_citizen(identity=LOTTE)
    reservation = book(town, given_name="Lotte")

    link_appointment(account=account, reservation=reservation)

    account.refresh_from_db()
    assert account.email == "lotte@example.org"
    assert CitizenAppointmentLink.objects.get(reservation=reservation).account == account


def test_the_role_claim_becomes_memberships_by_nis_code_or_configured_org_code():
    north = MunicipalityFactory(slug="noord", nis_code="11001")
    south = MunicipalityFactory(slug="zuid", nis_code="11002")
    MunicipalityLoginSettings.objects.create(municipality=south, acm_org_codes="OVO000123")
    identity = Identity(
        sub="sub-sam",
        capacity=CIVIL_SERVANT,
        org_code="11001",
        roles=(("staff", "11001"), ("admin", "OVO000123"), ("staff", "OVO000123")),
    )

    user = sign_in_civil_servant(identity=identity)

    assert _memberships(user) == {north.slug: Role.STAFF, south.slug: Role.ADMIN}


def test_a_withdrawn_role_disappears_at_the_next_login():
    north = MunicipalityFactory(slug="noord", nis_code="11001")
    MunicipalityFactory(slug="zuid", nis_code="11002")
    both = Identity(
        sub="sub-sam",
        capacity=CIVIL_SERVANT,
        org_code="11001",
        roles=(("staff", "11001"), ("staff", "11002")),
    )
    sign_in_civil_servant(identity=both)

    user = sign_in_civil_servant(
        identity=Identity(
            sub="sub-sam", capacity=CIVIL_SERVANT, org_code="11001", roles=(("staff", "11001"),)
        )
    )

    assert _memberships(user) == {north.slug: Role.STAFF}


def test_a_civil_servant_without_a_role_for_a_known_municipality_is_refused():
    MunicipalityFactory(slug="noord", nis_code="11001")
    identity = Identity(
        sub="sub-x", capacity=CIVIL_SERVANT, org_code="99999", roles=(("staff", "99999"),)
    )

    with pytest.raises(LoginError) as refused:
        sign_in_civil_servant(identity=identity)

    assert refused.value.code == LoginErrorCode.NO_ROLE
    assert "Gebruikersbeheer" in refused.value.detail


def test_the_portal_hook_links_a_booking_only_for_a_logged_in_citizen():
    town = build_town()
    account = sign_in_citizen(identity=LOTTE)
    staff_user = sign_in_civil_servant(
        identity=Identity(
            sub="sub-sam",
            capacity=CIVIL_SERVANT,
            org_code=town.municipality.nis_code,
            roles=(("staff", town.municipality.nis_code),),
        )
    )
    hers, desk_booking = book(town, given_name="Lotte"), book(town, given_name="Walk")

    linked = link_appointment_for_user(user=account.user, reservation=hers)
    not_linked = link_appointment_for_user(user=staff_user, reservation=desk_booking)

    assert linked is not None and linked.account == account
    assert not_linked is None
    assert not CitizenAppointmentLink.objects.filter(reservation=desk_booking).exists()
