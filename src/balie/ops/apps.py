# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What an operator needs to run Balie: health, readiness, metrics, request ids in logs."""

    name = "balie.ops"
    label = "ops"
