# SPDX-License-Identifier: EUPL-1.2
"""E-mails to citizens about their appointment, in their language and their municipality's voice.

The booking use cases decide when: ``notify_citizen_of_change`` is registered as a booking
consequence, so it runs only after the act committed (a rolled-back booking never produces
a confirmation, a slow mail server never holds counter time locked), for every channel
alike, once per act.
"""

import logging
from collections.abc import Mapping
from datetime import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django_scopes import scope
from kombu.exceptions import OperationalError as KombuOperationalError

from balie.booking.consequences import BookingEvent, ChangeKind
from balie.booking.models import Reservation
from balie.notifications.calendar import calendar_method, render_appointment_calendar
from balie.notifications.models import (
    MAX_EMAIL_HOURS,
    MAX_SMS_HOURS,
    Channel,
    Message,
    MessageStatus,
    MessageTemplate,
    ReminderPolicy,
)
from balie.notifications.models import MessageKind as LoggedKind
from balie.notifications.selectors import get_itinerary
from balie.notifications.texts import ui_language, validate_template_text
from balie.tenants.addressing import get_addressed_texts
from balie.tenants.models import Municipality

logger = logging.getLogger(__name__)


class MessageKind(TextChoices):
    CONFIRMED = "confirmed"
    MOVED = "moved"
    CANCELLED = "cancelled"


def _subject(kind: str, *, texts: Mapping[str, Promise], municipality: str, reference: str) -> str:
    values = {"municipality": municipality, "reference": reference}
    if kind == MessageKind.MOVED:
        return str(texts["subject_moved"]) % values
    if kind == MessageKind.CANCELLED:
        return str(texts["subject_cancelled"]) % values
    return str(texts["subject_confirmed"]) % values


def _manage_url(*, site_url: str, reservation: Reservation, manage_token: str) -> str:
    path = reverse(
        "portal:appointment", args=[reservation.municipality.slug, reservation.reference]
    )
    query = f"?{urlencode({'token': manage_token})}" if manage_token else ""
    # Without a token the link works for a citizen logged in through ACM/IDM.
    return f"{site_url or settings.BALIE_SITE_URL}{path}{query}"


def send_appointment_message(
    *,
    municipality_id: int,
    reservation_id: int,
    kind: str,
    site_url: str = "",
    manage_token: str = "",
) -> None:
    """Compose and send one message (HTML and plain text, with the calendar file)."""
    with scope(municipality=municipality_id):
        reservation = (
            Reservation.objects.select_related("municipality", "location")
            .filter(pk=reservation_id)
            .first()
        )
    if reservation is None or not reservation.email or not reservation.reference:
        return
    municipality: Municipality = reservation.municipality
    manage_url = _manage_url(site_url=site_url, reservation=reservation, manage_token=manage_token)
    with (
        translation.override(ui_language(reservation.language)),
        timezone.override(municipality.timezone),
    ):
        itinerary = get_itinerary(reservation=reservation)
        texts = get_addressed_texts(formal=municipality.formal_address)
        context = {
            "kind": kind,
            "itinerary": itinerary,
            "municipality": municipality,
            "manage_url": manage_url,
            "greeting": texts["email_greeting"] % {"name": reservation.given_name},
            "texts": texts,
        }
        subject = _subject(
            kind, texts=texts, municipality=municipality.name, reference=itinerary.reference
        )
        text_body = render_to_string("notifications/appointment.txt", context)
        html_body = render_to_string("notifications/appointment.html", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text_body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[reservation.email],
        )
        message.attach_alternative(html_body, "text/html")
        # Also on a cancel: the CANCEL file takes the event out of the citizen's calendar.
        message.attach(
            f"{itinerary.reference}.ics",
            render_appointment_calendar(reservation=reservation, itinerary=itinerary),
            f"text/calendar; charset=utf-8; method={calendar_method(reservation)}",
        )
    try:
        message.send()
    except OSError as error:  # the task retries it; the log shows each failed attempt
        _log_attempt(reservation=reservation, kind=kind, error=str(error) or repr(error))
        raise
    _log_attempt(reservation=reservation, kind=kind)


def _log_attempt(*, reservation: Reservation, kind: str, error: str = "") -> None:
    """Write the e-mail's outcome on the appointment's delivery log.

    A retried send updates the row of its failed attempt (one row per message, with its
    attempts) instead of adding another.
    """
    now = timezone.now()
    with scope(municipality=reservation.municipality_id), transaction.atomic():
        entry = (
            Message.objects.select_for_update()
            .filter(
                reservation=reservation,
                kind=kind,
                channel=Channel.EMAIL,
                status=MessageStatus.FAILED,
                sent_at__isnull=True,
            )
            .order_by("-pk")
            .first()
        ) or Message(
            municipality_id=reservation.municipality_id,
            reservation=reservation,
            kind=kind,
            channel=Channel.EMAIL,
            recipient=reservation.email,
            due_at=now,
        )
        entry.attempts += 1
        entry.error = error[:300]
        if error:
            entry.status = MessageStatus.FAILED
        else:
            entry.status, entry.sent_at = MessageStatus.SENT, now
        entry.save()


