# SPDX-License-Identifier: EUPL-1.2
"""Public pages; they only adapt selectors and services to templates.

Every step is a plain GET page or a POST that redirects (POST-redirect-GET), so the flow
works without JavaScript, survives reloads and the back button, and never resubmits.
"""

import hmac
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import wraps
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from balie.booking.actors import Actor, ActorKind, actor_from_request
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.models import Reservation, ReservationStatus
from balie.booking.selectors import (
    check_visit_change,
    get_appointment,
    get_reservation,
    is_changeable,
    list_visit_pairs,
)
from balie.booking.services import (
    MAX_VISIT_PRODUCTS,
    CitizenDetails,
    cancel_appointment,
    check_citizen_details,
    confirm_hold,
    hash_token,
    hold_visit,
    release_hold,
    reschedule_appointment,
    switch_off_reminders,
    token_matches,
)
from balie.catalog.models import Theme
from balie.catalog.selectors import list_bookable_products, list_locations
from balie.core.formats import format_clock
from balie.core.i18n import address_override, content_language
from balie.integrations.oidc.selectors import (
    citizen_owns_reservation,
    get_details_prefill,
)
from balie.integrations.oidc.services import link_appointment_for_user
from balie.integrations.oidc.sessions import mask_national_number
from balie.notifications.selectors import get_itinerary
from balie.portal.branding import Branding, build_branding, render_brand_css
from balie.portal.forms import DetailsForm, QuantityForm
from balie.portal.selectors import (
    MonthCalendar,
    estimate_visit_minutes,
    get_expected_minutes,
    get_first_free_day,
    get_location,
    get_month_calendar,
    get_products,
    list_free_starts,
    list_locations_for_visit,
    list_opening_hours_on,
    list_themes,
    normalise_text,
    search_products,
    total_cost_in_cents,
)
from balie.portal.visit import (
    VisitDraft,
    clear_draft,
    read_draft,
    recall_confirmed_hold,
    recall_token,
    remember_confirmed_hold,
    remember_token,
    write_draft,
)
from balie.tenants.addressing import get_address_context, get_addressed_texts
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_municipality, list_municipalities

MunicipalityView = Callable[..., HttpResponse]
# The reference booked a moment ago in this session: its page opens with the success panel.
_JUST_BOOKED_KEY = "portal:just-booked"


def _citizen(request: HttpRequest) -> Actor:
    return actor_from_request(request, kind=ActorKind.CITIZEN)


def landing(request: HttpRequest) -> HttpResponse:
    """Every municipality on Balie, found by (part of) its name."""
    query = request.GET.get("q", "").strip()[:100]
    wanted = normalise_text(query)
    municipalities = [
        (municipality, len(list_bookable_products(municipality=municipality)))
        for municipality in list_municipalities()
        if wanted in normalise_text(municipality.name)
    ]
    return render(
        request, "portal/landing.html", {"municipalities": municipalities, "query": query}
    )


def for_municipality(view: MunicipalityView) -> MunicipalityView:
    """Resolve the slug (404 if unknown) and show times in the municipality's time zone."""

    @wraps(view)
    def wrapper(request: HttpRequest, municipality_slug: str, **kwargs: Any) -> HttpResponse:
        municipality = get_municipality(slug=municipality_slug)
        if municipality is None:
            raise Http404
        with (
            timezone.override(ZoneInfo(municipality.timezone)),
            address_override(formal=municipality.formal_address),
        ):
            return view(request, municipality, **kwargs)

    return wrapper


def _branding(municipality: Municipality) -> Branding:
    return build_branding(
        name=municipality.name,
        logo_url=municipality.logo.url if municipality.logo else "",
        primary=municipality.primary_colour,
        accent=municipality.accent_colour,
    )


def _booking_steps() -> list[tuple[str, str]]:
    return [
        ("products", _("1. Products")),
        ("location", _("2. Location")),
        ("day", _("3. Day and time")),
        ("details", _("4. Details")),
        ("check", _("5. Check and confirm")),
    ]


