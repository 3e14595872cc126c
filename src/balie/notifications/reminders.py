# SPDX-License-Identifier: EUPL-1.2
"""Reminders: planned when an appointment is confirmed, sent once when due, never at night.

Planning writes one ``Message`` row per appointment and channel under a unique constraint,
so planning twice plans once. Sending claims a row with a conditional UPDATE and a lease:
two workers never send the same reminder, and a worker that dies mid-send leaves a lease
that expires, after which the next sweep sends it. The SMS gateway receives the message id
as its reference and drops a repeated submission; an e-mail carries a Message-ID derived
from it, so mail clients fold a repeat into one.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext
from django_scopes import scope, scopes_disabled

from balie.booking.consequences import BookingEvent, ChangeKind
from balie.booking.models import Reservation, ReservationStatus
from balie.core.leases import claim_due_row, list_due_ids, queue_due_ids
from balie.notifications import sms, texts
from balie.notifications.models import (
    Channel,
    Message,
    MessageKind,
    MessageStatus,
    ReminderPolicy,
)
from balie.notifications.selectors import get_itinerary

logger = logging.getLogger(__name__)

# A reminder that cannot go out before the appointment is no reminder; give up this close.
LAST_USEFUL_MOMENT = timedelta(minutes=30)
SMS_RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
)


def get_reminder_policy(*, municipality_id: int) -> ReminderPolicy:
    policy = ReminderPolicy.objects.filter(municipality_id=municipality_id).first()
    return policy or ReminderPolicy(municipality_id=municipality_id)


def _in_quiet_hours(moment: datetime, policy: ReminderPolicy) -> bool:
    clock = moment.timetz().replace(tzinfo=None)
    if policy.quiet_from > policy.quiet_until:  # the usual case: the night spans midnight
        return clock >= policy.quiet_from or clock < policy.quiet_until
    return policy.quiet_from <= clock < policy.quiet_until


def schedule_outside_quiet_hours(
    *, due: datetime, appointment_start: datetime, policy: ReminderPolicy, tz: ZoneInfo
) -> datetime | None:
    """Move a reminder that falls in the night to the morning, or else to the evening before.

    The morning wins when it still leaves time to come (at least 30 minutes); otherwise the
    reminder goes just before the quiet hours began. None when neither works.
    """
    local = due.astimezone(tz)
    if not _in_quiet_hours(local, policy):
        return due
    morning_day = (
        local.date()
        if local.timetz().replace(tzinfo=None) < policy.quiet_until
        else (local.date() + timedelta(days=1))
    )
    morning = datetime.combine(morning_day, policy.quiet_until, tzinfo=tz)
    if morning <= appointment_start - LAST_USEFUL_MOMENT:
        return morning
    evening_day = morning_day - timedelta(days=1)
    evening = datetime.combine(evening_day, policy.quiet_from, tzinfo=tz) - timedelta(minutes=1)
    return evening if evening < appointment_start - LAST_USEFUL_MOMENT else None


def _sms_number(reservation: Reservation) -> str | None:
    if not reservation.phone:
        return None
    try:
        return sms.normalise_mobile_number(reservation.phone)
    except sms.InvalidMobileNumber:
        return None


def plan_reminders(*, reservation: Reservation, sms_consent: bool, now: datetime) -> list[Message]:
    """Plan this appointment's reminders (idempotent); called when it is confirmed or moved to."""
    if (
        reservation.status != ReservationStatus.CONFIRMED
        or reservation.start <= now
        or reservation.reminders_off_at is not None
    ):
        return []
    policy = get_reminder_policy(municipality_id=reservation.municipality_id)
    tz = ZoneInfo(reservation.municipality.timezone)
    wanted: list[tuple[str, str, int]] = []
    if reservation.email and policy.email_hours_before:
        wanted.append((Channel.EMAIL, reservation.email, policy.email_hours_before))
    number = _sms_number(reservation) if sms_consent else None
    if number and policy.sms_hours_before:
        wanted.append((Channel.SMS, number, policy.sms_hours_before))
    planned = []
    for channel, recipient, hours in wanted:
        due = schedule_outside_quiet_hours(
            due=reservation.start - timedelta(hours=hours),
            appointment_start=reservation.start,
            policy=policy,
            tz=tz,
        )
        if due is None or due <= now:
            continue
        planned.append(
            plan_reminder_at(
                reservation=reservation, channel=channel, recipient=recipient, due=due
            )
        )
    return planned


