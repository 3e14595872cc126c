# SPDX-License-Identifier: EUPL-1.2
"""Desk pages: they adapt requests to services and selectors, nothing more.

Every action is a plain form POST followed by a redirect, so the desk works without
JavaScript and a reload never repeats an action.
"""

import base64
import json
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_scopes import scopes_disabled

from balie.audit.services import AuditAction, record_event
from balie.audit.services import actor_from_request as audit_actor_from_request
from balie.booking.actors import Actor, ActorKind, actor_from_request
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Channel
from balie.booking.selectors import check_bookable_day, get_reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.catalog.models import Location, Product, Theme
from balie.catalog.selectors import list_location_products
from balie.core.errors import add_error_to_form
from balie.desk import selectors, services
from balie.desk.access import Desk, desk_view, is_otp_verified, signed_in_user
from balie.desk.exceptions import DeskError, DeskErrorCode
from balie.desk.forms import (
    BookSearchForm,
    CitizenForm,
    CounterChoiceForm,
    DeskSettingsForm,
    KioskForm,
    ReferenceForm,
    SecondFactorForm,
    TokenForm,
    WalkInForm,
)
from balie.desk.models import Arrival, ArrivalKind
from balie.notifications.selectors import list_reservation_messages
from balie.tenants.addressing import get_addressed_texts
from balie.tenants.models import Municipality, Role, StaffMembership
from balie.tenants.selectors import get_municipality

KIOSK_SALT = "balie.desk.kiosk"
# The day overview looks back and ahead this far; beyond it dates stop being arithmetic.
OVERVIEW_REACH = timedelta(days=3660)
# Without server-sent events the screen asks for the calls this often.
DISPLAY_REFRESH_SECONDS = 5
# How often a server-sent events stream looks for new calls, and the reconnect delay.
DISPLAY_CHECK_SECONDS = 2
DISPLAY_RETRY_MS = 1000


def _staff(request: HttpRequest) -> Actor:
    return actor_from_request(request, kind=ActorKind.STAFF)


def _home(desk: Desk) -> HttpResponse:
    return redirect("desk:home", municipality_slug=desk.municipality.slug)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _qr_svg(data: str) -> str:
    # segno escapes nothing it does not generate itself: the SVG holds only the QR path.
    return mark_safe(segno.make(data, error="m").svg_inline(scale=5, dark="#000", light="#fff"))  # noqa: S308


def _throttle_message(request: HttpRequest, *, confirmed: bool) -> str:
    """Why a code was not even checked: the device still refuses codes after a failure."""
    wait = selectors.get_second_factor_wait(user=signed_in_user(request), confirmed=confirmed)
    if not wait:
        return ""
    return ngettext(
        "Too many codes in a row. Wait %(seconds)s second, then enter the code your app "
        "shows at that moment.",
        "Too many codes in a row. Wait %(seconds)s seconds, then enter the code your app "
        "shows at that moment.",
        wait,
    ) % {"seconds": wait}


# --- accounts -----------------------------------------------------------------------------


