# SPDX-License-Identifier: EUPL-1.2
"""The visit a citizen is putting together, kept in their session until it is booked.

The session (not the URL) keeps the draft so that the back button, a language switch and
a page without JavaScript all see the same visit; nothing in it is trusted: every step
re-reads products and locations and the booking services validate again.
"""

from dataclasses import dataclass, field

from django.contrib.sessions.backends.base import SessionBase

from balie.tenants.models import Municipality

_TOKENS_KEY = "portal:manage-tokens"


@dataclass
class VisitDraft:
    items: list[tuple[int, int]] = field(default_factory=list)
    location_id: int | None = None
    hold_id: str | None = None
    # What the citizen typed on the details step, until "check your answers" books it.
    details: dict[str, str] | None = None

    @property
    def product_ids(self) -> list[int]:
        return [product_id for product_id, _quantity in self.items]

    def quantity_of(self, product_id: int) -> int:
        return dict(self.items).get(product_id, 0)


def _key(municipality: Municipality) -> str:
    return f"portal:visit:{municipality.pk}"


def read_draft(*, session: SessionBase, municipality: Municipality) -> VisitDraft:
    raw = session.get(_key(municipality)) or {}
    try:
        items = [(int(p), int(q)) for p, q in raw.get("items", [])]
    except (TypeError, ValueError):
        items = []
    details = raw.get("details")
    return VisitDraft(
        items=items,
        location_id=raw.get("location_id"),
        hold_id=raw.get("hold_id"),
        details={str(k): str(v) for k, v in details.items()}
        if isinstance(details, dict)
        else None,
    )


def write_draft(*, session: SessionBase, municipality: Municipality, draft: VisitDraft) -> None:
    session[_key(municipality)] = {
        "items": [list(item) for item in draft.items],
        "location_id": draft.location_id,
        "hold_id": draft.hold_id,
        "details": draft.details,
    }


def clear_draft(*, session: SessionBase, municipality: Municipality) -> None:
    session.pop(_key(municipality), None)


def remember_token(*, session: SessionBase, reference: str, token: str) -> None:
    """Keep the manage token so later pages need no token in their address."""
    tokens = dict(session.get(_TOKENS_KEY) or {})
    tokens[reference] = token
    session[_TOKENS_KEY] = tokens


def recall_token(*, session: SessionBase, reference: str) -> str:
    return str((session.get(_TOKENS_KEY) or {}).get(reference, ""))


_CONFIRMED_HOLDS_KEY = "portal:confirmed-holds"


def remember_confirmed_hold(*, session: SessionBase, reference: str, hold_id: str) -> None:
    """This browser held the time that became ``reference``: a second confirm (double
    click, another tab) may show the appointment although its token went to the first."""
    holds = dict(session.get(_CONFIRMED_HOLDS_KEY) or {})
    holds[reference] = hold_id
    session[_CONFIRMED_HOLDS_KEY] = holds


def recall_confirmed_hold(*, session: SessionBase, reference: str) -> str:
    return str((session.get(_CONFIRMED_HOLDS_KEY) or {}).get(reference, ""))
