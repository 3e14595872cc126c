# SPDX-License-Identifier: EUPL-1.2
"""Sentences that address the citizen, in the municipality's formal ("u") or informal ("je") voice.

Each sentence is marked twice, with the gettext contexts ``formal`` and ``informal``, so the
Dutch catalog can say "u" in one and "je" in the other while French, English and German
simply translate both the same. Literal contexts are needed: makemessages cannot extract a
context held in a variable. Sentences that do not address anyone use plain gettext.
"""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

FORMAL = "formal"
INFORMAL = "informal"

_TEXTS: dict[str, tuple[Promise, Promise]] = {
    "intro": (
        pgettext_lazy(
            "formal",
            "Book one visit for everything you need, even when several counters help you.",
        ),
        pgettext_lazy(
            "informal",
            "Book one visit for everything you need, even when several counters help you.",
        ),
    ),
    "choose_products": (
        pgettext_lazy("formal", "What do you want to arrange?"),
        pgettext_lazy("informal", "What do you want to arrange?"),
    ),
    "visit_empty": (
        pgettext_lazy("formal", "You have not chosen anything yet."),
        pgettext_lazy("informal", "You have not chosen anything yet."),
    ),
    "cannot_combine": (
        pgettext_lazy(
            "formal",
            "No location can handle all these products in one visit. Remove a product and "
            "book it in a separate visit.",
        ),
        pgettext_lazy(
            "informal",
            "No location can handle all these products in one visit. Remove a product and "
            "book it in a separate visit.",
        ),
    ),
    "choose_location": (
        pgettext_lazy("formal", "Where do you want to go?"),
        pgettext_lazy("informal", "Where do you want to go?"),
    ),
    "choose_day": (
        pgettext_lazy("formal", "Which day suits you?"),
        pgettext_lazy("informal", "Which day suits you?"),
    ),
    "choose_time": (
        pgettext_lazy("formal", "Which time suits you?"),
        pgettext_lazy("informal", "Which time suits you?"),
    ),
    "held_until": (
        pgettext_lazy(
            "formal", "We keep this time for you until %(time)s. Fill in your details before then."
        ),
        pgettext_lazy(
            "informal",
            "We keep this time for you until %(time)s. Fill in your details before then.",
        ),
    ),
    "your_details": (
        pgettext_lazy("formal", "Your details"),
        pgettext_lazy("informal", "Your details"),
    ),
    "email_help": (
        pgettext_lazy("formal", "We send your confirmation and a calendar file to this address."),
        pgettext_lazy(
            "informal", "We send your confirmation and a calendar file to this address."
        ),
    ),
    "error_summary": (
        pgettext_lazy("formal", "Please check the following:"),
        pgettext_lazy("informal", "Please check the following:"),
    ),
    "confirmed": (
        pgettext_lazy("formal", "Your appointment is confirmed."),
        pgettext_lazy("informal", "Your appointment is confirmed."),
    ),
    "email_sent": (
        pgettext_lazy("formal", "We have sent the confirmation to %(email)s."),
        pgettext_lazy("informal", "We have sent the confirmation to %(email)s."),
    ),
    "wait_before": (
        pgettext_lazy(
            "formal", "You wait about %(minutes)s minutes in the waiting room before this counter."
        ),
        pgettext_lazy(
            "informal",
            "You wait about %(minutes)s minutes in the waiting room before this counter.",
        ),
    ),
    "what_to_bring": (
        pgettext_lazy("formal", "What to bring"),
        pgettext_lazy("informal", "What to bring"),
    ),
    "qr_help": (
        pgettext_lazy("formal", "Show this code when you arrive, to check in."),
        pgettext_lazy("informal", "Show this code when you arrive, to check in."),
    ),
    "cancel_question": (
        pgettext_lazy("formal", "Do you really want to cancel this appointment?"),
        pgettext_lazy("informal", "Do you really want to cancel this appointment?"),
    ),
    "cancelled": (
        pgettext_lazy("formal", "Your appointment has been cancelled."),
        pgettext_lazy("informal", "Your appointment has been cancelled."),
    ),
    "moved": (
        pgettext_lazy("formal", "Your appointment has been moved."),
        pgettext_lazy("informal", "Your appointment has been moved."),
    ),
    "move_intro": (
        pgettext_lazy(
            "formal",
            "Choose a new day and time. Your current appointment stays as it is until you "
            "choose a new time.",
        ),
        pgettext_lazy(
            "informal",
            "Choose a new day and time. Your current appointment stays as it is until you "
            "choose a new time.",
        ),
    ),
    "slot_taken": (
        pgettext_lazy(
            "formal",
            "Someone else has just booked this time. Choose one of these nearby times or "
            "another day.",
        ),
        pgettext_lazy(
            "informal",
            "Someone else has just booked this time. Choose one of these nearby times or "
            "another day.",
        ),
    ),
    "hold_expired": (
        pgettext_lazy(
            "formal", "The time we kept for you has expired. Please choose a time again."
        ),
        pgettext_lazy(
            "informal", "The time we kept for you has expired. Please choose a time again."
        ),
    ),
    "unknown_appointment": (
        pgettext_lazy(
            "formal",
            "We cannot find this appointment. Please use the link in your confirmation e-mail.",
        ),
        pgettext_lazy(
            "informal",
            "We cannot find this appointment. Please use the link in your confirmation e-mail.",
        ),
    ),
    "nothing_bookable": (
        pgettext_lazy(
            "formal",
            "You cannot book an appointment online here yet. Please contact the municipality.",
        ),
        pgettext_lazy(
            "informal",
            "You cannot book an appointment online here yet. Please contact the municipality.",
        ),
    ),
    "email_greeting": (
        pgettext_lazy("formal", "Dear %(name)s,"),
        pgettext_lazy("informal", "Hello %(name)s,"),
    ),
    "email_manage": (
        pgettext_lazy(
            "formal", "Do you want to cancel or move your appointment? Use this personal link:"
        ),
        pgettext_lazy(
            "informal", "Do you want to cancel or move your appointment? Use this personal link:"
        ),
    ),
}


def get_addressed_texts(*, formal: bool) -> Mapping[str, Promise]:
    """The sentences in the requested voice, translated lazily in the active language."""
    index = 0 if formal else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}


def get_address_context(*, formal: bool) -> str:
    return FORMAL if formal else INFORMAL
