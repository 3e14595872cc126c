# SPDX-License-Identifier: EUPL-1.2
"""Template filters over balie.core.formats: ``{% load balie_formats %}{{ day|long_date }}``."""

from datetime import date, datetime

from django import template

from balie.core import formats

register = template.Library()


@register.filter
def long_date(value: date | datetime | None) -> str:
    return formats.format_long_date(value) if value else ""


@register.filter
def day_month(value: date | datetime | None) -> str:
    return formats.format_day_month(value) if value else ""


@register.filter
def short_day(value: date | datetime | None) -> str:
    return formats.format_short_day(value) if value else ""


@register.filter
def month_year(value: date | datetime | None) -> str:
    return formats.format_month_year(value) if value else ""


@register.filter
def weekday(value: date | datetime | None, width: str = "wide") -> str:
    return formats.format_weekday(value, width=width) if value else ""


@register.filter
def clock(value: datetime | None) -> str:
    return formats.format_clock(value) if value else ""


@register.filter
def euros(cents: int | None) -> str:
    return formats.format_euros(cents) if cents is not None else ""