def plan_reminder_at(
    *, reservation: Reservation, channel: str, recipient: str, due: datetime
) -> Message:
    """One reminder at ``due``; planning the same one again returns it unchanged."""
    message, _created = Message.objects.get_or_create(
        municipality_id=reservation.municipality_id,
        reservation=reservation,
        kind=MessageKind.REMINDER,
        channel=channel,
        due_at=due,
        defaults={"recipient": recipient, "next_attempt_at": due},
    )
    return message


def drop_reminders(*, reservation: Reservation) -> int:
    """A cancelled or moved-away appointment, or a citizen who switched reminders off."""
    return Message.objects.filter(
        reservation=reservation, kind=MessageKind.REMINDER, status=MessageStatus.PLANNED
    ).update(status=MessageStatus.DROPPED, next_attempt_at=None)


def _planned_reminders() -> QuerySet[Message]:
    return Message.objects.filter(kind=MessageKind.REMINDER, status=MessageStatus.PLANNED)


def list_due_reminder_ids(*, now: datetime, limit: int = 1000) -> list[int]:
    with scopes_disabled():
        return list_due_ids(_planned_reminders(), now=now, limit=limit)


def queue_due_reminders(*, now: datetime, limit: int = 1000) -> tuple[list[int], datetime]:
    """The due reminders to queue now, put off for the others sweeps; and until when."""
    with scopes_disabled(), transaction.atomic():
        return queue_due_ids(
            _planned_reminders(),
            now=now,
            limit=limit,
            lease=timedelta(seconds=settings.MESSAGE_LEASE_SECONDS),
        )


def _claim(*, message_id: int, now: datetime, due_by: datetime | None = None) -> bool:
    with scopes_disabled():
        return claim_due_row(
            _planned_reminders(),
            pk=message_id,
            now=now,
            lease=timedelta(seconds=settings.MESSAGE_LEASE_SECONDS),
            due_by=due_by,
        )


@dataclass(frozen=True, kw_only=True)
class ReminderContent:
    subject: str
    text: str
    html: str


def _public_url(path: str) -> str:
    return settings.BALIE_SITE_URL.rstrip("/") + path


def render_reminder(*, reservation: Reservation, channel: str) -> ReminderContent:
    """The reminder in the citizen's language and the municipality's form of address."""
    municipality = reservation.municipality
    language = texts.ui_language(reservation.language)
    with translation.override(language), timezone.override(municipality.timezone):
        itinerary = get_itinerary(reservation=reservation)
        values = texts.placeholder_values(
            reservation=reservation,
            itinerary=itinerary,
            manage_url=_public_url(
                reverse(
                    "portal:appointment",
                    kwargs={
                        "municipality_slug": municipality.slug,
                        "reference": reservation.reference,
                    },
                )
            ),
        )
        custom = texts.find_template(
            municipality_id=municipality.pk,
            kind=MessageKind.REMINDER,
            channel=channel,
            language=reservation.language,
            formal=municipality.formal_address,
        )
        if channel == Channel.SMS:
            body = (
                texts.fill(custom.body, values)
                if custom
                else texts.builtin_sms_reminder(formal=municipality.formal_address, values=values)
            )
            return ReminderContent(subject="", text=body, html="")
        subject = (
            texts.fill(custom.subject, values)
            if custom and custom.subject
            else pgettext("subject", "Reminder: %(municipality)s, %(date)s at %(time)s") % values
        )
        intro = (
            texts.fill(custom.body, values)
            if custom
            else texts.builtin_email_reminder(formal=municipality.formal_address, values=values)
        )
        context = {"intro": intro, "itinerary": itinerary, "values": values}
        return ReminderContent(
            subject=subject,
            text=render_to_string("notifications/reminder.txt", context),
            html=render_to_string("notifications/reminder.html", context),
        )


def _send_email(*, message: Message, content: ReminderContent) -> None:
    email = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": f"<reminder-{message.pk}@balie>"},
    )
    email.attach_alternative(content.html, "text/html")
    email.send()