class DeskLoginView(LoginView):
    template_name = "desk/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The Flemish government login (ACM/IDM), offered once a provider is configured.
        context["acm_login"] = bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_CLIENT_ID)
        return context


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """After login: straight to the desk of the only municipality, or a choice."""
    with scopes_disabled():
        memberships = list(
            StaffMembership.objects.filter(user_id=signed_in_user(request).pk).select_related(
                "municipality"
            )
        )
    if len(memberships) == 1:
        only = memberships[0]
        # A municipal admin starts at the day overview, without having to take a counter.
        target = "desk:overview" if only.role == Role.ADMIN else "desk:home"
        return redirect(target, municipality_slug=only.municipality.slug)
    return render(request, "desk/start.html", {"memberships": memberships})


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code of a new authenticator and confirm it with a first code.

    Only for users without a confirmed device: anyone else verifies instead, so a stolen
    password cannot enrol a second authenticator.
    """
    next_url = _safe_next(request, reverse("desk:start"))
    if is_otp_verified(request):
        return redirect(next_url)
    verify_url = f"{reverse('desk:otp-verify')}?{urlencode({'next': next_url})}"
    form = TokenForm(request.POST or None)
    throttled = _throttle_message(request, confirmed=False) if request.method == "POST" else ""
    if throttled:
        form.is_valid()
        form.add_error("token", throttled)
    elif request.method == "POST" and form.is_valid():
        confirmed = services.confirm_totp_device(
            user=signed_in_user(request),
            token=form.cleaned_data["token"],
            actor=audit_actor_from_request(request),
        )
        if confirmed is not None:
            device, codes = confirmed
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on."))
            return render(
                request, "desk/otp_recovery_codes.html", {"codes": codes, "next": next_url}
            )
        form.add_error("token", _("This code is not correct. Check the time on your phone."))
    device = services.start_totp_setup(user=signed_in_user(request))
    if device is None:
        return redirect(verify_url)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "desk/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": next_url,
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, reverse("desk:start"))
    if is_otp_verified(request):
        return redirect(next_url)
    form = SecondFactorForm(request.POST or None)
    throttled = _throttle_message(request, confirmed=True) if request.method == "POST" else ""
    if throttled:
        form.is_valid()
        form.add_error("token", throttled)
    elif request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(
            user=signed_in_user(request), token=form.cleaned_data["token"]
        )
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", _("This code is not correct or has expired."))
    return render(request, "desk/otp_verify.html", {"form": form, "next": next_url})


# --- shift --------------------------------------------------------------------------------


@desk_view()
def shift(request: HttpRequest, desk: Desk) -> HttpResponse:
    choices = selectors.list_counter_choices(municipality=desk.municipality)
    allowed = selectors.list_servable_counter_ids(
        municipality=desk.municipality, user_id=signed_in_user(request).pk
    )
    labels = []
    for choice in choices:
        if allowed is not None and choice.counter.pk not in allowed:
            continue
        label = f"{choice.counter.location.name} – {choice.counter.name}"
        if choice.taken_by:
            label += " " + _("(now: %(name)s)") % {"name": choice.taken_by}
        labels.append((choice.counter.pk, label))
    form = CounterChoiceForm(request.POST or None, counters=labels)
    if request.method == "POST" and form.is_valid():
        counter = selectors.get_counter(
            municipality=desk.municipality, counter_id=form.cleaned_data["counter"]
        )
        if counter is None:
            raise Http404
        try:
            services.start_shift(
                municipality=desk.municipality, user=signed_in_user(request), counter=counter
            )
        except DeskError as error:
            form.add_error("counter", error.detail)
        else:
            return _home(desk)
    current = selectors.get_open_shift(
        municipality=desk.municipality, user=signed_in_user(request)
    )
    return render(request, "desk/shift.html", {"desk": desk, "form": form, "current": current})


@require_POST
@desk_view()
def end_shift(request: HttpRequest, desk: Desk) -> HttpResponse:
    services.end_shift(municipality=desk.municipality, user=signed_in_user(request))
    messages.info(request, _("Your shift has ended."))
    return redirect("desk:shift", municipality_slug=desk.municipality.slug)


# --- today at my counter ------------------------------------------------------------------


@desk_view()
def home(request: HttpRequest, desk: Desk) -> HttpResponse:
    open_shift = selectors.get_open_shift(
        municipality=desk.municipality, user=signed_in_user(request)
    )
    if open_shift is None:
        return redirect("desk:shift", municipality_slug=desk.municipality.slug)
    counter = open_shift.counter
    now = timezone.now()
    current = selectors.get_current_entry(municipality=desk.municipality, counter=counter)
    return render(
        request,
        "desk/home.html",
        {
            "desk": desk,
            "counter": counter,
            "current": (
                selectors.describe_entry(municipality=desk.municipality, entry=current)
                if current
                else None
            ),
            "queue": selectors.list_counter_queue(
                municipality=desk.municipality, counter=counter, now=now
            ),
            "agenda": selectors.list_counter_agenda(
                municipality=desk.municipality,
                counter=counter,
                day=selectors.local_today(municipality=desk.municipality, now=now),
            ),
            "reference_form": ReferenceForm(),
            "now": now,
        },
    )


def _my_counter(request: HttpRequest, desk: Desk):  # type: ignore[no-untyped-def]
    open_shift = selectors.get_open_shift(
        municipality=desk.municipality, user=signed_in_user(request)
    )
    if open_shift is None:
        raise Http404
    return open_shift.counter


@require_POST
@desk_view()
def call_next(request: HttpRequest, desk: Desk) -> HttpResponse:
    counter = _my_counter(request, desk)
    try:
        entry = services.call_next_visitor(
            municipality=desk.municipality,
            counter=counter,
            user=signed_in_user(request),
            actor=_staff(request),
        )
    except DeskError as error:
        messages.error(request, error.detail)
        return _home(desk)
    if entry is None:
        messages.info(request, _("Nobody is waiting for this counter."))
    else:
        messages.success(request, _("%(code)s has been called.") % {"code": entry.arrival.code})
    return _home(desk)


ENTRY_ACTIONS = {
    "recall": services.recall_visitor,
    "serve": services.start_serving,
    "done": services.complete_leg,
    "no-show": services.mark_no_show,
}


@require_POST
@desk_view()
def entry_action(request: HttpRequest, desk: Desk, entry_id: int, action: str) -> HttpResponse:
    counter = _my_counter(request, desk)
    service = ENTRY_ACTIONS.get(action)
    if service is None:
        raise Http404
    try:
        service(
            municipality=desk.municipality,
            counter=counter,
            entry_id=entry_id,
            actor=_staff(request),
        )
    except DeskError as error:
        messages.error(request, error.detail)
    return _home(desk)


# --- check-in -----------------------------------------------------------------------------


@desk_view()
def check_in(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Check in by reference (typed or scanned), or from a row of today's list."""
    form = ReferenceForm(request.POST or None)
    if request.method == "POST":
        reservation = None
        public_id = request.POST.get("reservation", "")
        if public_id:
            reservation = _reservation_or_404(desk, public_id)
            priority = request.POST.get("priority") == "on"
        elif form.is_valid():
            reservation = selectors.find_reservation_by_reference(
                municipality=desk.municipality, text=form.cleaned_data["reference"]
            )
            priority = form.cleaned_data["priority"]
            if reservation is None:
                form.add_error("reference", _("We could not find this appointment."))
        if reservation is not None:
            # Staff opened this citizen's appointment: the audit trail records who and when.
            record_event(
                action=AuditAction.APPOINTMENT_VIEWED,
                actor=audit_actor_from_request(request),
                municipality_id=desk.municipality.pk,
                target_type="reservation",
                target_id=str(reservation.public_id),
            )
            try:
                arrival = services.check_in_visit(
                    municipality=desk.municipality,
                    reservation=reservation,
                    user=signed_in_user(request),
                    actor=_staff(request),
                    priority=priority,
                )
            except DeskError as error:
                if public_id:
                    # Checked in from a row of today's list: the answer goes back there.
                    messages.error(request, error.detail)
                    return _home(desk)
                add_error_to_form(form, error)
            else:
                # The clerk stays at the desk; the number is for the visitor to look out for.
                messages.success(
                    request,
                    _("%(name)s is checked in with number %(code)s.")
                    % {"name": reservation.given_name, "code": arrival.code},
                )
                return _home(desk)
    return render(request, "desk/check_in.html", {"desk": desk, "form": form})


