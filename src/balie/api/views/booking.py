# SPDX-License-Identifier: EUPL-1.2
# Serializers are generic only in the stubs; subscripting them adds noise, not safety.
# mypy: disable-error-code="type-arg"
"""Holds and appointments: keep a time, confirm it, then read, cancel or move it."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from balie.api.fields import checked_later_char_field, id_field, visit_items_field
from balie.api.idempotency import run_idempotently
from balie.api.schema import OPTIONAL_STAFF_AUTH, api_schema
from balie.api.selectors import (
    attach_legs,
    get_appointment_by_reference,
    get_location,
    get_reservation_with_legs,
)
from balie.api.views import get_actor, get_municipality_or_404
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Channel, Reservation
from balie.booking.selectors import get_visit_products
from balie.booking.services import (
    CitizenDetails,
    book_visit,
    cancel_appointment,
    confirm_hold,
    hold_visit,
    reschedule_appointment,
    token_matches,
)
from balie.core.i18n import content_language
from balie.tenants.selectors import is_staff_member

# --- output -------------------------------------------------------------------------------


class CounterRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class VisitItemListSerializer(serializers.ListSerializer):
    def get_attribute(self, instance: Any) -> Any:
        # A visit's or a leg's products, through booking's one reader of them.
        return get_visit_products(of=instance)


class VisitItemOutputSerializer(serializers.Serializer):
    product = serializers.IntegerField(source="product_id")
    quantity = serializers.IntegerField()

    class Meta:
        list_serializer_class = VisitItemListSerializer


class LegOutputSerializer(serializers.Serializer):
    counter = CounterRefSerializer()
    products = VisitItemOutputSerializer(many=True, source="visit_items")
    start = serializers.DateTimeField(
        help_text="When this counter expects the visitor. Between the previous leg's end and "
        "this start the visitor walks and may wait (up to the municipality's "
        "max_wait_minutes beyond the walking time)."
    )
    end = serializers.DateTimeField()


class LocationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class CitizenOutputSerializer(serializers.Serializer):
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    email = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    sms_consent = serializers.BooleanField()
    national_number = serializers.CharField(
        source="masked_national_number",
        allow_blank=True,
        help_text="Only the last four digits; the full number is never returned.",
    )


class HoldOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    expires_at = serializers.DateTimeField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location = LocationRefSerializer()
    products = VisitItemOutputSerializer(many=True, source="visit_items")
    legs = LegOutputSerializer(many=True, source="legs.all")


class AppointmentOutputSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    municipality = serializers.SlugField(source="municipality.slug")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location = LocationRefSerializer()
    products = VisitItemOutputSerializer(many=True, source="visit_items")
    legs = LegOutputSerializer(many=True, source="legs.all")
    citizen = serializers.SerializerMethodField()
    language = serializers.CharField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(CitizenOutputSerializer)
    def get_citizen(self, reservation: Reservation) -> dict[str, Any]:
        return CitizenOutputSerializer(reservation).data


class CreatedAppointmentOutputSerializer(AppointmentOutputSerializer):
    manage_token = serializers.CharField(
        help_text="Send as 'Authorization: Token <manage_token>' to read, cancel or move "
        "the appointment. Returned only here; keep it."
    )


def _appointment_data(reservation: Reservation) -> dict[str, Any]:
    fresh = get_reservation_with_legs(
        municipality_id=reservation.municipality_id, pk=reservation.pk
    )
    return AppointmentOutputSerializer(fresh).data


def notify_citizen_field() -> serializers.BooleanField:
    return serializers.BooleanField(
        default=True,
        help_text="Balie e-mails the citizen about this change (confirmation, move, "
        "cancellation) in their language. Send false when your system informs them itself.",
    )


# --- holds and confirmation ---------------------------------------------------------------


class HoldCreateView(APIView):
    class InputSerializer(serializers.Serializer):
        location = id_field()
        products = visit_items_field()
        start = serializers.DateTimeField(
            help_text="A free start from list_available_times: from now (plus the lead time "
            "for citizens) to the municipality's horizon_days ahead; a time outside that "
            "window answers 400 out_of_range."
        )

    @api_schema(
        operation_id="create_hold",
        summary="Hold a time for a visit",
        request=InputSerializer,
        responses={201: HoldOutputSerializer},
        problem_statuses=(400, 404, 409, 429, 503),
        idempotent_post=True,
        tags=["booking"],
        auth=OPTIONAL_STAFF_AUTH,
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        actor = get_actor(request, municipality)

        def hold() -> Response:
            location = get_location(municipality=municipality, reference=data["location"])
            if location is None:
                raise BookingError(BookingErrorCode.UNKNOWN_LOCATION)
            reservation = hold_visit(
                municipality=municipality,
                location=location,
                items=[(item["product"], item["quantity"]) for item in data["products"]],
                start=data["start"],
                actor=actor,
                channel=Channel.API,
            )
            body = HoldOutputSerializer(attach_legs(reservation=reservation)).data
            return Response(body, status=status.HTTP_201_CREATED)

        return run_idempotently(
            request, municipality=municipality, scope_name="hold_create", operation=hold
        )


# Blank values pass the serializer on purpose: the booking service checks the details and
# answers every field's problem at once, in the same words as the portal. The schema
# states those rules.
_NAME = {"minLength": 1, "pattern": r"\S"}
# A content language as the booking services accept it; the region part is ignored.
LANGUAGE_PATTERN = r"^([nN][lL]|[fF][rR]|[eE][nN]|[dD][eE])(-[A-Za-z0-9]{1,8})*$"


class CitizenInputSerializer(serializers.Serializer):
    given_name = checked_later_char_field(schema=_NAME, max_length=100)
    family_name = checked_later_char_field(schema=_NAME, max_length=100)
    email = serializers.CharField(
        max_length=254,
        allow_blank=True,
        default="",
        help_text="Required unless a staff member books; a valid address.",
    )
    phone = serializers.CharField(
        max_length=30,
        allow_blank=True,
        default="",
        help_text="Mobile number, E.164 or Belgian national format (0470 12 34 56).",
    )
    national_number = checked_later_char_field(
        schema={"pattern": r"^[0-9 .-]*$"},
        max_length=20,
        default="",
        help_text="11 digits with a valid check number; dots, dashes and spaces are ignored. "
        "Always checked when sent; kept only where the municipality requires it.",
    )
    sms_consent = serializers.BooleanField(
        default=False,
        help_text="The citizen explicitly agreed to text message reminders; needs a mobile "
        "phone. Without it no text message is sent.",
    )


def citizen_language_field() -> serializers.CharField:
    """The language the citizen is written to in, the same for confirming and booking."""
    return checked_later_char_field(
        schema={"pattern": LANGUAGE_PATTERN},
        max_length=10,
        required=False,
        help_text="nl, fr, en or de, optionally with a region (nl-BE); default: the "
        "request's language.",
    )


class AppointmentCreateView(APIView):
    class InputSerializer(serializers.Serializer):
        hold = serializers.UUIDField()
        citizen = CitizenInputSerializer()
        language = citizen_language_field()
        notify_citizen = notify_citizen_field()

    @api_schema(
        operation_id="create_appointment",
        summary="Confirm a hold as an appointment",
        request=InputSerializer,
        responses={201: CreatedAppointmentOutputSerializer},
        problem_statuses=(400, 404, 409, 503),
        idempotent_post=True,
        tags=["booking"],
        auth=OPTIONAL_STAFF_AUTH,
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        municipality = get_municipality_or_404(municipality_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        details = _citizen_details(data)
        actor = get_actor(request, municipality)

        def confirm() -> Response:
            try:
                reservation, token = confirm_hold(
                    municipality=municipality,
                    hold_id=data["hold"],
                    details=details,
                    actor=actor,
                    notify_citizen=data["notify_citizen"],
                )
            except BookingError as error:
                raise _with_citizen_field_names(error) from error
            return _created(reservation, token)

        return run_idempotently(
            request, municipality=municipality, scope_name="appointment_create", operation=confirm
        )


def _created(reservation: Reservation, token: str) -> Response:
    data = AppointmentOutputSerializer(attach_legs(reservation=reservation)).data
    return Response({**data, "manage_token": token}, status=status.HTTP_201_CREATED)


def _citizen_details(data: dict[str, Any]) -> CitizenDetails:
    citizen = data["citizen"]
    return CitizenDetails(
        given_name=citizen["given_name"],
        family_name=citizen["family_name"],
        email=citizen["email"],
        phone=citizen["phone"],
        national_number=citizen["national_number"],
        language=data.get("language") or content_language(),
        sms_consent=citizen["sms_consent"],
    )


class BookingCreateView(APIView):
    """Hold and confirm in one request, for clients that know the time and the citizen."""

    class InputSerializer(serializers.Serializer):
        location = id_field()
        products = visit_items_field()
        start = serializers.DateTimeField()
        citizen = CitizenInputSerializer()
        language = citizen_language_field()
        notify_citizen = notify_citizen_field()

    @api_schema(
        operation_id="book_visit",
        summary="Book a visit in one request (hold and confirm)",
        request=InputSerializer,
        responses={201: CreatedAppointmentOutputSerializer},
        problem_statuses=(400, 404, 409, 429, 503),
        idempotent_post=True,
        tags=["booking"],
        auth=OPTIONAL_STAFF_AUTH,
    )
    def post(self, request: Request, municipality_slug: str) -> Response:
        """Creating a hold and confirming it at once: the same checks, limits and e-mails,
        in one transaction. Either the appointment is booked (201, with its manage token)
        or nothing is kept; a taken time answers 409 with the nearest free alternatives,
        as a hold does."""
        municipality = get_municipality_or_404(municipality_slug)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        details = _citizen_details(data)
        actor = get_actor(request, municipality)

        def book() -> Response:
            location = get_location(municipality=municipality, reference=data["location"])
            if location is None:
                raise BookingError(BookingErrorCode.UNKNOWN_LOCATION)
            try:
                reservation, token = book_visit(
                    municipality=municipality,
                    location=location,
                    items=[(item["product"], item["quantity"]) for item in data["products"]],
                    start=data["start"],
                    details=details,
                    actor=actor,
                    channel=Channel.API,
                    notify_citizen=data["notify_citizen"],
                )
            except BookingError as error:
                raise _with_citizen_field_names(error) from error
            return _created(reservation, token)

        return run_idempotently(
            request, municipality=municipality, scope_name="booking_create", operation=book
        )


def _with_citizen_field_names(error: BookingError) -> BookingError:
    """Name the service's field errors after the request body: citizen.email, language."""
    if not error.field_errors:
        return error
    renamed = {
        (field if field == "language" else f"citizen.{field}"): messages
        for field, messages in error.field_errors.items()
    }
    return BookingError(
        error.code, detail=error.detail, alternatives=error.alternatives, field_errors=renamed
    )