_MESSAGE_KINDS = {
    ChangeKind.CONFIRMED: MessageKind.CONFIRMED,
    ChangeKind.MOVED: MessageKind.MOVED,
    ChangeKind.CANCELLED: MessageKind.CANCELLED,
}
NOTIFIED_KINDS = frozenset(_MESSAGE_KINDS)


def notify_citizen_of_change(event: BookingEvent) -> None:
    """The booking consequence: confirmation, move and cancel messages, after the commit.

    The task runs on a Celery worker at scale and in process in the embedded default.
    """
    kind = _MESSAGE_KINDS.get(event.kind)
    if kind is None or not event.notify_citizen:
        return
    from balie.notifications.tasks import send_appointment_message_task

    message: dict[str, Any] = {
        "municipality_id": event.municipality_id,
        "reservation_id": event.reservation_id,
        "kind": kind,
        "site_url": event.actor.site_url,
        "manage_token": event.manage_token,
    }
    try:
        send_appointment_message_task.delay(**message)
    except KombuOperationalError:
        # The broker is away: send now rather than lose the message (nothing else would
        # send it again; reminders, by contrast, are swept from their rows).
        logger.warning("The broker refused the %s message; sending it in this process", kind)
        send_appointment_message(**message)


# --- what an admin configures -------------------------------------------------------------

# A day needs room to send: quiet hours longer than this would push reminders into a window
# too short to reach anyone in time.
LONGEST_QUIET_HOURS = 16


def _quiet_minutes(quiet_from: time, quiet_until: time) -> int:
    start = quiet_from.hour * 60 + quiet_from.minute
    end = quiet_until.hour * 60 + quiet_until.minute
    return (end - start) % (24 * 60)


def save_reminder_policy(
    *,
    municipality: Municipality,
    email_hours_before: int,
    sms_hours_before: int,
    quiet_from: time,
    quiet_until: time,
) -> ReminderPolicy:
    """Set when the municipality's reminders go; appointments booked afterwards follow it."""
    problems = []
    if not 0 <= email_hours_before <= MAX_EMAIL_HOURS:
        problems.append(
            ValidationError(
                _(
                    "Send the e-mail reminder at most %(days)s days (%(hours)s hours) before "
                    "the appointment, or 0 for none."
                )
                % {"days": MAX_EMAIL_HOURS // 24, "hours": MAX_EMAIL_HOURS},
                code="email_offset",
            )
        )
    if not 0 <= sms_hours_before <= MAX_SMS_HOURS:
        problems.append(
            ValidationError(
                _(
                    "Send the text message at most %(days)s days (%(hours)s hours) before the "
                    "appointment, or 0 for none."
                )
                % {"days": MAX_SMS_HOURS // 24, "hours": MAX_SMS_HOURS},
                code="sms_offset",
            )
        )
    if _quiet_minutes(quiet_from, quiet_until) > LONGEST_QUIET_HOURS * 60:
        problems.append(
            ValidationError(
                _(
                    "From %(start)s to %(end)s is more than %(hours)s hours without messages; "
                    "leave at least 8 hours a day in which reminders can go."
                )
                % {
                    "start": quiet_from.strftime("%H:%M"),
                    "end": quiet_until.strftime("%H:%M"),
                    "hours": LONGEST_QUIET_HOURS,
                },
                code="quiet_hours",
            )
        )
    if problems:
        raise ValidationError(problems)
    policy = ReminderPolicy.objects.filter(municipality=municipality).first() or ReminderPolicy(
        municipality=municipality
    )
    policy.email_hours_before = email_hours_before
    policy.sms_hours_before = sms_hours_before
    policy.quiet_from = quiet_from
    policy.quiet_until = quiet_until
    policy.save()
    return policy


def save_message_template(
    *,
    municipality: Municipality,
    channel: str,
    language: str,
    formal: bool,
    subject: str,
    body: str,
    kind: str = LoggedKind.REMINDER,
) -> MessageTemplate:
    """Store the municipality's own text; an unknown placeholder is refused by name."""
    problems = []
    if not body.strip():
        problems.append(
            ValidationError(
                _("Write the text, or use the built-in text instead."), code="template_empty"
            )
        )
    for text in (subject, body):
        try:
            validate_template_text(text)
        except ValidationError as error:
            problems.append(error)
    if problems:
        raise ValidationError(problems)
    with scope(municipality=municipality.pk):
        template, _created = MessageTemplate.objects.update_or_create(
            municipality=municipality,
            kind=kind,
            channel=channel,
            language=language,
            formal=formal,
            defaults={"subject": subject if channel == Channel.EMAIL else "", "body": body},
        )
    return template


def remove_message_template(*, template: MessageTemplate) -> None:
    """Go back to the built-in text."""
    with scope(municipality=template.municipality_id):
        template.delete()
