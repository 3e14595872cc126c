# SPDX-License-Identifier: EUPL-1.2
from celery import shared_task

from balie.notifications.services import send_appointment_message


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_appointment_message_task(
    *,
    municipality_id: int,
    reservation_id: int,
    kind: str,
    site_url: str = "",
    manage_token: str = "",
) -> None:
    send_appointment_message(
        municipality_id=municipality_id,
        reservation_id=reservation_id,
        kind=kind,
        site_url=site_url,
        manage_token=manage_token,
    )
