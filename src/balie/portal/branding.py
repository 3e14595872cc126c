# SPDX-License-Identifier: EUPL-1.2
"""A municipality's colours, checked against WCAG 2.1 contrast before they reach a page.

Municipal admins pick any colour; white text on a pale brand colour would fail WCAG 1.4.3
(a legal duty for Flemish public bodies), so a colour that fails falls back to a dark one.
"""

import re
from dataclasses import dataclass

WHITE = "#ffffff"
# Dark slate: 14.7:1 against white, so white text on it always passes AA and AAA.
FALLBACK_DARK = "#1f2933"
MIN_TEXT_CONTRAST = 4.5
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Branding:
    name: str
    logo_url: str
    header_background: str
    header_text: str
    action_colour: str
    accent_colour: str
    primary_colour_passes: bool


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4


def compute_relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    hex_digits = colour.lstrip("#")
    red, green, blue = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def compute_contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted(
        (compute_relative_luminance(first), compute_relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def build_branding(*, name: str, logo_url: str, primary: str, accent: str) -> Branding:
    """Colours for the header and buttons, which carry white text."""
    passes = compute_contrast_ratio(WHITE, primary) >= MIN_TEXT_CONTRAST
    safe = primary if passes else FALLBACK_DARK
    return Branding(
        name=name,
        logo_url=logo_url,
        header_background=safe,
        header_text=WHITE,
        action_colour=safe,
        # The accent is only a decorative stripe, never text or meaning, so any colour goes.
        accent_colour=accent,
        primary_colour_passes=passes,
    )


def render_brand_css(branding: Branding) -> str:
    """The colours as the custom properties balie.css uses; every value is a checked #rrggbb."""
    accent = branding.accent_colour if _HEX.fullmatch(branding.accent_colour) else "#ffe615"
    action = branding.action_colour if _HEX.fullmatch(branding.action_colour) else FALLBACK_DARK
    header = (
        branding.header_background if _HEX.fullmatch(branding.header_background) else FALLBACK_DARK
    )
    return (
        ":root {"
        f" --brand: {header}; --brand-text: {branding.header_text};"
        f" --action: {action}; --accent: {accent};"
        " }\n"
    )
