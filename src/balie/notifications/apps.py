# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "balie.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from balie.booking.consequences import register_consequence
        from balie.notifications.reminders import REPLANNING_KINDS, plan_reminders_after_change
        from balie.notifications.services import NOTIFIED_KINDS, notify_citizen_of_change

        register_consequence(notify_citizen_of_change, kinds=NOTIFIED_KINDS)
        register_consequence(plan_reminders_after_change, kinds=REPLANNING_KINDS)
