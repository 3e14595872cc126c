# SPDX-License-Identifier: EUPL-1.2
"""Dates, times and amounts as each language writes them, from the Unicode CLDR data (Babel).

Django's own formats give "Woensdag 2 december" mid-sentence in Dutch and "Mittwoch 2
Dezember 2026" in German; CLDR has "woensdag 2 december" and "Mittwoch, 2. Dezember 2026".
Sentences that start with a date capitalise it themselves (``capfirst``).
"""

import re
from datetime import date, datetime

from babel.dates import format_date, format_skeleton, format_time, get_date_format
from babel.numbers import format_currency
from django.utils import timezone
from django.utils.translation import get_language

# The interface languages and the Belgian CLDR locale each one is shown in.
_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_GB"}
_YEAR = re.compile(r"[\s,]*\by+\b[.\s]*")


def babel_locale(language: str | None = None) -> str:
    code = (language or get_language() or "nl").lower().split("-")[0]
    return _LOCALES.get(code, "nl_BE")


def _as_local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def format_long_date(value: date | datetime, *, language: str | None = None) -> str:
    """ "woensdag 2 december 2026", "Mittwoch, 2. Dezember 2026"."""
    return format_date(_as_local_date(value), "full", locale=babel_locale(language))


def format_day_month(value: date | datetime, *, language: str | None = None) -> str:
    """The long date without the year: "woensdag 2 december", "Mittwoch, 2. Dezember"."""
    locale = babel_locale(language)
    pattern = _YEAR.sub("", get_date_format("full", locale=locale).pattern).strip(" ,")
    return format_date(_as_local_date(value), pattern, locale=locale)


def format_short_day(value: date | datetime, *, language: str | None = None) -> str:
    """For buttons and table cells: "wo 2 dec", "mer. 2 déc.", "Mi., 2. Dez."."""
    return format_skeleton("MMMEd", _as_local_date(value), locale=babel_locale(language))


def format_month_year(value: date | datetime, *, language: str | None = None) -> str:
    """ "december 2026"; captions capitalise it themselves."""
    return format_skeleton("yMMMM", _as_local_date(value), locale=babel_locale(language))


def format_weekday(
    value: date | datetime, *, width: str = "wide", language: str | None = None
) -> str:
    """ "woensdag" (wide) or "wo" (abbreviated)."""
    pattern = "EEEE" if width == "wide" else "EEE"
    return format_date(_as_local_date(value), pattern, locale=babel_locale(language))


def format_clock(value: datetime, *, language: str | None = None) -> str:
    """The time of day in the active time zone, 24-hour in all four languages: "09:15"."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_time(local, "HH:mm", locale=babel_locale(language))


def format_euros(cents: int, *, language: str | None = None) -> str:
    """ "€ 25,00" in Dutch, "25,00 €" in French and German, "€25.00" in English."""
    return format_currency(cents / 100, "EUR", locale=babel_locale(language))
