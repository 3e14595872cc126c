# SPDX-License-Identifier: EUPL-1.2
"""API views: one APIView per operation, adapting HTTP to services and selectors."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound

from balie.tenants.models import Municipality
from balie.tenants.selectors import get_municipality


def get_municipality_or_404(slug: str) -> Municipality:
    municipality = get_municipality(slug=slug)
    if municipality is None:
        raise NotFound(_("There is no municipality with this slug."))
    return municipality