# --- managing an appointment --------------------------------------------------------------

REFERENCE_PARAMETER = OpenApiParameter(
    name="reference",
    type={"type": "string", "pattern": "^BAL-[A-Z0-9]{4}-[A-Z0-9]{2}$"},
    location=OpenApiParameter.PATH,
    description="The appointment reference, e.g. BAL-7KQ2-XM.",
)
MANAGE_AUTH: list[dict[str, list[str]]] = [{"manageToken": []}, {"staffSession": []}]


def get_authorised_appointment(request: Request, reference: str) -> Reservation:
    """The appointment if the caller holds its token or works for its municipality.

    Every failure is the same 404, so that nobody learns which references exist.
    """
    reservation = get_appointment_by_reference(reference=reference)
    if reservation is not None:
        token = request.auth if isinstance(request.auth, str) else ""
        if token and token_matches(reservation=reservation, token=token):
            return reservation
        if is_staff_member(user=request.user, municipality=reservation.municipality):
            return reservation
    raise BookingError(BookingErrorCode.NOT_FOUND)


class AppointmentDetailView(APIView):
    @api_schema(
        operation_id="get_appointment",
        summary="Get an appointment",
        parameters=[REFERENCE_PARAMETER],
        responses={200: AppointmentOutputSerializer},
        problem_statuses=(404,),
        tags=["booking"],
        auth=MANAGE_AUTH,
    )
    def get(self, request: Request, reference: str) -> Response:
        reservation = get_authorised_appointment(request, reference)
        return Response(AppointmentOutputSerializer(reservation).data)


