# SPDX-License-Identifier: EUPL-1.2
"""Back-office pages: they adapt forms to catalog and booking services, nothing more.

Server-rendered, one plain form per action followed by a redirect, so every page works
without JavaScript and a reload never repeats a change.
"""

import csv
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from balie.backoffice import selectors as office_selectors
from balie.backoffice.access import Office, backoffice_view
from balie.backoffice.audit import report_personal_data_access
from balie.backoffice.booking_calls import cancel_on_behalf, move_on_behalf, visit_items
from balie.backoffice.forms import (
    FORM_OF_ADDRESS,
    LANGUAGE_NAMES,
    AppointmentSearchForm,
    BookingRulesForm,
    ClosingDayForm,
    ConceptSearchForm,
    CopyHoursForm,
    CounterForm,
    HoursForm,
    InviteForm,
    LocationForm,
    MessageTemplateForm,
    ProductForm,
    ReminderRulesForm,
    RetentionForm,
    RoleForm,
    ServableCountersForm,
    closing_label,
    parse_day,
)
from balie.booking import services as booking_services
from balie.booking.exceptions import BookingError
from balie.booking.selectors import get_visit_products
from balie.catalog import selectors, services
from balie.catalog.models import Weekday
from balie.core.formats import format_clock, format_day_month
from balie.core.i18n import CONTENT_LANGUAGES
from balie.desk import selectors as desk_selectors
from balie.desk import services as desk_services
from balie.notifications.models import PLACEHOLDERS, Channel, MessageKind
from balie.notifications.reminders import get_reminder_policy, schedule_outside_quiet_hours
from balie.notifications.selectors import list_message_templates, list_repeated_failures
from balie.notifications.services import (
    remove_message_template,
    save_message_template,
    save_reminder_policy,
)
from balie.notifications.texts import (
    builtin_email_reminder,
    builtin_sms_reminder,
    fill,
    ui_language,
    validate_template_text,
)
from balie.portal.branding import build_branding
from balie.portal.selectors import list_free_starts
from balie.privacy.selectors import count_appointments_to_erase
from balie.privacy.services import set_retention_period
from balie.tenants import selectors as tenant_selectors
from balie.tenants import services as tenant_services
from balie.webhooks.selectors import get_subscription, list_paused_subscriptions
from balie.webhooks.services import resume_subscription


def _page(
    request: HttpRequest,
    office: Office,
    template: str,
    context: dict[str, Any],
    *,
    section: str,
    status: int = 200,
) -> HttpResponse:
    municipality = office.municipality
    branding = build_branding(
        name=municipality.name,
        logo_url=municipality.logo.url if municipality.logo else "",
        primary=municipality.primary_colour,
        accent=municipality.accent_colour,
    )
    return render(
        request,
        template,
        {
            "office": office,
            "municipality": municipality,
            "branding": branding,
            "section": section,
            **context,
        },
        status=status,
    )


def _to(name: str, office: Office, *args: Any) -> HttpResponse:
    return redirect(f"backoffice:{name}", office.municipality.slug, *args)


