# SPDX-License-Identifier: EUPL-1.2
"""Dates, times and amounts as each language writes them (CLDR through Babel)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from balie.core import formats

WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("language", "long_date", "day_month", "short_day"),
    [
        ("nl-be", "woensdag 2 december 2026", "woensdag 2 december", "wo 2 dec"),
        ("fr", "mercredi 2 décembre 2026", "mercredi 2 décembre", "mer. 2 déc."),
        ("de", "Mittwoch, 2. Dezember 2026", "Mittwoch, 2. Dezember", "Mi., 2. Dez."),
        ("en", "Wednesday, 2 December 2026", "Wednesday, 2 December", "Wed 2 Dec"),
    ],
)
def test_a_day_is_written_the_way_its_language_does(language, long_date, day_month, short_day):
    with translation.override(language):
        assert formats.format_long_date(WEDNESDAY) == long_date
        assert formats.format_day_month(WEDNESDAY) == day_month
        assert formats.format_short_day(WEDNESDAY) == short_day


def test_an_aware_time_is_shown_in_the_active_time_zone_on_the_24_hour_clock():
    # 08:15 UTC is 09:15 in Brussels in winter, whatever the language
    moment = datetime(2026, 12, 2, 8, 15, tzinfo=ZoneInfo("UTC"))
    with timezone.override(ZoneInfo("Europe/Brussels")):
        for language in ("nl-be", "fr", "en", "de"):
            with translation.override(language):
                assert formats.format_clock(moment) == "09:15"
        # and the day of a late-evening UTC time is the Brussels day
        with translation.override("nl-be"):
            late = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
            assert formats.format_day_month(late) == "woensdag 2 december"


def test_amounts_follow_the_language():
    with translation.override("nl-be"):
        assert formats.format_euros(2500) == "€\xa025,00"
    with translation.override("fr"):
        assert formats.format_euros(2500).replace("\u202f", " ").replace("\xa0", " ") == "25,00 €"