def _reservation_or_404(desk: Desk, public_id: str):  # type: ignore[no-untyped-def]
    try:
        UUID(public_id)
    except ValueError:
        raise Http404 from None
    reservation = get_reservation(municipality=desk.municipality, public_id=public_id)
    if reservation is None:
        raise Http404
    return reservation


@require_POST
@desk_view()
def appointment_no_show(request: HttpRequest, desk: Desk) -> HttpResponse:
    reservation = _reservation_or_404(desk, request.POST.get("reservation", ""))
    try:
        services.mark_appointment_no_show(
            municipality=desk.municipality,
            reservation=reservation,
            user=signed_in_user(request),
            actor=_staff(request),
        )
    except DeskError as error:
        messages.error(request, error.detail)
    return _home(desk)


@desk_view()
def arrival(request: HttpRequest, desk: Desk, arrival_id: int) -> HttpResponse:
    """The number to tell (or print for) the visitor, with the expected wait for walk-ins."""
    found = selectors.get_arrival(municipality=desk.municipality, arrival_id=arrival_id)
    if found is None:
        raise Http404
    wait = None
    if found.kind == ArrivalKind.WALK_IN and found.product is not None:
        wait = selectors.estimate_wait_minutes(
            municipality=desk.municipality,
            location=found.location,
            product=found.product,
            now=timezone.now(),
        )
    return render(request, "desk/arrival.html", {"desk": desk, "arrival": found, "wait": wait})


# --- walk-ins -----------------------------------------------------------------------------


