# SPDX-License-Identifier: EUPL-1.2
"""Multilingual catalog content, stored as JSON keyed by language code.

Content languages are the short codes ``nl``, ``fr``, ``en`` and ``de``; the UI language
``nl-be`` maps to ``nl``.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CONTENT_LANGUAGES = ("nl", "fr", "en", "de")
# Dutch is the authoritative language; fall back to it, then to anything present.
FALLBACK_ORDER = ("nl", "en", "fr", "de")


# The form of address of the pages being rendered, like the active language: a citizen page
# of an informal ("je") municipality sets it, so catalog texts can pick their "je" variant.
_informal_address: ContextVar[bool] = ContextVar("informal_address", default=False)


@contextmanager
def address_override(*, formal: bool) -> Iterator[None]:
    token = _informal_address.set(not formal)
    try:
        yield
    finally:
        _informal_address.reset(token)


def is_informal_address_active() -> bool:
    return _informal_address.get()


def content_language(language: str | None = None) -> str:
    code = (language or get_language() or "nl").lower().split("-")[0]
    return code if code in CONTENT_LANGUAGES else "nl"


def translate_text(value: Mapping[str, str] | None, language: str | None = None) -> str:
    """Return the text in ``language``, falling back to Dutch, then any language present."""
    if not value:
        return ""
    wanted = content_language(language)
    for code in (wanted, *FALLBACK_ORDER):
        text = value.get(code)
        if text:
            return text
    return next((text for text in value.values() if text), "")


def validate_translations(value: object, *, required: bool = True) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_('Enter texts per language, for example {"nl": "..."}.'))
    unknown = sorted(set(value) - set(CONTENT_LANGUAGES))
    if unknown:
        raise ValidationError(
            _("Unknown language code(s): %(codes)s. Use nl, fr, en or de."),
            params={"codes": ", ".join(unknown)},
        )
    if any(not isinstance(text, str) for text in value.values()):
        raise ValidationError(_("Every translation must be text."))
    if required and not value.get("nl"):
        raise ValidationError(_("The Dutch text is required."))


def validate_required_translations(value: object) -> None:
    validate_translations(value, required=True)


def validate_optional_translations(value: object) -> None:
    validate_translations(value, required=False)
