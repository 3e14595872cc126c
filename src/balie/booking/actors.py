# SPDX-License-Identifier: EUPL-1.2
"""Who does a booking or desk act: a citizen, a staff user, an API client or the system.

Every use case takes an ``Actor``. It is recorded on the reservation's history, decides
the audience (staff see staff-only capacity and skip the citizen's limits), carries the
client address the abuse limits count, and the site address that links in messages use.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff member")
    API_CLIENT = "api_client", _("API client")
    SYSTEM = "system", _("System")


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user_id: int | None = None
    client_address: str = ""
    # Scheme and host the request came in on ("https://afspraak.example.be"), so the
    # manage link in a message points where the citizen or integrator already is.
    site_url: str = ""

    @property
    def is_staff(self) -> bool:
        return self.kind == ActorKind.STAFF

    @property
    def is_public(self) -> bool:
        """Citizens and API clients without a staff login: the abuse limits apply."""
        return self.kind in (ActorKind.CITIZEN, ActorKind.API_CLIENT)


SYSTEM = Actor(kind=ActorKind.SYSTEM)


def get_client_address(request: HttpRequest) -> str:
    """The client's address, from the trusted proxy's header when one is configured.

    Without ``BALIE_TRUSTED_PROXY_COUNT`` only REMOTE_ADDR counts: a forwarded-for header
    is set by the client unless a trusted proxy overwrites it, so trusting it blindly would
    let anyone pick a fresh address per request and escape every limit. With N trusted
    proxies, each appends the address it saw, so the client is the N-th entry from the right.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "unknown")
    proxies = int(getattr(settings, "BALIE_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    header = str(getattr(settings, "BALIE_TRUSTED_PROXY_HEADER", "X-Forwarded-For"))
    value = str(request.META.get("HTTP_" + header.upper().replace("-", "_"), ""))
    addresses = [part.strip() for part in value.split(",") if part.strip()]
    if not addresses:
        return remote
    return addresses[-proxies] if len(addresses) >= proxies else addresses[0]


def actor_from_request(request: HttpRequest, *, kind: ActorKind) -> Actor:
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    return Actor(
        kind=kind,
        user_id=user_id,
        client_address=get_client_address(request),
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
