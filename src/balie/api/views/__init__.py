# SPDX-License-Identifier: EUPL-1.2
"""API views: one APIView per operation, adapting HTTP to services and selectors."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from balie.booking.actors import Actor, ActorKind, actor_from_request
from balie.tenants.models import Municipality
from balie.tenants.selectors import get_current_municipality, is_staff_member


def get_municipality_or_404(slug: str) -> Municipality:
    municipality = get_current_municipality(slug=slug)
    if municipality is None:
        raise NotFound(_("There is no municipality with this slug."))
    return municipality


def get_actor(request: Request, municipality: Municipality) -> Actor:
    """Staff of ``municipality`` act as staff; every other caller is an API client."""
    staff = is_staff_member(user=request.user, municipality=municipality)
    return actor_from_request(
        request._request, kind=ActorKind.STAFF if staff else ActorKind.API_CLIENT
    )