@desk_view()
def walk_in(request: HttpRequest, desk: Desk) -> HttpResponse:
    counter = _my_counter(request, desk)
    location = counter.location
    products = list_location_products(municipality=desk.municipality, location=location)
    form = WalkInForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        product = next(p for p in products if p.pk == form.cleaned_data["product"])
        try:
            ticket = services.create_walk_in_ticket(
                municipality=desk.municipality,
                location=location,
                product=product,
                user=signed_in_user(request),
                actor=_staff(request),
                priority=form.cleaned_data["priority"],
            )
        except DeskError as error:
            form.add_error(None, error.detail)
        else:
            return redirect(
                "desk:arrival", municipality_slug=desk.municipality.slug, arrival_id=ticket.pk
            )
    return render(request, "desk/walk_in.html", {"desk": desk, "form": form, "location": location})


# --- book for a citizen -------------------------------------------------------------------


@desk_view()
def book(request: HttpRequest, desk: Desk) -> HttpResponse:
    """Find times (staff-only capacity included) and hold the chosen one."""
    locations = selectors.list_locations(municipality=desk.municipality)
    products = selectors.list_bookable_by_staff(municipality=desk.municipality)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = BookSearchForm(data, locations=locations, products=products)
    starts: list[datetime] = []
    status = 200
    if data is not None and form.is_valid():
        location = next(loc for loc in locations if loc.pk == form.cleaned_data["location"])
        items = form.items()
        if request.method == "POST" and request.POST.get("start"):
            try:
                start = datetime.fromisoformat(request.POST["start"])
                if start.tzinfo is None:
                    raise ValueError
            except ValueError:
                raise Http404 from None
            try:
                hold = hold_visit(
                    municipality=desk.municipality,
                    location=location,
                    items=items,
                    start=start,
                    actor=_staff(request),
                    channel=Channel.PHONE
                    if form.cleaned_data["channel"] == "phone"
                    else Channel.DESK,
                )
            except BookingError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                return redirect(
                    "desk:book-details",
                    municipality_slug=desk.municipality.slug,
                    hold_id=hold.public_id,
                )
        try:
            check_bookable_day(
                municipality=desk.municipality, day=form.cleaned_data["day"], now=timezone.now()
            )
        except BookingError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            starts = selectors.list_staff_starts(
                municipality=desk.municipality,
                location=location,
                items=items,
                day=form.cleaned_data["day"],
                now=timezone.now(),
            )
    return render(
        request,
        "desk/book.html",
        {"desk": desk, "form": form, "starts": starts, "searched": data is not None},
        status=status,
    )


@desk_view()
def book_details(request: HttpRequest, desk: Desk, hold_id: UUID) -> HttpResponse:
    hold = get_reservation(municipality=desk.municipality, public_id=hold_id)
    if hold is None:
        raise Http404
    form = CitizenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            reservation, _token = confirm_hold(
                municipality=desk.municipality,
                hold_id=hold_id,
                details=CitizenDetails(**form.cleaned_data),
                actor=_staff(request),
            )
        except BookingError as error:
            if error.code == BookingErrorCode.ALREADY_CONFIRMED:
                # The form was sent twice (a double click, a retry): show what was booked.
                return redirect(
                    "desk:book-confirmation",
                    municipality_slug=desk.municipality.slug,
                    public_id=hold.public_id,
                )
            add_error_to_form(form, error)
            status = error.status
        else:
            return redirect(
                "desk:book-confirmation",
                municipality_slug=desk.municipality.slug,
                public_id=reservation.public_id,
            )
    return render(
        request,
        "desk/book_details.html",
        {"desk": desk, "form": form, "hold": hold},
        status=status,
    )


@desk_view()
def book_confirmation(request: HttpRequest, desk: Desk, public_id: UUID) -> HttpResponse:
    """A printable confirmation, for a citizen who gave no e-mail address."""
    confirmation = selectors.get_confirmation(
        municipality=desk.municipality, public_id=str(public_id)
    )
    if confirmation is None:
        raise Http404
    reservation = confirmation["reservation"]
    reference = reservation.reference  # type: ignore[attr-defined]
    return render(
        request,
        "desk/book_confirmation.html",
        {
            "desk": desk,
            **confirmation,
            "deliveries": list_reservation_messages(
                reservation=reservation  # type: ignore[arg-type]
            ),
            "qr": _qr_svg(reference),
            "texts": get_addressed_texts(formal=desk.municipality.formal_address),
        },
    )


# --- municipal admin ----------------------------------------------------------------------


