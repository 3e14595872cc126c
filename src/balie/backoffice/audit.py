# SPDX-License-Identifier: EUPL-1.2
"""The one place where the back office reports reads and exports of personal data.

Issue 12 builds ``balie.audit``; until it lands this only logs. Wire ``record_event`` in
here and every appointment page, search and export is recorded.
"""

import logging
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from balie.tenants.models import Municipality

logger = logging.getLogger("balie.backoffice.personal_data")


def report_personal_data_access(
    *,
    user: AbstractBaseUser | AnonymousUser,
    municipality: Municipality,
    action: str,
    references: Sequence[str],
) -> None:
    """``action`` is ``view``, ``search`` or ``export``; ``references`` the appointments seen."""
    logger.info(
        "personal data %s by user %s in %s: %d appointment(s)",
        action,
        user.pk,
        municipality.slug,
        len(references),
    )
