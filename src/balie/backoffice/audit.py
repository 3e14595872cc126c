# SPDX-License-Identifier: EUPL-1.2
"""The one place where the back office reports reads and exports of personal data.

Every appointment page, search and export lands in the municipality's audit trail, with
who, from where and how strongly they signed in.
"""

from collections.abc import Sequence

from django.http import HttpRequest

from balie.audit.models import AuditAction
from balie.audit.services import actor_from_request, record_event
from balie.tenants.models import Municipality

_ACTIONS = {
    "view": AuditAction.APPOINTMENT_VIEWED,
    "search": AuditAction.APPOINTMENT_SEARCHED,
    "export": AuditAction.DATA_EXPORTED,
}
# Enough to say whose data was seen; a whole day's export is summed up by its count.
MAX_REFERENCES_RECORDED = 100


def report_personal_data_access(
    *,
    request: HttpRequest,
    municipality: Municipality,
    action: str,
    references: Sequence[str],
) -> None:
    """``action`` is ``view``, ``search`` or ``export``; ``references`` the appointments seen."""
    record_event(
        action=_ACTIONS[action],
        actor=actor_from_request(request),
        municipality_id=municipality.pk,
        target_type="reservation",
        target_id=references[0] if action == "view" and references else "",
        detail={
            "count": len(references),
            "references": list(references[:MAX_REFERENCES_RECORDED]),
        },
    )