@desk_view(admin_only=True)
def overview(request: HttpRequest, desk: Desk) -> HttpResponse:
    now = timezone.now()
    today = selectors.local_today(municipality=desk.municipality, now=now)
    day, status = today, 200
    if request.GET.get("day"):
        try:
            day = date.fromisoformat(request.GET["day"])
        except ValueError:
            messages.error(request, _("Enter the day as YYYY-MM-DD."))
            status = 400
    first, last = today - OVERVIEW_REACH, today + OVERVIEW_REACH
    if not first <= day <= last:
        messages.error(
            request, _("Choose a day from %(first)s to %(last)s.") % {"first": first, "last": last}
        )
        day, status = today, 400
    return render(
        request,
        "desk/overview.html",
        {
            "desk": desk,
            "day": day,
            "locations": selectors.get_day_overview(
                municipality=desk.municipality, day=day, now=now
            ),
        },
        status=status,
    )


@desk_view(admin_only=True)
def desk_settings(request: HttpRequest, desk: Desk) -> HttpResponse:
    current = selectors.get_desk_settings(municipality=desk.municipality)
    form = DeskSettingsForm(
        request.POST or None,
        initial={
            "early_call_minutes": current.early_call_minutes,
            "late_tolerance_minutes": current.late_tolerance_minutes,
            "appointments_first": current.appointments_first,
            "display_items": current.display_items,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.update_desk_settings(municipality=desk.municipality, **form.cleaned_data)
        messages.success(request, _("The settings have been saved."))
        return redirect("desk:settings", municipality_slug=desk.municipality.slug)
    return render(request, "desk/settings.html", {"desk": desk, "form": form})


# --- public: call display and kiosk -------------------------------------------------------


def _public_location(municipality_slug: str, location_slug: str):  # type: ignore[no-untyped-def]
    municipality = get_municipality(slug=municipality_slug)
    if municipality is None:
        raise Http404
    location = selectors.get_location(municipality=municipality, slug=location_slug)
    if location is None:
        raise Http404
    return municipality, location


def _display_calls(municipality: Municipality, location: Location) -> list[selectors.DisplayCall]:
    limit = selectors.get_desk_settings(municipality=municipality).display_items
    return selectors.list_display_calls(
        municipality=municipality, location=location, now=timezone.now(), limit=limit
    )


def _calls_payload(calls: list[selectors.DisplayCall]) -> list[dict[str, str]]:
    """What the screen may show: short numbers and counters, never a name or a reference."""
    return [
        {"code": call.code, "counter": call.counter, "called_at": call.called_at.isoformat()}
        for call in calls
    ]


@require_GET
def display(request: HttpRequest, municipality_slug: str, location: str) -> HttpResponse:
    """The waiting-room screen: the current call large, the recent ones beside it.

    The page follows new calls through server-sent events (``display_events``), or polls
    ``display_calls`` in a browser without them; without JavaScript it reloads itself.
    """
    municipality, found = _public_location(municipality_slug, location)
    with timezone.override(ZoneInfo(municipality.timezone)):
        return render(
            request,
            "desk/display.html",
            {
                "municipality": municipality,
                "location": found,
                "calls": _display_calls(municipality, found),
                "now": timezone.localtime(),
                "refresh_seconds": DISPLAY_REFRESH_SECONDS,
                "chime": request.GET.get("chime") == "1",
                "texts": get_addressed_texts(formal=municipality.formal_address),
            },
        )


@require_GET
def display_calls(request: HttpRequest, municipality_slug: str, location: str) -> JsonResponse:
    municipality, found = _public_location(municipality_slug, location)
    response = JsonResponse({"calls": _calls_payload(_display_calls(municipality, found))})
    response["Cache-Control"] = "no-store"
    return response


def _display_stream(municipality: Municipality, location: Location) -> Iterator[str]:
    """Server-sent events: the calls now, then again whenever they change.

    A stream lasts DISPLAY_STREAM_SECONDS and then ends; the browser reconnects by itself
    (``retry``), so a worker is never held for good and a restarted server is picked up.
    A comment line every check notices a screen that went away.
    """
    yield f"retry: {DISPLAY_RETRY_MS}\n\n"
    last = None
    deadline = time.monotonic() + settings.BALIE_DISPLAY_STREAM_SECONDS
    while True:
        payload = json.dumps(_calls_payload(_display_calls(municipality, location)))
        if payload != last:
            last = payload
            yield f"event: calls\ndata: {payload}\n\n"
        else:
            yield ": still here\n\n"
        if time.monotonic() >= deadline:
            return
        time.sleep(DISPLAY_CHECK_SECONDS)


@require_GET
def display_events(
    request: HttpRequest, municipality_slug: str, location: str
) -> StreamingHttpResponse:
    municipality, found = _public_location(municipality_slug, location)
    response = StreamingHttpResponse(
        _display_stream(municipality, found), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-store"
    # Proxies such as nginx must pass each event on at once, not buffer the stream.
    response["X-Accel-Buffering"] = "no"
    return response


def _products_by_theme(products: list[Product]) -> list[tuple[str, list[Product]]]:
    """The kiosk's products under their themes, both in alphabetical order."""
    themes: dict[str, list[Product]] = {}
    for product in products:
        label = str(Theme(product.theme).label) if product.theme in Theme.values else ""
        themes.setdefault(label, []).append(product)
    return [
        (label, sorted(items, key=lambda product: product.display_title.lower()))
        for label, items in sorted(themes.items(), key=lambda pair: (not pair[0], pair[0].lower()))
    ]


def _kiosk_check_in(
    request: HttpRequest, municipality: Municipality, location: Location
) -> Arrival | tuple[str, int]:
    """Check in by the reference typed (or typed by a USB scanner); else a text and status."""
    texts = get_addressed_texts(formal=municipality.formal_address)
    try:
        return services.check_in_at_kiosk(
            municipality=municipality,
            location=location,
            text=request.POST.get("reference", "")[:200],
            actor=actor_from_request(request, kind=ActorKind.CITIZEN),
        )
    except DeskError as error:
        if error.code in (
            DeskErrorCode.NOT_FOUND,
            DeskErrorCode.NOT_TODAY,
            DeskErrorCode.NOT_CONFIRMED,
        ):
            return str(texts["kiosk_not_found"]), 400
        return error.detail, error.status


def kiosk(request: HttpRequest, municipality_slug: str, location: str) -> HttpResponse:
    """A ticket machine in the waiting room: check in with a reference, or take a number.

    The new ticket comes back through a redirect with a signed id, so reloading the page
    never prints a second ticket and nobody can look at other tickets by guessing ids.
    """
    municipality, found = _public_location(municipality_slug, location)
    products = list_location_products(municipality=municipality, location=found)
    form = KioskForm(request.POST if "product" in request.POST else None, products=products)
    check_in_error = ""
    status = 200
    arrival: Arrival | None = None
    if request.method == "POST" and "reference" in request.POST:
        outcome = _kiosk_check_in(request, municipality, found)
        if isinstance(outcome, tuple):
            check_in_error, status = outcome
        else:
            arrival = outcome
    elif request.method == "POST" and form.is_valid():
        product = next(p for p in products if p.pk == form.cleaned_data["product"])
        try:
            arrival = services.create_walk_in_ticket(
                municipality=municipality,
                location=found,
                product=product,
                actor=actor_from_request(request, kind=ActorKind.CITIZEN),
            )
        except DeskError as error:
            add_error_to_form(form, error)
            status = error.status
    elif request.method == "POST":
        status = 400
    if arrival is not None:
        target = reverse(
            "desk:kiosk", kwargs={"municipality_slug": municipality.slug, "location": location}
        )
        return redirect(f"{target}?ticket={signing.dumps(arrival.pk, salt=KIOSK_SALT)}")
    ticket, wait = None, None
    if request.GET.get("ticket"):
        try:
            ticket_id = signing.loads(request.GET["ticket"], salt=KIOSK_SALT, max_age=3600)
        except signing.BadSignature:
            raise Http404 from None
        ticket = selectors.get_arrival(municipality=municipality, arrival_id=ticket_id)
        if ticket is None:
            raise Http404
        if ticket.product is not None:
            wait = selectors.estimate_wait_minutes(
                municipality=municipality,
                location=found,
                product=ticket.product,
                now=timezone.now(),
            )
    return render(
        request,
        "desk/kiosk.html",
        {
            "municipality": municipality,
            "location": found,
            "form": form,
            "themes": _products_by_theme(products),
            "check_in_error": check_in_error,
            "reference": request.POST.get("reference", "")[:30] if check_in_error else "",
            "ticket": ticket,
            "wait": wait,
            "texts": get_addressed_texts(formal=municipality.formal_address),
        },
        status=status,
    )
