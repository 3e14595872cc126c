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
    "your_visit": (
        pgettext_lazy("formal", "Your visit"),
        pgettext_lazy("informal", "Your visit"),
    ),
    "your_visit_label": (
        pgettext_lazy("formal", "Your visit:"),
        pgettext_lazy("informal", "Your visit:"),
    ),
    "in_your_visit": (
        pgettext_lazy("formal", "In your visit"),
        pgettext_lazy("informal", "In your visit"),
    ),
    "no_match": (
        pgettext_lazy(
            "formal", "No product matches your search. Try another word or browse by theme."
        ),
        pgettext_lazy(
            "informal", "No product matches your search. Try another word or browse by theme."
        ),
    ),
    "back_to_products": (
        pgettext_lazy("formal", "Back to your products"),
        pgettext_lazy("informal", "Back to your products"),
    ),
    "your_appointment": (
        pgettext_lazy("formal", "Your appointment"),
        pgettext_lazy("informal", "Your appointment"),
    ),
    "your_route": (
        pgettext_lazy("formal", "Your route"),
        pgettext_lazy("informal", "Your route"),
    ),
    "qr_label": (
        pgettext_lazy("formal", "QR code with your reference %(reference)s"),
        pgettext_lazy("informal", "QR code with your reference %(reference)s"),
    ),
    "change_appointment": (
        pgettext_lazy("formal", "Change your appointment"),
        pgettext_lazy("informal", "Change your appointment"),
    ),
    "reach_you": (
        pgettext_lazy("formal", "How can we reach you?"),
        pgettext_lazy("informal", "How can we reach you?"),
    ),
    "verified_number_help": (
        pgettext_lazy(
            "formal", "From your Flemish government login; only the last digits are shown."
        ),
        pgettext_lazy(
            "informal", "From your Flemish government login; only the last digits are shown."
        ),
    ),
    "national_number_help": (
        pgettext_lazy(
            "formal", "11 digits, on the back of your identity card, e.g. 85.07.30-033.61."
        ),
        pgettext_lazy(
            "informal", "11 digits, on the back of your identity card, e.g. 85.07.30-033.61."
        ),
    ),
    "phone_help": (
        pgettext_lazy(
            "formal", "Your mobile number, e.g. 0470 12 34 56; needed only for a text reminder."
        ),
        pgettext_lazy(
            "informal", "Your mobile number, e.g. 0470 12 34 56; needed only for a text reminder."
        ),
    ),
    "sms_consent_help": (
        pgettext_lazy("formal", "We send you a text message only if you tick this box."),
        pgettext_lazy("informal", "We send you a text message only if you tick this box."),
    ),
    "reminders_on": (
        pgettext_lazy(
            "formal",
            "We remind you of this appointment before it starts. You can switch this off.",
        ),
        pgettext_lazy(
            "informal",
            "We remind you of this appointment before it starts. You can switch this off.",
        ),
    ),
    "reminders_off": (
        pgettext_lazy("formal", "You get no reminders for this appointment."),
        pgettext_lazy("informal", "You get no reminders for this appointment."),
    ),
    "time_expired": (
        pgettext_lazy("formal", "Your time has expired"),
        pgettext_lazy("informal", "Your time has expired"),
    ),
    "first_choose": (
        pgettext_lazy("formal", "First choose what you want to arrange."),
        pgettext_lazy("informal", "First choose what you want to arrange."),
    ),
    "removed_from_visit": (
        pgettext_lazy("formal", "“%(product)s” was removed from your visit."),
        pgettext_lazy("informal", "“%(product)s” was removed from your visit."),
    ),
    "visit_now_has": (
        pgettext_lazy("formal", "Your visit now has %(quantity)s × “%(product)s”."),
        pgettext_lazy("informal", "Your visit now has %(quantity)s × “%(product)s”."),
    ),
    "max_quantity": (
        pgettext_lazy("formal", "You can book at most %(max)s of “%(product)s” in one visit."),
        pgettext_lazy("informal", "You can book at most %(max)s of “%(product)s” in one visit."),
    ),
    "locations_help": (
        pgettext_lazy(
            "formal",
            "Only the locations that can help you with everything in your visit are shown.",
        ),
        pgettext_lazy(
            "informal",
            "Only the locations that can help you with everything in your visit are shown.",
        ),
    ),
    "what_to_bring_label": (
        pgettext_lazy("formal", "What to bring:"),
        pgettext_lazy("informal", "What to bring:"),
    ),
    "check_title": (
        pgettext_lazy("formal", "Check your answers before you book"),
        pgettext_lazy("informal", "Check your answers before you book"),
    ),
    "check_intro": (
        pgettext_lazy("formal", "Nothing is booked yet. Check everything, then confirm."),
        pgettext_lazy("informal", "Nothing is booked yet. Check everything, then confirm."),
    ),
    "your_details_label": (
        pgettext_lazy("formal", "Your details"),
        pgettext_lazy("informal", "Your details"),
    ),
    "limit_reached": (
        pgettext_lazy(
            "formal",
            "You already have the maximum number of upcoming appointments for this product.",
        ),
        pgettext_lazy(
            "informal",
            "You already have the maximum number of upcoming appointments for this product.",
        ),
    ),
    "subject_confirmed": (
        pgettext_lazy("formal", "Your appointment at %(municipality)s: %(reference)s"),
        pgettext_lazy("informal", "Your appointment at %(municipality)s: %(reference)s"),
    ),
    "subject_moved": (
        pgettext_lazy(
            "formal", "Your appointment at %(municipality)s has been moved (%(reference)s)"
        ),
        pgettext_lazy(
            "informal", "Your appointment at %(municipality)s has been moved (%(reference)s)"
        ),
    ),
    "subject_cancelled": (
        pgettext_lazy(
            "formal", "Your appointment at %(municipality)s has been cancelled (%(reference)s)"
        ),
        pgettext_lazy(
            "informal", "Your appointment at %(municipality)s has been cancelled (%(reference)s)"
        ),
    ),
    "kiosk_your_number": (
        pgettext_lazy("formal", "Your number"),
        pgettext_lazy("informal", "Your number"),
    ),
    "kiosk_wait": (
        pgettext_lazy("formal", "Please wait until your number appears."),
        pgettext_lazy("informal", "Please wait until your number appears."),
    ),
    "kiosk_what_for": (
        pgettext_lazy("formal", "What do you come for?"),
        pgettext_lazy("informal", "What do you come for?"),
    ),
    "kiosk_have_appointment": (
        pgettext_lazy("formal", "Do you have an appointment?"),
        pgettext_lazy("informal", "Do you have an appointment?"),
    ),
    "kiosk_reference_help": (
        pgettext_lazy(
            "formal", "Type the reference from your confirmation (BAL-…) or scan its QR code."
        ),
        pgettext_lazy(
            "informal", "Type the reference from your confirmation (BAL-…) or scan its QR code."
        ),
    ),
    "kiosk_checked_in": (
        pgettext_lazy(
            "formal",
            "You are checked in. Please take a seat; your number will appear on the screen.",
        ),
        pgettext_lazy(
            "informal",
            "You are checked in. Please take a seat; your number will appear on the screen.",
        ),
    ),
    "kiosk_not_found": (
        pgettext_lazy(
            "formal",
            "We cannot find this appointment for today. Check the reference or ask at the "
            "counter.",
        ),
        pgettext_lazy(
            "informal",
            "We cannot find this appointment for today. Check the reference or ask at the "
            "counter.",
        ),
    ),
    "kiosk_no_appointment": (
        pgettext_lazy("formal", "No appointment? Choose what you come for and take a number."),
        pgettext_lazy("informal", "No appointment? Choose what you come for and take a number."),
    ),
    "display_wait": (
        pgettext_lazy(
            "formal", "Please wait until your number appears. Then go to the counter shown."
        ),
        pgettext_lazy(
            "informal", "Please wait until your number appears. Then go to the counter shown."
        ),
    ),
    "not_found_text": (
        pgettext_lazy(
            "formal",
            "The page you are looking for does not exist (any more). Check the address or "
            "start again.",
        ),
        pgettext_lazy(
            "informal",
            "The page you are looking for does not exist (any more). Check the address or "
            "start again.",
        ),
    ),
    "server_error_text": (
        pgettext_lazy(
            "formal",
            "Something went wrong on our side. Your request was not carried out. Please try "
            "again in a moment.",
        ),
        pgettext_lazy(
            "informal",
            "Something went wrong on our side. Your request was not carried out. Please try "
            "again in a moment.",
        ),
    ),
    "forbidden_text": (
        pgettext_lazy("formal", "You do not have access to this page."),
        pgettext_lazy("informal", "You do not have access to this page."),
    ),
    "not_allowed_text": (
        pgettext_lazy(
            "formal", "This page cannot be used this way. Go back and use the buttons on the page."
        ),
        pgettext_lazy(
            "informal",
            "This page cannot be used this way. Go back and use the buttons on the page.",
        ),
    ),
    "csrf_failure_text": (
        pgettext_lazy(
            "formal",
            "The page was open for a long time, or your browser refused our cookie. Go back, "
            "reload the page and try again.",
        ),
        pgettext_lazy(
            "informal",
            "The page was open for a long time, or your browser refused our cookie. Go back, "
            "reload the page and try again.",
        ),
    ),
    "cost_varies": (
        pgettext_lazy("formal", "Some costs depend on your situation; see each product."),
        pgettext_lazy("informal", "Some costs depend on your situation; see each product."),
    ),
}


def get_addressed_texts(*, formal: bool) -> Mapping[str, Promise]:
    """The sentences in the requested voice, translated lazily in the active language."""
    index = 0 if formal else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}


def get_address_context(*, formal: bool) -> str:
    return FORMAL if formal else INFORMAL
