# SPDX-License-Identifier: EUPL-1.2
"""E-mails to citizens about their appointment, in their language and their municipality's voice.

Sending happens only after the booking transaction commits: a rolled-back booking must never
produce a confirmation, and a slow mail server must never hold counter time locked.
"""

from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_scopes import scope

from balie.booking.models import Reservation
from balie.notifications.calendar import render_appointment_calendar
from balie.notifications.selectors import get_itinerary
from balie.portal.addressing import get_addressed_texts
from balie.tenants.models import Municipality


class MessageKind(TextChoices):
    CONFIRMED = "confirmed"
    MOVED = "moved"
    CANCELLED = "cancelled"


def _ui_language(content_language: str) -> str:
    # Reservations store the content language ("nl"); the interface speaks Belgian Dutch.
    return "nl-be" if content_language == "nl" else content_language


def _subject(kind: str, *, texts: Mapping[str, Promise], municipality: str, reference: str) -> str:
    values = {"municipality": municipality, "reference": reference}
    if kind == MessageKind.MOVED:
        return str(texts["subject_moved"]) % values
    if kind == MessageKind.CANCELLED:
        return str(texts["subject_cancelled"]) % values
    return str(texts["subject_confirmed"]) % values


def send_appointment_message(
    *, municipality_id: int, reservation_id: int, kind: str, manage_url: str
) -> None:
    """Compose and send one message (HTML and plain text, with the calendar file)."""
    with scope(municipality=municipality_id):
        reservation = (
            Reservation.objects.select_related("municipality", "location")
            .filter(pk=reservation_id)
            .first()
        )
    if reservation is None or not reservation.email:
        return
    municipality: Municipality = reservation.municipality
    with (
        translation.override(_ui_language(reservation.language)),
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
        if kind != MessageKind.CANCELLED:
            message.attach(
                f"{itinerary.reference}.ics",
                render_appointment_calendar(reservation=reservation, itinerary=itinerary),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
    message.send()


def queue_appointment_message(
    *, municipality_id: int, reservation_id: int, kind: str, manage_url: str
) -> None:
    """Send once the current transaction commits (immediately outside a transaction).

    The task runs on a Celery worker at scale and in process in the embedded default.
    """
    from balie.notifications.tasks import send_appointment_message_task

    transaction.on_commit(
        partial(
            send_appointment_message_task.delay,
            municipality_id=municipality_id,
            reservation_id=reservation_id,
            kind=kind,
            manage_url=manage_url,
        )
    )


def send_appointment_confirmation(
    *, municipality_id: int, reservation_id: int, manage_url: str
) -> None:
    """Queue the confirmation of a newly booked appointment for after the commit."""
    queue_appointment_message(
        municipality_id=municipality_id,
        reservation_id=reservation_id,
        kind=MessageKind.CONFIRMED,
        manage_url=manage_url,
    )
