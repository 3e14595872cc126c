# SPDX-License-Identifier: EUPL-1.2
"""A saved or deleted municipality is read afresh by every process (``selectors``)."""

from typing import Any

from django.db.models.signals import post_delete, post_save

from balie.tenants.models import Municipality
from balie.tenants.selectors import note_municipality_change


def _on_municipality_change(sender: type, instance: Municipality, **kwargs: Any) -> None:
    note_municipality_change(slug=instance.slug)


def connect() -> None:
    post_save.connect(_on_municipality_change, sender=Municipality, dispatch_uid="municipality")
    post_delete.connect(_on_municipality_change, sender=Municipality, dispatch_uid="municipality")
