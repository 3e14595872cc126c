# SPDX-License-Identifier: EUPL-1.2
"""Feed order under concurrent writers, on a real PostgreSQL.

A reader who has seen the feed up to some member must never later find a member inserted
before it: LPDC caches full pages as immutable. Writers here hold their transaction open
for a while after writing (as a slow commit would), with clocks deliberately out of step,
while a reader polls the feed in feed order; every read must extend the previous one.
"""

import random
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from balie.catalog.models import Product
from balie.integrations.oslo.models import ProductSnapshot
from balie.integrations.oslo.services import record_product_snapshots
from balie.integrations.oslo.tests.conftest import PINNED, Town

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

WRITERS = 8


def feed_order(town: Town) -> list[int]:
    with scopes_disabled():
        return list(
            ProductSnapshot.objects.filter(municipality=town.municipality)
            .order_by("generated_at", "id")
            .values_list("id", flat=True)
        )


def test_concurrent_writers_only_ever_append_to_the_feed(postgres, town: Town) -> None:
    # Given published snapshots and writers whose clocks disagree
    record_product_snapshots(municipality=town.municipality, now=PINNED)
    before = len(feed_order(town))
    barrier = threading.Barrier(WRITERS + 1)
    done = threading.Event()
    errors: list[BaseException] = []
    reads: list[list[int]] = []

    def writer(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            with transaction.atomic(), scopes_disabled():
                Product.objects.filter(pk=town.eid.pk).update(title={"nl": f"Versie {index}"})
                # Later writers claim earlier times, as a lagging clock would.
                record_product_snapshots(
                    municipality=town.municipality,
                    product_ids=[town.eid.pk],
                    now=PINNED + timedelta(seconds=WRITERS - index),
                )
                time.sleep(random.uniform(0, 0.05))  # a slow commit
        except BaseException as error:  # noqa: BLE001 - inspected below
            errors.append(error)
        finally:
            connection.close()

    def reader() -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            while not done.is_set():
                reads.append(feed_order(town))
                time.sleep(0.002)
            reads.append(feed_order(town))
        except BaseException as error:  # noqa: BLE001 - inspected below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    watcher = threading.Thread(target=reader)
    for thread in [*threads, watcher]:
        thread.start()
    # When they all write at once
    for thread in threads:
        thread.join(timeout=60)
    done.set()
    watcher.join(timeout=60)
    # Then every read of the feed is a prefix of every later read
    assert not errors, errors
    assert len(reads) > 1
    for earlier, later in zip(reads, reads[1:], strict=False):
        assert later[: len(earlier)] == earlier
    # And each writer added its member, with timestamps strictly rising in feed order
    assert len(reads[-1]) == before + WRITERS
    with scopes_disabled():
        stamps = list(
            ProductSnapshot.objects.filter(municipality=town.municipality)
            .order_by("generated_at", "id")
            .values_list("generated_at", flat=True)
        )
    assert all(a < b for a, b in zip(stamps, stamps[1:], strict=False))