def _proven_token(request: Request, reservation: Reservation) -> str:
    """The manage token the caller sent, when it is this appointment's: the message's link."""
    token = request.auth if isinstance(request.auth, str) else ""
    return token if token and token_matches(reservation=reservation, token=token) else ""


class AppointmentCancelView(APIView):
    class InputSerializer(serializers.Serializer):
        notify_citizen = notify_citizen_field()

    @api_schema(
        operation_id="cancel_appointment",
        summary="Cancel an appointment",
        parameters=[REFERENCE_PARAMETER],
        request=InputSerializer,
        responses={200: AppointmentOutputSerializer},
        problem_statuses=(400, 404, 409, 503),
        idempotent_post=True,
        tags=["booking"],
        auth=MANAGE_AUTH,
    )
    def post(self, request: Request, reference: str) -> Response:
        reservation = get_authorised_appointment(request, reference)
        serializer = self.InputSerializer(data=request.data or {})
        serializer.is_valid(raise_exception=True)
        actor = get_actor(request, reservation.municipality)

        def cancel() -> Response:
            cancelled = cancel_appointment(
                reservation=reservation,
                actor=actor,
                notify_citizen=serializer.validated_data["notify_citizen"],
                manage_token=_proven_token(request, reservation),
            )
            return Response(_appointment_data(cancelled))

        return run_idempotently(
            request,
            municipality=reservation.municipality,
            scope_name=f"appointment_cancel:{reference}",
            operation=cancel,
        )


class AppointmentRescheduleView(APIView):
    class InputSerializer(serializers.Serializer):
        start = serializers.DateTimeField()
        notify_citizen = notify_citizen_field()

    @api_schema(
        operation_id="reschedule_appointment",
        summary="Move an appointment to another start time",
        parameters=[REFERENCE_PARAMETER],
        request=InputSerializer,
        responses={200: AppointmentOutputSerializer},
        problem_statuses=(400, 404, 409, 503),
        idempotent_post=True,
        tags=["booking"],
        auth=MANAGE_AUTH,
    )
    def post(self, request: Request, reference: str) -> Response:
        reservation = get_authorised_appointment(request, reference)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        start = serializer.validated_data["start"]
        municipality = reservation.municipality
        actor = get_actor(request, municipality)

        def reschedule() -> Response:
            moved = reschedule_appointment(
                reservation=reservation,
                start=start,
                actor=actor,
                notify_citizen=serializer.validated_data["notify_citizen"],
                manage_token=_proven_token(request, reservation),
            )
            return Response(_appointment_data(moved))

        return run_idempotently(
            request,
            municipality=municipality,
            scope_name=f"appointment_reschedule:{reference}",
            operation=reschedule,
        )