def send_reminder(
    *, message_id: int, now: datetime | None = None, due_by: datetime | None = None
) -> str | None:
    """One attempt at one due reminder; the status it ends in, None if not ours to send.

    ``due_by``: the time until which the sweep that queued this attempt put the row off.
    """
    now = now or timezone.now()
    if not _claim(message_id=message_id, now=now, due_by=due_by):
        return None
    with scopes_disabled():
        message = Message.objects.select_related(
            "reservation", "reservation__municipality", "reservation__location"
        ).get(pk=message_id)
        reservation = message.reservation
        # Switched off after this worker listed it, before the drop reached the row.
        if (
            reservation.status != ReservationStatus.CONFIRMED
            or reservation.start <= now
            or reservation.reminders_off_at is not None
        ):
            return _finish(message, status=MessageStatus.DROPPED, now=now)
        content = render_reminder(reservation=reservation, channel=message.channel)
        if message.channel == Channel.EMAIL:
            _send_email(message=message, content=content)
            return _finish(message, status=MessageStatus.SENT, now=now)
        length = sms.measure_text(content.text)
        message.segments, message.encoding = length.segments, length.encoding[:5]
        try:
            receipt = sms.get_gateway().send(
                message_id=f"balie-{message.pk}",
                to=message.recipient,
                text=content.text,
                sender_id=settings.SMS_SENDER_ID,
            )
        except sms.SmsPermanentError as error:
            return _finish(message, status=MessageStatus.FAILED, now=now, error=str(error))
        except sms.SmsTemporaryError as error:
            return _retry_later(message, now=now, error=str(error))
        message.provider_id, message.cost = receipt.provider_id, receipt.cost
        logger.info(
            "sms %s sent: %s segment(s) %s, cost %s",
            message.pk,
            length.segments,
            length.encoding,
            receipt.cost,
        )
        return _finish(message, status=MessageStatus.SENT, now=now)


def _finish(message: Message, *, status: str, now: datetime, error: str = "") -> str:
    message.status = status
    message.attempts += 1
    message.leased_until = None
    message.next_attempt_at = None
    message.error = error[:300]
    if status == MessageStatus.SENT:
        message.sent_at = now
    message.save()
    return status


def _retry_later(message: Message, *, now: datetime, error: str) -> str:
    message.attempts += 1
    message.leased_until = None
    message.error = error[:300]
    if message.attempts > len(SMS_RETRY_DELAYS):
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
    else:
        message.next_attempt_at = now + SMS_RETRY_DELAYS[message.attempts - 1]
    message.save()
    logger.warning("sms %s not sent (attempt %s): %s", message.pk, message.attempts, error)
    return str(message.status)


def record_delivery_report(*, provider_id: str, delivered: bool, error: str = "") -> bool:
    """The gateway's report on a sent message; False when no such message exists."""
    with scopes_disabled(), transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(provider_id=provider_id, channel=Channel.SMS)
            .first()
        )
        if message is None:
            return False
        if delivered:
            message.status, message.delivered_at = MessageStatus.DELIVERED, timezone.now()
        else:
            message.status, message.error = MessageStatus.BOUNCED, error[:300]
        message.save(update_fields=["status", "delivered_at", "error", "updated_at"])
        return True


REPLANNING_KINDS = (
    ChangeKind.CONFIRMED,
    ChangeKind.MOVED,
    ChangeKind.CANCELLED,
    ChangeKind.REMINDERS_OFF,
)


def plan_reminders_after_change(event: BookingEvent) -> None:
    """The booking consequence: plan on confirm, re-plan on a move, drop on a cancel or when
    the citizen switched reminders off."""
    if event.kind not in REPLANNING_KINDS:
        return
    with scope(municipality=event.municipality_id), transaction.atomic():
        reservation = (
            Reservation.objects.select_related("municipality")
            .filter(pk=event.reservation_id)
            .first()
        )
        if reservation is None:
            return
        if event.kind != ChangeKind.CONFIRMED:
            drop_reminders(reservation=reservation)
        if event.kind in (ChangeKind.CONFIRMED, ChangeKind.MOVED):
            # plan_reminders plans nothing once the citizen switched reminders off.
            plan_reminders(
                reservation=reservation, sms_consent=reservation.sms_consent, now=event.at
            )
