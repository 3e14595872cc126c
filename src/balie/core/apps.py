# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "balie.core"
    label = "core"

    def ready(self) -> None:
        # Loaded with Django so that `.delay()` finds the configured app in every process.
        import balie.celery  # noqa: F401