def _add_errors(form: Any, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _location_or_404(office: Office, location_id: int) -> Any:
    location = selectors.get_location(municipality=office.municipality, location_id=location_id)
    if location is None:
        raise Http404
    return location


# --- overview -------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The municipalities the signed-in user configures; one goes straight to its back office."""
    towns = tenant_selectors.list_configurable_municipalities(user=request.user)
    if len(towns) == 1:
        return redirect("backoffice:home", towns[0].slug)
    if not towns:
        raise Http404
    return render(request, "backoffice/index.html", {"municipalities": towns})


@backoffice_view
def home(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    products = selectors.list_products(municipality=municipality)
    unserved = [
        product
        for product in products
        if product.online_bookable
        and not any(service.counter.active for service in product.services.all())
    ]
    return _page(
        request,
        office,
        "backoffice/home.html",
        {
            "locations": selectors.list_locations(municipality=municipality),
            "products": products,
            "unserved": unserved,
        },
        section="home",
    )


# --- locations and counters -----------------------------------------------------------------


@backoffice_view
def locations(request: HttpRequest, office: Office) -> HttpResponse:
    return _page(
        request,
        office,
        "backoffice/locations.html",
        {"locations": selectors.list_locations(municipality=office.municipality)},
        section="locations",
    )


@backoffice_view
def location_edit(request: HttpRequest, office: Office, location_id: int = 0) -> HttpResponse:
    location = _location_or_404(office, location_id) if location_id else None
    form = LocationForm(request.POST or None, location=location)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_location(
                municipality=office.municipality, values=form.values(), location=location
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return _to("location", office, saved.pk)
    return _page(
        request,
        office,
        "backoffice/location_form.html",
        {"form": form, "location": location},
        section="locations",
        status=400 if form.errors else 200,
    )


@backoffice_view
def location(request: HttpRequest, office: Office, location_id: int) -> HttpResponse:
    place = _location_or_404(office, location_id)
    counters = selectors.list_counters(municipality=office.municipality, location=place)
    counter_form = CounterForm(prefix="counter")
    copy_form = CopyHoursForm(counters=counters, prefix="copy")
    if request.method == "POST" and "counter-name" in request.POST:
        counter_form = CounterForm(request.POST, prefix="counter")
        if counter_form.is_valid():
            try:
                counter = services.add_counter(
                    location=place, name=counter_form.cleaned_data["name"]
                )
            except ValidationError as error:
                _add_errors(counter_form, error)
            else:
                messages.success(request, _("%(name)s is added.") % {"name": counter.name})
                return _to("location", office, place.pk)
    elif request.method == "POST":
        copy_form = CopyHoursForm(request.POST, counters=counters, prefix="copy")
        if copy_form.is_valid():
            try:
                count = services.copy_hours_to_counters(
                    location=place, counters=copy_form.chosen()
                )
            except ValidationError as error:
                _add_errors(copy_form, error)
            else:
                messages.success(
                    request, _("The hours are copied to %(count)s counter(s).") % {"count": count}
                )
                return _to("location", office, place.pk)
    today = timezone.localdate()
    return _page(
        request,
        office,
        "backoffice/location.html",
        {
            "location": place,
            "counters": counters,
            "hours": selectors.list_location_hours(location=place),
            "counter_form": counter_form,
            "copy_form": copy_form,
            "preview": selectors.preview_location_days(location=place, first_day=today),
        },
        section="locations",
        status=400 if counter_form.errors or copy_form.errors else 200,
    )


def _hours_page(
    request: HttpRequest, office: Office, *, rows: list[Any], save: Any, title: str, back: str
) -> HttpResponse:
    form = HoursForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data["ranges"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The hours are saved."))
            return redirect(back)
    return _page(
        request,
        office,
        "backoffice/hours.html",
        {"form": form, "title": title, "back": back},
        section="locations",
        status=400 if form.errors else 200,
    )


@backoffice_view
def location_hours(request: HttpRequest, office: Office, location_id: int) -> HttpResponse:
    place = _location_or_404(office, location_id)
    return _hours_page(
        request,
        office,
        rows=selectors.list_location_hours(location=place),
        save=lambda ranges: services.set_location_hours(location=place, ranges=ranges),
        title=_("Weekly hours of %(location)s") % {"location": place.name},
        back=reverse("backoffice:location", args=[office.municipality.slug, place.pk]),
    )


@backoffice_view
def counter_hours(request: HttpRequest, office: Office, counter_id: int) -> HttpResponse:
    counter = selectors.get_counter(municipality=office.municipality, counter_id=counter_id)
    if counter is None:
        raise Http404
    return _hours_page(
        request,
        office,
        rows=selectors.list_counter_hours(counter=counter),
        save=lambda ranges: services.set_counter_hours(counter=counter, ranges=ranges),
        title=_("Hours of %(counter)s") % {"counter": f"{counter.location.name} – {counter.name}"},
        back=reverse("backoffice:location", args=[office.municipality.slug, counter.location_id]),
    )


# --- closing days ---------------------------------------------------------------------------


@backoffice_view
def closing_days(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    form = ClosingDayForm(
        request.POST or None,
        locations=selectors.list_locations(municipality=municipality),
        counters=selectors.list_counters(municipality=municipality),
    )
    if request.method == "POST" and form.is_valid():
        place, counter = form.target()
        try:
            booking_services.add_closing_day(
                municipality=municipality,
                day=form.cleaned_data["day"],
                location=place,
                counter=counter,
                reason=form.cleaned_data["reason"],
                recurring_yearly=form.cleaned_data["recurring_yearly"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The closing day is saved."))
            return _to("closing-days", office)
    today = timezone.localdate()
    holidays = selectors.public_holidays(first_day=today, last_day=today + timedelta(days=365))
    rows = [
        (row, closing_label(row)) for row in selectors.list_closing_days(municipality=municipality)
    ]
    return _page(
        request,
        office,
        "backoffice/closing_days.html",
        {
            "form": form,
            "rows": rows,
            "holidays": sorted(holidays.items()),
            "months": selectors.list_closing_calendar(municipality=municipality, first_day=today),
            "weekday_names": [str(label) for _value, label in Weekday.choices],
        },
        section="closing-days",
        status=400 if form.errors else 200,
    )


@require_POST
@backoffice_view
def closing_day_delete(request: HttpRequest, office: Office, closing_day_id: int) -> HttpResponse:
    row = selectors.get_closing_day(
        municipality=office.municipality, closing_day_id=closing_day_id
    )
    if row is None:
        raise Http404
    services.remove_closing_day(closing_day=row)
    messages.success(request, _("The closing day is removed."))
    return _to("closing-days", office)


# --- products -------------------------------------------------------------------------------


@backoffice_view
def products(request: HttpRequest, office: Office) -> HttpResponse:
    rows = [
        (product, selectors.list_missing_languages(texts=product.title))
        for product in selectors.list_products(municipality=office.municipality)
    ]
    return _page(request, office, "backoffice/products.html", {"rows": rows}, section="products")


@backoffice_view
def concepts(request: HttpRequest, office: Office) -> HttpResponse:
    form = ConceptSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return _page(
        request,
        office,
        "backoffice/concepts.html",
        {
            "form": form,
            "query": query,
            "concepts": selectors.search_ipdc_concepts(query=query),
            "adopted": selectors.list_adopted_concepts(municipality=office.municipality),
        },
        section="products",
    )


def _product_page(
    request: HttpRequest, office: Office, form: ProductForm, context: dict[str, Any]
) -> HttpResponse:
    return _page(
        request,
        office,
        "backoffice/product_form.html",
        {"form": form, **context},
        section="products",
        status=400 if form.errors else 200,
    )


@backoffice_view
def product_from_concept(request: HttpRequest, office: Office, concept_id: int) -> HttpResponse:
    municipality = office.municipality
    concept = selectors.get_ipdc_concept(concept_id=concept_id)
    if concept is None:
        raise Http404
    form = ProductForm(
        request.POST or None,
        counters=selectors.list_counters(municipality=municipality),
        values=services.concept_values(concept=concept, formal=municipality.formal_address),
        informal=not municipality.formal_address,
    )
    if request.method == "POST" and form.is_valid():
        try:
            product = services.add_product_from_concept(
                municipality=municipality,
                concept=concept,
                values=form.values(),
                served_by=form.served_by(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(title)s is added.") % {"title": product.display_title})
            return _to("products", office)
    return _product_page(request, office, form, {"concept": concept})


@backoffice_view
def product_edit(request: HttpRequest, office: Office, product_id: int) -> HttpResponse:
    municipality = office.municipality
    product = selectors.get_product(municipality=municipality, product_id=product_id)
    if product is None:
        raise Http404
    form = ProductForm(
        request.POST or None,
        counters=selectors.list_counters(municipality=municipality),
        product=product,
        informal=not municipality.formal_address,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_product(
                municipality=municipality,
                values=form.values(),
                served_by=form.served_by(),
                product=product,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(title)s is saved.") % {"title": product.display_title})
            return _to("products", office)
    return _product_page(request, office, form, {"product": product})


# --- booking rules, reminders and retention --------------------------------------------


def _example_appointment(now: datetime) -> datetime:
    """Next week's Tuesday at 09:00: an ordinary morning to show the reminder rules on."""
    day = now.date() + timedelta(days=7 + (1 - now.weekday()) % 7)
    return datetime.combine(day, time(9, 0), tzinfo=now.tzinfo)


def _rules_page(
    request: HttpRequest,
    office: Office,
    *,
    form: BookingRulesForm | None = None,
    reminder_form: ReminderRulesForm | None = None,
    retention_form: RetentionForm | None = None,
) -> HttpResponse:
    municipality = office.municipality
    policy = get_reminder_policy(municipality_id=municipality.pk)
    form = form or BookingRulesForm(instance=municipality)
    reminder_form = reminder_form or ReminderRulesForm(
        initial={
            "email_hours_before": policy.email_hours_before,
            "sms_hours_before": policy.sms_hours_before,
            "quiet_from": policy.quiet_from,
            "quiet_until": policy.quiet_until,
        },
        prefix="reminders",
    )
    retention_form = retention_form or RetentionForm(
        initial={"retention_days": municipality.retention_days}, prefix="retention"
    )
    now = timezone.localtime()
    grid = municipality.granularity_minutes
    example = _example_appointment(now)
    reminder_times = []
    for channel, hours in (
        (_("e-mail"), policy.email_hours_before),
        (_("text message"), policy.sms_hours_before),
    ):
        if hours:
            due = schedule_outside_quiet_hours(
                due=example - timedelta(hours=hours),
                appointment_start=example,
                policy=policy,
                tz=ZoneInfo(municipality.timezone),
            )
            reminder_times.append((channel, due))
    erased_before = now - timedelta(days=municipality.retention_days)
    forms_with_errors = [f for f in (form, reminder_form, retention_form) if f.errors]
    return _page(
        request,
        office,
        "backoffice/rules.html",
        {
            "form": form,
            "reminder_form": reminder_form,
            "retention_form": retention_form,
            "earliest": now + timedelta(minutes=municipality.lead_time_minutes),
            "last_day": now.date() + timedelta(days=municipality.horizon_days),
            "example_times": [f"09:{minute:02d}" for minute in range(0, 60, grid)][:4],
            "example": example,
            "reminder_times": reminder_times,
            "erased_before": erased_before,
            "to_erase": count_appointments_to_erase(
                municipality_id=municipality.pk, days=municipality.retention_days, now=now
            ),
            "audit_days": settings.AUDIT_RETENTION_DAYS,
        },
        section="rules",
        status=400 if forms_with_errors else 200,
    )


@backoffice_view
def booking_rules(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    if request.method != "POST":
        return _rules_page(request, office)
    form = BookingRulesForm(request.POST, instance=municipality)
    if form.is_valid():
        try:
            services.update_booking_rules(
                municipality=municipality,
                values={name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            municipality.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("The booking rules are saved."))
            return _to("rules", office)
    municipality.refresh_from_db()
    return _rules_page(request, office, form=form)


@require_POST
@backoffice_view
def reminder_rules(request: HttpRequest, office: Office) -> HttpResponse:
    form = ReminderRulesForm(request.POST, prefix="reminders")
    if form.is_valid():
        try:
            save_reminder_policy(municipality=office.municipality, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The reminder rules are saved."))
            return _to("rules", office)
    return _rules_page(request, office, reminder_form=form)


@require_POST
@backoffice_view
def retention_rules(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    form = RetentionForm(request.POST, prefix="retention")
    if form.is_valid():
        try:
            set_retention_period(
                municipality=municipality,
                days=form.cleaned_data["retention_days"],
                acting_user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as error:
            municipality.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("The retention period is saved."))
            return _to("rules", office)
    return _rules_page(request, office, retention_form=form)


# --- message texts and failures -------------------------------------------------------------

TEMPLATE_CHANNELS = (Channel.EMAIL, Channel.SMS)


def _template_key(channel: str, language: str, address: str) -> tuple[str, str, bool]:
    if channel not in TEMPLATE_CHANNELS or language not in CONTENT_LANGUAGES:
        raise Http404
    if address not in ("formal", "informal"):
        raise Http404
    return channel, language, address == "formal"


def _sample_values(office: Office) -> dict[str, str]:
    """What the preview fills in: made-up but realistic, never a real citizen's data."""
    municipality = office.municipality
    place = next(iter(selectors.list_locations(municipality=municipality)), None)
    start = _example_appointment(timezone.localtime())
    return {
        "given_name": "An",
        "reference": "BAL-AB23-CD",
        "date": format_day_month(start),
        "time": format_clock(start),
        "location": place.name if place else municipality.name,
        "address": place.address_line if place else "",
        "municipality": municipality.name,
        "manage_url": f"{settings.BALIE_SITE_URL.rstrip('/')}/{municipality.slug}/…",
    }


def _builtin_text(*, channel: str, language: str, formal: bool) -> str:
    """The text Balie sends without a template, with its placeholders showing."""
    names = {name: "{" + name + "}" for name in PLACEHOLDERS}
    with translation.override(ui_language(language)):
        if channel == Channel.SMS:
            return builtin_sms_reminder(formal=formal, values=names)
        return builtin_email_reminder(formal=formal, values=names)


@backoffice_view
def message_templates(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    own = {
        (row.channel, row.language, row.formal): row
        for row in list_message_templates(
            municipality_id=municipality.pk, kind=MessageKind.REMINDER
        )
    }
    rows = [
        {
            "channel": channel,
            "channel_label": Channel(channel).label,
            "language": language,
            "language_label": LANGUAGE_NAMES[language],
            "address": "formal" if formal else "informal",
            "address_label": FORM_OF_ADDRESS[formal],
            "in_use": formal == municipality.formal_address,
            "own": own.get((channel, language, formal)),
        }
        for channel in TEMPLATE_CHANNELS
        for language in CONTENT_LANGUAGES
        for formal in (True, False)
    ]
    return _page(
        request, office, "backoffice/message_templates.html", {"rows": rows}, section="messages"
    )


@backoffice_view
def message_template(
    request: HttpRequest, office: Office, channel: str, language: str, address: str
) -> HttpResponse:
    municipality = office.municipality
    channel, language, formal = _template_key(channel, language, address)
    own = {
        (row.channel, row.language, row.formal): row
        for row in list_message_templates(
            municipality_id=municipality.pk, kind=MessageKind.REMINDER
        )
    }.get((channel, language, formal))
    action = request.POST.get("action", "")
    if action == "reset" and own is not None:
        remove_message_template(template=own)
        messages.success(request, _("The built-in text is used again."))
        return _to("message-templates", office)
    form = MessageTemplateForm(
        request.POST or None,
        channel=channel,
        language=language,
        initial={"subject": own.subject, "body": own.body} if own else None,
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        subject = form.cleaned_data.get("subject", "")
        body = form.cleaned_data["body"]
        try:
            if action == "save":
                save_message_template(
                    municipality=municipality,
                    channel=channel,
                    language=language,
                    formal=formal,
                    subject=subject,
                    body=body,
                )
                messages.success(request, _("The message text is saved."))
                return _to("message-templates", office)
            for text in (subject, body):
                validate_template_text(text)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            values = _sample_values(office)
            builtin = _builtin_text(channel=channel, language=language, formal=formal)
            preview = {
                "subject": fill(subject, values) if subject else "",
                "body": fill(body or builtin, values),
            }
    return _page(
        request,
        office,
        "backoffice/message_template.html",
        {
            "form": form,
            "own": own,
            "preview": preview,
            "channel_label": Channel(channel).label,
            "language": language,
            "language_label": LANGUAGE_NAMES[language],
            "address_label": FORM_OF_ADDRESS[formal],
            "builtin": _builtin_text(channel=channel, language=language, formal=formal),
            "placeholders": list(PLACEHOLDERS.items()),
        },
        section="messages",
        status=400 if form.errors else 200,
    )


@backoffice_view
def message_failures(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    return _page(
        request,
        office,
        "backoffice/message_failures.html",
        {
            "failing": list_repeated_failures(municipality=municipality),
            "paused": list_paused_subscriptions(municipality_id=municipality.pk),
        },
        section="failures",
    )


@require_POST
@backoffice_view
def webhook_resume(request: HttpRequest, office: Office, subscription_id: int) -> HttpResponse:
    subscription = get_subscription(
        municipality_id=office.municipality.pk, subscription_id=subscription_id
    )
    if subscription is None:
        raise Http404
    count = resume_subscription(subscription=subscription, now=timezone.now())
    messages.success(
        request,
        _("%(url)s gets events again; %(count)s waiting event(s) go out now.")
        % {"url": subscription.url, "count": count},
    )
    return _to("message-failures", office)


# --- appointments ---------------------------------------------------------------------------


def _search(request: HttpRequest, office: Office) -> tuple[AppointmentSearchForm, Any]:
    municipality = office.municipality
    form = AppointmentSearchForm(
        request.GET,
        products=selectors.list_products(municipality=municipality),
        counters=selectors.list_counters(municipality=municipality),
    )
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    criteria = office_selectors.AppointmentFilter(
        text=data.get("q") or "",
        day=data.get("day"),
        product_id=data.get("product"),
        counter_id=data.get("counter"),
    )
    return form, criteria


@backoffice_view
def appointments(request: HttpRequest, office: Office) -> HttpResponse:
    form, criteria = _search(request, office)
    if not request.GET:
        criteria = office_selectors.AppointmentFilter(day=timezone.localdate())
    rows = office_selectors.search_appointments(
        municipality=office.municipality, criteria=criteria
    )
    report_personal_data_access(
        request=request,
        municipality=office.municipality,
        action="search",
        references=[row.reference or "" for row in rows],
    )
    return _page(
        request,
        office,
        "backoffice/appointments.html",
        {"form": form, "rows": rows, "export_query": request.GET.urlencode()},
        section="appointments",
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@backoffice_view
def appointments_export(request: HttpRequest, office: Office) -> StreamingHttpResponse:
    _form, criteria = _search(request, office)
    rows = list(
        office_selectors.iter_appointments_for_export(
            municipality=office.municipality, criteria=criteria
        )
    )
    report_personal_data_access(
        request=request,
        municipality=office.municipality,
        action="export",
        references=[row.reference or "" for row in rows],
    )
    writer = csv.writer(_Echo())
    header = [
        _("Reference"),
        _("Status"),
        _("Start"),
        _("End"),
        _("Location"),
        _("Counters"),
        _("Given name"),
        _("Family name"),
        _("E-mail"),
        _("Phone"),
    ]

    def lines() -> Any:
        yield "\ufeff"  # so that spreadsheets open the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(
                [
                    row.reference,
                    row.get_status_display(),
                    timezone.localtime(row.start).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(row.end).strftime("%Y-%m-%d %H:%M"),
                    row.location.name,
                    ", ".join(leg.counter.name for leg in row.legs.all()),
                    row.given_name,
                    row.family_name,
                    row.email,
                    row.phone,
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{office.municipality.slug}-appointments.csv"'
    )
    return response


def _appointment_or_404(office: Office, reference: str) -> Any:
    reservation = office_selectors.get_appointment(
        municipality=office.municipality, reference=reference
    )
    if reservation is None:
        raise Http404
    return reservation


@backoffice_view
def appointment(request: HttpRequest, office: Office, reference: str) -> HttpResponse:
    reservation = _appointment_or_404(office, reference)
    report_personal_data_access(
        request=request,
        municipality=office.municipality,
        action="view",
        references=[reference],
    )
    items = [
        (item.product.display_title, item.quantity) for item in get_visit_products(of=reservation)
    ]
    return _page(
        request,
        office,
        "backoffice/appointment.html",
        {
            "reservation": reservation,
            "items": items,
            "in_future": reservation.start > timezone.now(),
        },
        section="appointments",
    )


@require_POST
@backoffice_view
def appointment_cancel(request: HttpRequest, office: Office, reference: str) -> HttpResponse:
    reservation = _appointment_or_404(office, reference)
    try:
        cancel_on_behalf(reservation=reservation, request=request)
    except BookingError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request,
            _("Appointment %(reference)s is cancelled; the citizen gets an e-mail.")
            % {"reference": reference},
        )
    return _to("appointment", office, reference)


@backoffice_view
def appointment_move(request: HttpRequest, office: Office, reference: str) -> HttpResponse:
    """Pick another day and one of its free times; the visit keeps its reference."""
    reservation = _appointment_or_404(office, reference)
    if request.method == "POST":
        try:
            start = datetime.fromisoformat(request.POST.get("start", ""))
        except ValueError:
            start = None
        if start is None or start.tzinfo is None:
            messages.error(request, _("Choose one of the times."))
            return _to("appointment-move", office, reference)
        try:
            move_on_behalf(reservation=reservation, start=start, request=request)
        except BookingError as error:
            messages.error(request, error.detail)
            return _to("appointment-move", office, reference)
        messages.success(
            request,
            _("Appointment %(reference)s is moved; the citizen gets an e-mail.")
            % {"reference": reference},
        )
        return _to("appointment", office, reference)
    day = parse_day(request.GET.get("day")) or timezone.localdate(reservation.start)
    starts = list_free_starts(
        municipality=office.municipality,
        location=reservation.location,
        items=visit_items(reservation),
        day=day,
        now=timezone.now(),
        ignore_reservation_id=reservation.pk,
    )
    return _page(
        request,
        office,
        "backoffice/appointment_move.html",
        {"reservation": reservation, "day": day, "starts": starts},
        section="appointments",
    )


# --- staff ----------------------------------------------------------------------------------


@backoffice_view
def staff(request: HttpRequest, office: Office) -> HttpResponse:
    municipality = office.municipality
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def password_link(uidb64: str, token: str) -> str:
            return request.build_absolute_uri(
                reverse("backoffice:set-password", args=[uidb64, token])
            )

        try:
            membership = tenant_services.invite_staff_member(
                municipality=municipality,
                email=form.cleaned_data["email"],
                given_name=form.cleaned_data["given_name"],
                family_name=form.cleaned_data["family_name"],
                role=form.cleaned_data["role"],
                password_link=password_link,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(email)s is invited and gets an e-mail.") % {"email": membership.user.email},
            )
            return _to("staff", office)
    members = tenant_selectors.list_staff(municipality=municipality)
    secured = tenant_selectors.list_users_with_second_factor(
        user_ids=[member.user_id for member in members]
    )
    counters = selectors.list_counters(municipality=municipality)
    restricted = desk_selectors.list_counter_ids_per_member(municipality=municipality)
    rows = [
        (
            member,
            RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}"),
            member.user_id in secured,
            ServableCountersForm(
                counters=counters,
                initial={"counters": sorted(restricted.get(member.pk, ()))},
                prefix=f"c{member.pk}",
            ),
        )
        for member in members
    ]
    return _page(
        request,
        office,
        "backoffice/staff.html",
        {"form": form, "rows": rows},
        section="staff",
        status=400 if form.errors else 200,
    )


@require_POST
@backoffice_view
def staff_member(request: HttpRequest, office: Office, membership_id: int) -> HttpResponse:
    membership = tenant_selectors.get_staff_membership(
        municipality=office.municipality, membership_id=membership_id
    )
    if membership is None:
        raise Http404
    name = membership.user.get_full_name() or membership.user.get_username()
    action = request.POST.get("action")
    try:
        if action == "role":
            form = RoleForm(request.POST, prefix=f"m{membership.pk}")
            if not form.is_valid():
                raise ValidationError(_("Choose admin or counter staff."))
            tenant_services.change_staff_role(
                membership=membership, role=form.cleaned_data["role"], acting_user=request.user
            )
            messages.success(request, _("The role of %(name)s is changed.") % {"name": name})
        elif action == "counters":
            counters_form = ServableCountersForm(
                request.POST,
                counters=selectors.list_counters(municipality=office.municipality),
                prefix=f"c{membership.pk}",
            )
            if not counters_form.is_valid():
                raise ValidationError(_("Choose counters of this municipality only."))
            desk_services.set_servable_counters(
                membership=membership, counters=counters_form.chosen()
            )
            messages.success(request, _("The counters of %(name)s are saved.") % {"name": name})
        elif action == "reset-second-factor":
            tenant_services.reset_second_factor(membership=membership, acting_user=request.user)
            messages.success(
                request,
                _("%(name)s sets up a new authenticator at the next login.") % {"name": name},
            )
        elif action == "remove":
            tenant_services.remove_staff_member(membership=membership, acting_user=request.user)
            messages.success(request, _("%(name)s no longer works here.") % {"name": name})
        else:
            raise Http404
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return _to("staff", office)


class SetPasswordView(PasswordResetConfirmView):
    """An invited member chooses a password through the link in the invitation."""

    template_name = "backoffice/set_password.html"
    success_url = reverse_lazy("desk:login")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password is set. Log in with it now."))
        return super().form_valid(form)
