# SPDX-License-Identifier: EUPL-1.2
"""Message texts: a municipality's own templates with safe placeholders, or the built-in ones.

Placeholders are ``{name}`` from the fixed list in ``models.PLACEHOLDERS``; a template is
filled with ``str.format_map`` over plain strings only, so a template can never reach an
attribute or call anything.
"""

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from balie.booking.models import Reservation
from balie.core.formats import format_clock, format_day_month
from balie.notifications.models import PLACEHOLDERS, MessageTemplate
from balie.notifications.selectors import Itinerary


def ui_language(content_language: str) -> str:
    # Reservations store the content language ("nl"); the interface speaks Belgian Dutch.
    return "nl-be" if content_language == "nl" else content_language


def placeholder_values(
    *, reservation: Reservation, itinerary: Itinerary, manage_url: str
) -> dict[str, str]:
    return {
        "given_name": reservation.given_name,
        "reference": itinerary.reference,
        "date": format_day_month(itinerary.start),
        "time": format_clock(itinerary.start),
        "location": itinerary.location,
        "address": itinerary.address,
        "municipality": itinerary.municipality,
        "manage_url": manage_url,
    }


def placeholders_in(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise ValidationError(
            _("The text has an unmatched brace: write {{ or }} for a brace itself."),
            code="template_braces",
        ) from error


def validate_template_text(template: str) -> None:
    """Refuse unknown placeholders, naming them, so an admin can fix the typo."""
    unknown = sorted(placeholders_in(template) - set(PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s. You can use: %(allowed)s."),
            code="template_unknown_placeholder",
            params={
                "names": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
        )


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def find_template(
    *, municipality_id: int, kind: str, channel: str, language: str, formal: bool
) -> MessageTemplate | None:
    return MessageTemplate.objects.filter(
        municipality_id=municipality_id,
        kind=kind,
        channel=channel,
        language=language,
        formal=formal,
    ).first()


def builtin_sms_reminder(*, formal: bool, values: dict[str, Any]) -> str:
    if formal:
        return (
            pgettext(
                "formal",
                "Reminder: %(municipality)s, %(date)s %(time)s, %(location)s (%(reference)s). "
                "Cannot come? Cancel: %(manage_url)s",
            )
            % values
        )
    return (
        pgettext(
            "informal",
            "Reminder: %(municipality)s, %(date)s %(time)s, %(location)s (%(reference)s). "
            "Cannot come? Cancel: %(manage_url)s",
        )
        % values
    )


def builtin_email_reminder(*, formal: bool, values: dict[str, Any]) -> str:
    if formal:
        return (
            pgettext(
                "formal",
                "Dear %(given_name)s, this is a reminder of your appointment on %(date)s at "
                "%(time)s. Can you not come? Then cancel it, so someone else can have the time.",
            )
            % values
        )
    return (
        pgettext(
            "informal",
            "Hi %(given_name)s, this is a reminder of your appointment on %(date)s at "
            "%(time)s. Can you not come? Then cancel it, so someone else can have the time.",
        )
        % values
    )