def _page(
    request: HttpRequest,
    municipality: Municipality,
    template: str,
    context: dict[str, Any],
    *,
    step: str = "",
    status: int = 200,
) -> HttpResponse:
    """Render a citizen page; ``step`` (one of the booking steps) shows the steps bar."""
    steps = _booking_steps() if step else []
    step_index = next((i for i, (code, _label) in enumerate(steps) if code == step), 0)
    return render(
        request,
        template,
        {
            "municipality": municipality,
            "branding": _branding(municipality),
            "texts": get_addressed_texts(formal=municipality.formal_address),
            "address": get_address_context(formal=municipality.formal_address),
            "step": step,
            "steps": steps,
            "step_index": step_index,
            **context,
        },
        status=status,
    )


def _url(name: str, municipality: Municipality, *args: object, **query: str) -> str:
    url = reverse(f"portal:{name}", args=[municipality.slug, *args])
    return f"{url}?{urlencode(query)}" if query else url


def _problem(
    request: HttpRequest,
    municipality: Municipality,
    *,
    title: str,
    message: str,
    next_url: str,
    next_label: str,
    status: int,
) -> HttpResponse:
    return _page(
        request,
        municipality,
        "portal/problem.html",
        {"title": title, "message": message, "next_url": next_url, "next_label": next_label},
        status=status,
    )


