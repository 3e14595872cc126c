# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What an operator needs to run Balie: health, readiness, metrics, request ids in logs."""

    name = "balie.ops"
    label = "ops"

    def ready(self) -> None:
        from balie.booking.consequences import register_consequence
        from balie.ops.metrics import count_booking_act

        # This process's own counters: they must count where the act was made.
        register_consequence(count_booking_act, in_request=True)
