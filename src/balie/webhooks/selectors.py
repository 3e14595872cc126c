# SPDX-License-Identifier: EUPL-1.2
"""Reads about a municipality's webhook subscriptions for the people who configure them."""

from django_scopes import scope

from balie.webhooks.models import Subscription


def list_paused_subscriptions(*, municipality_id: int) -> list[Subscription]:
    """Subscriptions Balie stopped sending to after repeated failures, until resumed."""
    with scope(municipality=municipality_id):
        return list(Subscription.objects.filter(paused_at__isnull=False).order_by("-paused_at"))


def get_subscription(*, municipality_id: int, subscription_id: int) -> Subscription | None:
    with scope(municipality=municipality_id):
        return Subscription.objects.filter(pk=subscription_id).first()