@require_GET
@for_municipality
def brand_css(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """The municipality's colours as CSS custom properties: no inline style on any page."""
    response = HttpResponse(
        render_brand_css(_branding(municipality)), content_type="text/css; charset=utf-8"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


# --- 1. products --------------------------------------------------------------------------


@require_GET
@for_municipality
def municipality_home(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    bookable = list_bookable_products(municipality=municipality)
    if not bookable:
        return _page(
            request,
            municipality,
            "portal/nothing_bookable.html",
            {"locations": list_locations(municipality=municipality)},
        )
    query = request.GET.get("q", "").strip()[:100]
    theme = request.GET.get("theme", "")
    if query:
        shown = search_products(products=bookable, query=query)
    elif theme in Theme.values:
        shown = [product for product in bookable if product.theme == theme]
    else:
        shown = sorted(bookable, key=lambda product: product.display_title.lower())
    draft = read_draft(session=request.session, municipality=municipality)
    by_id = {product.pk: product for product in bookable}
    # A product that stopped being bookable silently leaves the visit.
    visit_items = [
        (by_id[product_id], quantity)
        for product_id, quantity in draft.items
        if product_id in by_id
    ]
    minutes = get_expected_minutes(
        municipality=municipality, product_ids=[product.pk for product in bookable]
    )
    locations = list_locations_for_visit(
        municipality=municipality, product_ids=[product.pk for product, _q in visit_items]
    )
    return _page(
        request,
        municipality,
        "portal/products.html",
        {
            "query": query,
            "theme": theme if theme in Theme.values else "",
            "theme_label": Theme(theme).label if theme in Theme.values else "",
            "themes": list_themes(products=bookable),
            "products": [
                {
                    "product": product,
                    "minutes": minutes.get(product.pk),
                    "in_visit": draft.quantity_of(product.pk),
                    "quantities": range(1, product.max_quantity + 1),
                }
                for product in shown
            ],
            "visit_items": [
                {
                    "product": product,
                    "quantity": quantity,
                    "quantities": range(1, product.max_quantity + 1),
                }
                for product, quantity in visit_items
            ],
            "visit_minutes": estimate_visit_minutes(municipality=municipality, items=draft.items),
            "visit_cost": total_cost_in_cents(products=visit_items),
            "next_is_location": len(locations) > 1,
            "visit_full": len(visit_items) >= MAX_VISIT_PRODUCTS,
            "max_products": MAX_VISIT_PRODUCTS,
            "cannot_combine": bool(visit_items) and not locations,
            "filtered": bool(query or theme in Theme.values),
            "return_to": request.get_full_path(),
        },
        step="products",
    )


def _return_to(request: HttpRequest, municipality: Municipality) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _url("products", municipality)


@require_http_methods(["GET", "POST"])
@for_municipality
def change_visit(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Add a product, change its quantity or (quantity 0) remove it."""
    if request.method != "POST":
        return redirect(_url("products", municipality))
    form = QuantityForm(request.POST)
    if request.POST.get("remove"):
        form = QuantityForm({"product": request.POST.get("product"), "quantity": 0})
    if not form.is_valid():
        messages.error(request, _("That did not work. Please try again."))
        return redirect(_return_to(request, municipality))
    product_id, quantity = form.cleaned_data["product"], form.cleaned_data["quantity"]
    draft = read_draft(session=request.session, municipality=municipality)
    try:
        items, product = check_visit_change(
            municipality=municipality, items=draft.items, product_id=product_id, quantity=quantity
        )
    except BookingError as error:
        messages.error(request, error.detail)
        return redirect(_return_to(request, municipality))
    texts = get_addressed_texts(formal=municipality.formal_address)
    # A different visit needs a fresh choice of location and time.
    write_draft(session=request.session, municipality=municipality, draft=VisitDraft(items=items))
    if quantity == 0:
        messages.success(
            request, str(texts["removed_from_visit"]) % {"product": product.display_title}
        )
    else:
        messages.success(
            request,
            str(texts["visit_now_has"]) % {"quantity": quantity, "product": product.display_title},
        )
    return redirect(_return_to(request, municipality))


def _visit_or_none(
    request: HttpRequest, municipality: Municipality
) -> tuple[VisitDraft, list[tuple[int, int]]] | None:
    draft = read_draft(session=request.session, municipality=municipality)
    return (draft, draft.items) if draft.items else None


def _back_to_products(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    texts = get_addressed_texts(formal=municipality.formal_address)
    messages.info(request, str(texts["first_choose"]))
    return redirect(_url("products", municipality))


# --- 2. location --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@for_municipality
def choose_location(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    found = _visit_or_none(request, municipality)
    if found is None:
        return _back_to_products(request, municipality)
    draft, items = found
    locations = list_locations_for_visit(
        municipality=municipality, product_ids=[product_id for product_id, _q in items]
    )
    if not locations:
        return redirect(_url("products", municipality))
    if request.method == "POST" or len(locations) == 1:
        chosen = (
            locations[0]
            if len(locations) == 1
            else next(
                (loc for loc in locations if str(loc.pk) == request.POST.get("location")), None
            )
        )
        if chosen is not None:
            draft.location_id = chosen.pk
            draft.hold_id = None
            write_draft(session=request.session, municipality=municipality, draft=draft)
            return redirect(_url("day", municipality))
        messages.error(request, _("Choose one of the locations."))
    now = timezone.now()
    today = timezone.localdate(now)
    hours = list_opening_hours_on(municipality=municipality, locations=locations, day=today)
    return _page(
        request,
        municipality,
        "portal/locations.html",
        {
            "locations": [
                {
                    "location": location,
                    "hours_today": hours.get(location.pk, []),
                    "first_free_day": get_first_free_day(
                        municipality=municipality, location=location, items=items, now=now
                    ),
                }
                for location in locations
            ],
            "chosen": draft.location_id,
        },
        step="location",
    )


def _draft_location(request: HttpRequest, municipality: Municipality):  # type: ignore[no-untyped-def]
    """The visit and its location, or None when a step is missing."""
    found = _visit_or_none(request, municipality)
    if found is None:
        return None
    draft, items = found
    if draft.location_id is None:
        return None
    location = get_location(municipality=municipality, location_id=draft.location_id)
    if location is None:
        return None
    return draft, items, location


# --- 3. day and time ----------------------------------------------------------------------


def _parse_month(value: str) -> date | None:
    try:
        return datetime.strptime(value, "%Y-%m").date()  # noqa: DTZ007 - a date, not a time
    except ValueError:
        return None


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _calendar_context(
    calendar: MonthCalendar, *, day_url: Callable[[date], str], month_url: Callable[[date], str]
) -> dict[str, Any]:
    weeks = [
        [
            None
            if cell is None
            else {
                "day": cell.day,
                "free": cell.free,
                "first_free": cell.first_free,
                "url": day_url(cell.day) if cell.free else "",
            }
            for cell in week
        ]
        for week in calendar.weeks
    ]
    return {
        "calendar": calendar,
        "weeks": weeks,
        "weekdays": [date(2024, 1, n) for n in range(1, 8)],  # a Monday-to-Sunday week
        "previous_url": month_url(calendar.previous_month) if calendar.previous_month else "",
        "next_url": month_url(calendar.next_month) if calendar.next_month else "",
        "first_free_url": day_url(calendar.first_free_day) if calendar.first_free_day else "",
    }


def _visit_summary(municipality: Municipality, items: Sequence[tuple[int, int]]) -> list[Any]:
    products = get_products(municipality=municipality, product_ids=[p for p, _q in items])
    return [(products[p], q) for p, q in items if p in products]


@require_GET
@for_municipality
def choose_day(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    found = _draft_location(request, municipality)
    if found is None:
        return redirect(_url("location", municipality))
    _draft, items, location = found
    month = _parse_month(request.GET.get("month", ""))
    calendar = get_month_calendar(
        municipality=municipality, location=location, items=items, month=month, now=timezone.now()
    )
    return _page(
        request,
        municipality,
        "portal/day.html",
        {
            "location": location,
            "visit": _visit_summary(municipality, items),
            # A link to a month outside the bookable window shows the nearest one, and says so.
            "month_outside": month is not None and month.replace(day=1) != calendar.month,
            "show_location_link": len(
                list_locations_for_visit(
                    municipality=municipality, product_ids=[p for p, _q in items]
                )
            )
            > 1,
            **_calendar_context(
                calendar,
                day_url=lambda day: _url("time", municipality, day.isoformat()),
                month_url=lambda month: _url("day", municipality, month=f"{month:%Y-%m}"),
            ),
        },
        step="day",
    )


@require_GET
@for_municipality
def choose_time(request: HttpRequest, municipality: Municipality, day: str) -> HttpResponse:
    found = _draft_location(request, municipality)
    if found is None:
        return redirect(_url("location", municipality))
    _draft, items, location = found
    chosen_day = _parse_day(day)
    starts = list_free_starts(
        municipality=municipality,
        location=location,
        items=items,
        day=chosen_day,
        now=timezone.now(),
    )
    return _page(
        request,
        municipality,
        "portal/time.html",
        {
            "location": location,
            "day": chosen_day,
            "starts": starts,
            "action_url": _url("hold", municipality),
            "calendar_url": _url("day", municipality, month=f"{chosen_day:%Y-%m}"),
        },
        step="day",
    )


def _parse_start(value: str) -> datetime | None:
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


def _slot_taken(
    request: HttpRequest,
    municipality: Municipality,
    error: BookingError,
    *,
    action_url: str,
    calendar_url: str,
    step: str = "day",
) -> HttpResponse:
    return _page(
        request,
        municipality,
        "portal/slot_taken.html",
        {
            "alternatives": error.alternatives,
            "action_url": action_url,
            "calendar_url": calendar_url,
        },
        step=step,
        status=409,
    )


# Refusals that leave the visit as it is: the citizen chooses another time or waits.
_TRY_AGAIN_CODES = (
    BookingErrorCode.OUT_OF_RANGE,
    BookingErrorCode.RATE_LIMITED,
    BookingErrorCode.BUSY,
)


def _try_again(
    request: HttpRequest, municipality: Municipality, error: BookingError, *, next_url: str
) -> HttpResponse:
    response = _problem(
        request,
        municipality,
        title=error.title,
        message=error.detail,
        next_url=next_url,
        next_label=_("Choose a time again"),
        status=error.status,
    )
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response


@require_http_methods(["GET", "POST"])
@for_municipality
def hold(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    if request.method != "POST":
        # A reload or a shared link of this step: back to choosing a time.
        return redirect(_url("day", municipality))
    found = _draft_location(request, municipality)
    if found is None:
        return redirect(_url("location", municipality))
    draft, items, location = found
    start = _parse_start(request.POST.get("start", ""))
    if start is None:
        messages.error(request, _("Choose one of the times."))
        return redirect(_url("day", municipality))
    try:
        reservation = hold_visit(
            municipality=municipality,
            location=location,
            items=items,
            start=start,
            actor=_citizen(request),
        )
    except BookingError as error:
        if error.code == BookingErrorCode.SLOT_UNAVAILABLE:
            return _slot_taken(
                request,
                municipality,
                error,
                action_url=_url("hold", municipality),
                calendar_url=_url("day", municipality),
            )
        if error.code in _TRY_AGAIN_CODES:
            return _try_again(request, municipality, error, next_url=_url("day", municipality))
        messages.error(request, error.detail)
        return redirect(_url("products", municipality))
    if draft.hold_id:
        # The citizen went back and chose another time: the first one is free again at once.
        release_hold(municipality=municipality, hold_id=draft.hold_id, actor=_citizen(request))
    draft.hold_id = str(reservation.public_id)
    write_draft(session=request.session, municipality=municipality, draft=draft)
    return redirect(_url("details", municipality))


# --- 4. details ---------------------------------------------------------------------------


def _hold_expired(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    texts = get_addressed_texts(formal=municipality.formal_address)
    return _problem(
        request,
        municipality,
        title=str(texts["time_expired"]),
        message=str(texts["hold_expired"]),
        next_url=_url("day", municipality),
        next_label=_("Choose a time again"),
        status=410,
    )


def _live_hold(
    request: HttpRequest, municipality: Municipality, *, allow_lapsed: bool = False
) -> tuple[VisitDraft, Reservation] | HttpResponse:
    """The draft and its hold, or where to go instead (the time step, or "expired")."""
    draft = read_draft(session=request.session, municipality=municipality)
    if not draft.hold_id:
        return redirect(_url("day", municipality))
    held = get_reservation(municipality=municipality, public_id=draft.hold_id)
    if held is not None and held.status == ReservationStatus.CONFIRMED:
        return _already_confirmed(request, municipality, held)
    lapsed = held is None or held.expires_at is None or held.expires_at <= timezone.now()
    # A hold that lapsed still leads on to "check your answers", and a POST goes to the
    # service: while its time is still free it is taken again, and the typed details stay.
    if (
        held is None
        or held.status not in (ReservationStatus.HELD, ReservationStatus.EXPIRED)
        or (lapsed and request.method != "POST" and not allow_lapsed)
    ):
        return _hold_expired(request, municipality)
    return draft, held


def _held_until_text(municipality: Municipality, held: Reservation) -> str:
    texts = get_addressed_texts(formal=municipality.formal_address)
    if held.expires_at is None or held.expires_at <= timezone.now():
        return ""
    return str(texts["held_until"]) % {"time": format_clock(held.expires_at)}


def _citizen_details(data: dict[str, Any]) -> CitizenDetails:
    return CitizenDetails(
        given_name=data.get("given_name", ""),
        family_name=data.get("family_name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        national_number=data.get("national_number", ""),
        language=content_language(),
        sms_consent=data.get("sms_consent") in (True, "on"),
    )


def _add_booking_errors(form: DetailsForm, error: BookingError) -> None:
    for field, field_messages in error.field_errors.items():
        for text in field_messages:
            form.add_error(field if field in form.fields else None, text)
    if not error.field_errors:
        form.add_error(None, error.detail)


@require_http_methods(["GET", "POST"])
@for_municipality
def details(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    found = _live_hold(request, municipality)
    if isinstance(found, HttpResponse):
        return found
    draft, held = found
    # A citizen logged in through ACM/IDM finds the form filled in; never the national
    # register number, which the session does not hold: the form asks for it when needed.
    prefill = get_details_prefill(request=request, municipality=municipality)
    form = DetailsForm(
        request.POST or None,
        initial=draft.details or prefill,
        requires_national_number=municipality.requires_national_number,
        formal=municipality.formal_address,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            check_citizen_details(
                municipality=municipality,
                details=_citizen_details(form.cleaned_data),
            )
        except BookingError as error:
            _add_booking_errors(form, error)
            status = 400
        else:
            # The draft keeps text only; a ticked box is kept as the browser sends it.
            draft.details = {
                name: ("on" if value else "") if isinstance(value, bool) else value
                for name, value in form.cleaned_data.items()
                if value is not None
            }
            write_draft(session=request.session, municipality=municipality, draft=draft)
            return redirect(_url("check", municipality))
    elif request.method == "POST":
        status = 400
    return _page(
        request,
        municipality,
        "portal/details.html",
        {
            "form": form,
            "itinerary": get_itinerary(reservation=held),
            "held_until_text": _held_until_text(municipality, held),
        },
        step="details",
        status=status,
    )


@require_http_methods(["GET", "POST"])
@for_municipality
def check_answers(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    """Everything on one page before it is booked, each part with a link to change it."""
    found = _live_hold(request, municipality, allow_lapsed=True)
    if isinstance(found, HttpResponse):
        return found
    draft, held = found
    if draft.details is None:
        return redirect(_url("details", municipality))
    citizen = _citizen_details(draft.details)
    problem, problem_status = "", 200
    if request.method == "POST":
        try:
            reservation, token = confirm_hold(
                municipality=municipality,
                hold_id=draft.hold_id or "",
                details=citizen,
                actor=_citizen(request),
            )
        except BookingError as error:
            if error.code == BookingErrorCode.ALREADY_CONFIRMED:
                return _already_confirmed(request, municipality, held)
            if error.code in (BookingErrorCode.HOLD_EXPIRED, BookingErrorCode.HOLD_NOT_FOUND):
                return _hold_expired(request, municipality)
            if error.field_errors:
                messages.error(request, error.detail)
                return redirect(_url("details", municipality))
            problem, problem_status = error.detail, error.status
        else:
            link_appointment_for_user(user=request.user, reservation=reservation)
            remember_confirmed_hold(
                session=request.session,
                reference=reservation.reference or "",
                hold_id=str(reservation.public_id),
            )
            remember_token(
                session=request.session, reference=reservation.reference or "", token=token
            )
            clear_draft(session=request.session, municipality=municipality)
            request.session[_JUST_BOOKED_KEY] = reservation.reference
            return redirect(_url("appointment", municipality, reservation.reference))
    return _page(
        request,
        municipality,
        "portal/check.html",
        {
            "itinerary": get_itinerary(reservation=held),
            "citizen": citizen,
            "masked_national_number": mask_national_number(citizen.national_number),
            "held_until_text": _held_until_text(municipality, held),
            "show_location_link": len(
                list_locations_for_visit(
                    municipality=municipality, product_ids=[p for p, _q in draft.items]
                )
            )
            > 1,
            "problem": problem,
        },
        step="check",
        status=problem_status,
    )


def _already_confirmed(
    request: HttpRequest, municipality: Municipality, held: Reservation
) -> HttpResponse:
    """A second confirm of this browser's hold (double click, two tabs): its appointment."""
    fresh = get_reservation(municipality=municipality, public_id=held.public_id)
    reference = (fresh.reference if fresh is not None else "") or ""
    remember_confirmed_hold(
        session=request.session, reference=reference, hold_id=str(held.public_id)
    )
    clear_draft(session=request.session, municipality=municipality)
    return redirect(_url("appointment", municipality, reference))


# --- 5. and 6. the appointment: confirmation and management --------------------------------

# Compared against when a reference is unknown, so that path hashes and compares too.
_NO_TOKEN_HASH = "0" * 64


def _appointment_or_none(
    request: HttpRequest, municipality: Municipality, reference: str
) -> Reservation | None:
    """The appointment, for someone who holds its manage token or the citizen it belongs to
    (logged in through ACM/IDM, coming from "My appointments")."""
    reservation = get_appointment(municipality=municipality, reference=reference)
    if reservation is None:
        return None
    token = recall_token(session=request.session, reference=reference.upper())
    if token and token_matches(reservation=reservation, token=token):
        return reservation
    held = recall_confirmed_hold(session=request.session, reference=reference.upper())
    if held and held == str(reservation.public_id):
        return reservation
    if citizen_owns_reservation(user=request.user, reservation=reservation):
        return reservation
    return None


def _unknown_appointment(request: HttpRequest, municipality: Municipality) -> HttpResponse:
    texts = get_addressed_texts(formal=municipality.formal_address)
    return _problem(
        request,
        municipality,
        title=_("Appointment not found"),
        message=str(texts["unknown_appointment"]),
        next_url=_url("products", municipality),
        next_label=_("Book a new appointment"),
        status=404,
    )


@require_GET
@for_municipality
def appointment(request: HttpRequest, municipality: Municipality, reference: str) -> HttpResponse:
    token = request.GET.get("token", "")
    if token:
        # Keep the token in the session and drop it from the address bar, history and
        # Referer headers. The token is hashed and compared whether or not the reference
        # exists, so the answer's timing does not tell which references do.
        reservation = get_appointment(municipality=municipality, reference=reference)
        expected = reservation.manage_token_hash if reservation is not None else ""
        matches = hmac.compare_digest(expected or _NO_TOKEN_HASH, hash_token(token))
        if reservation is not None and expected and matches:
            remember_token(
                session=request.session, reference=reservation.reference or "", token=token
            )
            response: HttpResponse = redirect(
                _url("appointment", municipality, reservation.reference)
            )
        else:
            response = _unknown_appointment(request, municipality)
        response["Referrer-Policy"] = "no-referrer"
        return response
    reservation = _appointment_or_none(request, municipality, reference)
    if reservation is None:
        return _unknown_appointment(request, municipality)
    itinerary = get_itinerary(reservation=reservation)
    upcoming = (
        reservation.status == ReservationStatus.CONFIRMED and reservation.start > timezone.now()
    )
    texts = get_addressed_texts(formal=municipality.formal_address)
    just_booked = request.session.get(_JUST_BOOKED_KEY) == reservation.reference
    if just_booked:
        del request.session[_JUST_BOOKED_KEY]
    qr_svg = ""
    if reservation.status == ReservationStatus.CONFIRMED:
        qr_svg = segno.make(itinerary.reference, error="m").svg_inline(
            scale=5, dark="#000000", light="#ffffff", omitsize=True
        )
    return _page(
        request,
        municipality,
        "portal/appointment.html",
        {
            "reservation": reservation,
            "itinerary": itinerary,
            "cancelled": reservation.status == ReservationStatus.CANCELLED,
            "just_booked": just_booked,
            "email_sent_text": str(texts["email_sent"]) % {"email": reservation.email},
            "qr_label": str(texts["qr_label"]) % {"reference": itinerary.reference},
            "upcoming": upcoming,
            "qr_svg": qr_svg,
            "ics_url": _url("appointment_ics", municipality, itinerary.reference),
            "move_url": _url("move_day", municipality, itinerary.reference),
            "cancel_url": _url("cancel", municipality, itinerary.reference),
            "reminders_off_url": _url("reminders_off", municipality, itinerary.reference),
            "reminders_off": reservation.reminders_off_at is not None,
        },
    )


@require_GET
@for_municipality
def appointment_ics(
    request: HttpRequest, municipality: Municipality, reference: str
) -> HttpResponse:
    from balie.notifications.calendar import render_appointment_calendar

    reservation = _appointment_or_none(request, municipality, reference)
    if reservation is None or reservation.status != ReservationStatus.CONFIRMED:
        return _unknown_appointment(request, municipality)
    itinerary = get_itinerary(reservation=reservation)
    response = HttpResponse(
        render_appointment_calendar(reservation=reservation, itinerary=itinerary),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{itinerary.reference}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@for_municipality
def cancel(request: HttpRequest, municipality: Municipality, reference: str) -> HttpResponse:
    reservation = _appointment_or_none(request, municipality, reference)
    if reservation is None:
        return _unknown_appointment(request, municipality)
    back = _url("appointment", municipality, reservation.reference)
    if reservation.status == ReservationStatus.CANCELLED:
        return redirect(back)
    if request.method == "POST":
        try:
            cancel_appointment(
                reservation=reservation,
                actor=_citizen(request),
                manage_token=recall_token(
                    session=request.session, reference=reservation.reference or ""
                ),
            )
        except BookingError as error:
            messages.error(request, error.detail)
            return redirect(back)
        return redirect(back)
    return _page(
        request,
        municipality,
        "portal/cancel.html",
        {"itinerary": get_itinerary(reservation=reservation), "back_url": back},
    )


@require_POST
@for_municipality
def reminders_off(
    request: HttpRequest, municipality: Municipality, reference: str
) -> HttpResponse:
    """A plain form on the manage page: no reminders for this appointment, now or after a move."""
    reservation = _appointment_or_none(request, municipality, reference)
    if reservation is None:
        return _unknown_appointment(request, municipality)
    try:
        switch_off_reminders(reservation=reservation, actor=_citizen(request))
    except BookingError as error:
        messages.error(request, error.detail)
    else:
        texts = get_addressed_texts(formal=municipality.formal_address)
        messages.success(request, str(texts["reminders_off"]))
    return redirect(_url("appointment", municipality, reservation.reference))


def _movable_or_response(
    request: HttpRequest, municipality: Municipality, reference: str
) -> Reservation | HttpResponse:
    reservation = _appointment_or_none(request, municipality, reference)
    if reservation is None:
        return _unknown_appointment(request, municipality)
    if not is_changeable(reservation=reservation, now=timezone.now()):
        return redirect(_url("appointment", municipality, reservation.reference))
    return reservation


@require_GET
@for_municipality
def move_day(request: HttpRequest, municipality: Municipality, reference: str) -> HttpResponse:
    found = _movable_or_response(request, municipality, reference)
    if isinstance(found, HttpResponse):
        return found
    reservation = found
    ref = reservation.reference or ""
    calendar = get_month_calendar(
        municipality=municipality,
        location=reservation.location,
        items=list_visit_pairs(reservation=reservation),
        month=_parse_month(request.GET.get("month", "")),
        now=timezone.now(),
        ignore_reservation_id=reservation.pk,
    )
    return _page(
        request,
        municipality,
        "portal/day.html",
        {
            "moving": True,
            "itinerary": get_itinerary(reservation=reservation),
            "location": reservation.location,
            "back_url": _url("appointment", municipality, ref),
            **_calendar_context(
                calendar,
                day_url=lambda day: _url("move_time", municipality, ref, day.isoformat()),
                month_url=lambda month: _url(
                    "move_day", municipality, ref, month=f"{month:%Y-%m}"
                ),
            ),
        },
    )


@require_GET
@for_municipality
def move_time(
    request: HttpRequest, municipality: Municipality, reference: str, day: str
) -> HttpResponse:
    found = _movable_or_response(request, municipality, reference)
    if isinstance(found, HttpResponse):
        return found
    reservation = found
    ref = reservation.reference or ""
    chosen_day = _parse_day(day)
    starts = list_free_starts(
        municipality=municipality,
        location=reservation.location,
        items=list_visit_pairs(reservation=reservation),
        day=chosen_day,
        now=timezone.now(),
        ignore_reservation_id=reservation.pk,
    )
    return _page(
        request,
        municipality,
        "portal/time.html",
        {
            "moving": True,
            "location": reservation.location,
            "day": chosen_day,
            "starts": starts,
            "current_start": timezone.localtime(reservation.start),
            "action_url": _url("move", municipality, ref),
            "calendar_url": _url("move_day", municipality, ref, month=f"{chosen_day:%Y-%m}"),
        },
    )


@require_http_methods(["GET", "POST"])
@for_municipality
def move(request: HttpRequest, municipality: Municipality, reference: str) -> HttpResponse:
    found = _movable_or_response(request, municipality, reference)
    if isinstance(found, HttpResponse):
        return found
    reservation = found
    ref = reservation.reference or ""
    if request.method != "POST":
        return redirect(_url("move_day", municipality, ref))
    start = _parse_start(request.POST.get("start", ""))
    if start is None:
        messages.error(request, _("Choose one of the times."))
        return redirect(_url("move_day", municipality, ref))
    try:
        reschedule_appointment(
            reservation=reservation,
            start=start,
            actor=_citizen(request),
            manage_token=recall_token(session=request.session, reference=ref),
        )
    except BookingError as error:
        if error.code == BookingErrorCode.SLOT_UNAVAILABLE:
            return _slot_taken(
                request,
                municipality,
                error,
                action_url=_url("move", municipality, ref),
                calendar_url=_url("move_day", municipality, ref),
                step="",
            )
        if error.code in _TRY_AGAIN_CODES:
            return _try_again(
                request, municipality, error, next_url=_url("move_day", municipality, ref)
            )
        messages.error(request, error.detail)
        return redirect(_url("appointment", municipality, ref))
    texts = get_addressed_texts(formal=municipality.formal_address)
    messages.success(request, str(texts["moved"]))
    return HttpResponseRedirect(_url("appointment", municipality, ref))
