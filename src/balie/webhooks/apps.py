# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Signed event deliveries to integrators' systems (Standard Webhooks)."""

    name = "balie.webhooks"
    label = "webhooks"
    verbose_name = _("webhooks")

    def ready(self) -> None:
        from balie.booking.consequences import register_consequence
        from balie.webhooks.services import BOOKING_EVENT_KINDS, publish_booking_event

        register_consequence(publish_booking_event, kinds=BOOKING_EVENT_KINDS)
