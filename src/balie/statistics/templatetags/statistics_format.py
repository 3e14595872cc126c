# SPDX-License-Identifier: EUPL-1.2
"""Figures as people read them: a dash for "no figure", shares as percentages."""

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else f"{floatformat(value * 100, 1)} %"


@register.filter
def figure(value: float | None, decimals: int = 0) -> str:
    return "–" if value is None else str(floatformat(value, decimals))
