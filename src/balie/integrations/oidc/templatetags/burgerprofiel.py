# SPDX-License-Identifier: EUPL-1.2
"""``{% burgerprofiel_header municipality %}``: the Flemish global header, when switched on."""

from typing import Any

from django import template
from django.conf import settings

from balie.integrations.oidc.embed import is_embedded
from balie.integrations.oidc.selectors import get_login_settings
from balie.tenants.models import Municipality

register = template.Library()


@register.inclusion_tag("oidc/_burgerprofiel_header.html", takes_context=True)
def burgerprofiel_header(
    context: dict[str, Any], municipality: Municipality | None
) -> dict[str, Any]:
    request = context.get("request")
    if (
        not isinstance(municipality, Municipality)
        or request is None
        or is_embedded(request=request)
    ):
        # Inside Mijn Burgerprofiel its own header is already on screen.
        return {"widget_url": ""}
    login_settings = get_login_settings(municipality=municipality)
    if not login_settings.burgerprofiel_header or not login_settings.burgerprofiel_widget_id:
        return {"widget_url": ""}
    base = settings.BURGERPROFIEL_WIDGET_BASE_URL.rstrip("/")
    return {"widget_url": f"{base}/api/v1/widget/{login_settings.burgerprofiel_widget_id}/embed"}
