# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""``GET /api/v1/me/appointments/``: the citizen's appointments for a portal widget.

Authenticated with a bearer access token from the configured provider (checked against its
JWKS, or by introspection) or with the session of a citizen logged in to Balie.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.problems import Problem
from balie.api.schema import api_schema
from balie.integrations.oidc.exceptions import LoginError
from balie.integrations.oidc.identity import AccessTokenError, validate_access_token
from balie.integrations.oidc.provider import get_client
from balie.integrations.oidc.selectors import (
    CitizenAppointment,
    get_citizen_account,
    list_citizen_appointments,
)

BEARER = "Bearer"


@dataclass(frozen=True)
class CitizenPrincipal:
    """Who the request speaks for: the ACM subject of a citizen."""

    sub: str


def _invalid_token(detail: str) -> Problem:
    return Problem(
        code="invalid_token",
        status_code=status.HTTP_401_UNAUTHORIZED,
        title=str(_("The access token is not accepted.")),
        detail=detail,
        headers={"WWW-Authenticate": f'{BEARER} realm="balie", error="invalid_token"'},
    )


class OidcBearerAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[AnonymousUser, CitizenPrincipal] | None:
        keyword, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if keyword != BEARER:
            return None
        if not token.strip():
            raise _invalid_token(str(_("The Authorization header carries no token.")))
        try:
            claims = validate_access_token(client=get_client(), access_token=token.strip())
        except AccessTokenError as error:
            raise _invalid_token(error.reason) from error
        except LoginError as error:
            raise _invalid_token(error.detail) from error
        return AnonymousUser(), CitizenPrincipal(sub=str(claims["sub"]))

    def authenticate_header(self, request: Request) -> str:
        return f'{BEARER} realm="balie"'


class CitizenSessionAuthentication(SessionAuthentication):
    """A citizen logged in to Balie through ACM/IDM, e.g. the page's own scripts."""

    def authenticate(self, request: Request):  # type: ignore[no-untyped-def]
        found = super().authenticate(request)
        if found is None:
            return None
        user, _auth = found
        account = get_citizen_account(user=user)
        if account is None:
            return None
        return user, CitizenPrincipal(sub=account.sub)


class IsCitizen(BasePermission):
    def has_permission(self, request: Request, view: object) -> bool:
        return isinstance(request.auth, CitizenPrincipal)


class MyAppointmentMunicipalitySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    primary_colour = serializers.CharField(help_text="#RRGGBB")
    booking_url = serializers.URLField()


class MyAppointmentLocationSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()


class MyAppointmentProductSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="In the request language.")
    quantity = serializers.IntegerField()


class MyAppointmentLinksSerializer(serializers.Serializer):
    manage = serializers.URLField(help_text="The appointment page: details, move, cancel.")
    cancel = serializers.URLField()
    move = serializers.URLField()


class MyAppointmentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text="confirmed or cancelled")
    upcoming = serializers.BooleanField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    municipality = MyAppointmentMunicipalitySerializer()
    location = MyAppointmentLocationSerializer()
    products = MyAppointmentProductSerializer(many=True)
    links = MyAppointmentLinksSerializer()


class MyAppointmentListView(APIView):
    authentication_classes = [OidcBearerAuthentication, CitizenSessionAuthentication]
    permission_classes = [IsCitizen]

    class OutputSerializer(serializers.Serializer):
        upcoming = MyAppointmentSerializer(
            many=True, help_text="Confirmed and not yet started; soonest first."
        )
        past = MyAppointmentSerializer(many=True, help_text="Started or cancelled; latest first.")

    @api_schema(
        operation_id="me_appointments_list",
        summary="The logged-in citizen's appointments in every municipality",
        responses={200: OutputSerializer},
        problem_statuses=(401, 403),
        parameters=[
            OpenApiParameter(
                name="municipality",
                type=str,
                location=OpenApiParameter.QUERY,
                required=False,
                description="Only this municipality's appointments (its slug).",
            )
        ],
        tags=["me"],
        auth=[{"oidcBearer": []}, {"citizenSession": []}],
    )
    def get(self, request: Request) -> Response:
        principal = request.auth
        assert isinstance(principal, CitizenPrincipal)
        appointments = list_citizen_appointments(
            sub=principal.sub, municipality_slug=request.query_params.get("municipality", "")
        )
        rows = [self._row(request, appointment) for appointment in appointments]
        upcoming = [row for row in rows if row["upcoming"]]
        past = [row for row in reversed(rows) if not row["upcoming"]]
        return Response({"upcoming": upcoming, "past": past})

    @staticmethod
    def _row(request: Request, appointment: CitizenAppointment) -> dict:
        reservation = appointment.reservation
        municipality = appointment.municipality
        slug, reference = municipality.slug, reservation.reference

        def absolute(name: str) -> str:
            return request.build_absolute_uri(reverse(name, args=[slug, reference]))

        return {
            "id": str(reservation.public_id),
            "reference": reference,
            "status": reservation.status,
            "upcoming": appointment.upcoming,
            "start": appointment.start.isoformat(),
            "end": appointment.end.isoformat(),
            "municipality": {
                "slug": slug,
                "name": municipality.name,
                "primary_colour": municipality.primary_colour,
                "booking_url": request.build_absolute_uri(reverse("portal:products", args=[slug])),
            },
            "location": {
                "name": reservation.location.name,
                "address": reservation.location.address_line,
            },
            "products": [
                {"title": title, "quantity": quantity} for title, quantity in appointment.products
            ],
            "links": {
                "manage": absolute("portal:appointment"),
                "cancel": absolute("portal:cancel"),
                "move": absolute("portal:move_day"),
            },
        }


class OidcBearerScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "balie.integrations.oidc.api.OidcBearerAuthentication"
    name = "oidcBearer"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "An access token from the Flemish government login (ACM/IDM) for a citizen "
                "(doelgroep BUR), issued to Balie's client."
            ),
        }


class CitizenSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "balie.integrations.oidc.api.CitizenSessionAuthentication"
    name = "citizenSession"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The session of a citizen logged in to Balie through ACM/IDM.",
        }
