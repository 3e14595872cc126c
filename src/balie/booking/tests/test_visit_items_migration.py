# SPDX-License-Identifier: EUPL-1.2
"""Migrations 0006-0008 move a visit's JSON product list into VisitItem rows and back."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("booking", "0006_visit_items")]
AFTER = [("booking", "0008_drop_items_json")]


def _migrate(targets):  # noqa: ANN001, ANN202
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_json_items_become_rows_at_their_legs_and_come_back_on_reverse():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # The catalog stays as it is now: its later columns exist in the database either way.
    catalog = [node for node in latest if node[0] == "catalog"]
    apps = _migrate(BEFORE + catalog)
    try:
        Municipality = apps.get_model("tenants", "Municipality")
        Location = apps.get_model("catalog", "Location")
        Counter = apps.get_model("catalog", "Counter")
        Product = apps.get_model("catalog", "Product")
        Reservation = apps.get_model("booking", "Reservation")
        Leg = apps.get_model("booking", "Leg")
        # Given a two-leg visit stored the old way, with an id of a product deleted long
        # ago, a malformed entry and a product named twice
        town = Municipality.objects.create(name="Oudstad", slug="oudstad", nis_code="11111")
        hall = Location.objects.create(municipality=town, name="Hall", slug="hall")
        desk_a = Counter.objects.create(municipality=town, location=hall, name="A")
        desk_b = Counter.objects.create(municipality=town, location=hall, name="B")
        eid = Product.objects.create(municipality=town, slug="eid", title={"nl": "eID"})
        passport = Product.objects.create(municipality=town, slug="pas", title={"nl": "Pas"})
        start = datetime(2025, 5, 5, 8, tzinfo=UTC)
        visit = Reservation.objects.create(
            municipality=town,
            location=hall,
            status="confirmed",
            items=[
                {"product": passport.pk, "quantity": 2},
                {"product": eid.pk, "quantity": 1},
                {"product": 987654, "quantity": 1},
                {"quantity": 3},
                {"product": eid.pk, "quantity": 4},
            ],
            start=start,
            end=start + timedelta(minutes=30),
        )
        leg_a = Leg.objects.create(
            municipality=town,
            reservation=visit,
            counter=desk_a,
            position=0,
            items=[{"product": eid.pk, "quantity": 1}],
            start=start,
            end=start + timedelta(minutes=10),
        )
        leg_b = Leg.objects.create(
            municipality=town,
            reservation=visit,
            counter=desk_b,
            position=1,
            items=[{"product": passport.pk, "quantity": 2}],
            start=start + timedelta(minutes=10),
            end=start + timedelta(minutes=30),
        )

        # When the migrations run
        apps = _migrate(AFTER + catalog)

        # Then the known products are rows, in the citizen's order, at the leg serving them
        VisitItem = apps.get_model("booking", "VisitItem")
        rows = list(
            VisitItem.objects.filter(reservation_id=visit.pk)
            .order_by("position")
            .values_list("product_id", "quantity", "leg_id", "municipality_id", "position")
        )
        assert rows == [
            (passport.pk, 2, leg_b.pk, town.pk, 0),
            (eid.pk, 1, leg_a.pk, town.pk, 1),
        ]

        # When they are reversed
        apps = _migrate(BEFORE + catalog)

        # Then the JSON lists say the same again
        Reservation = apps.get_model("booking", "Reservation")
        Leg = apps.get_model("booking", "Leg")
        assert Reservation.objects.get(pk=visit.pk).items == [
            {"product": passport.pk, "quantity": 2},
            {"product": eid.pk, "quantity": 1},
        ]
        assert Leg.objects.get(pk=leg_a.pk).items == [{"product": eid.pk, "quantity": 1}]
        assert Leg.objects.get(pk=leg_b.pk).items == [{"product": passport.pk, "quantity": 2}]
    finally:
        _migrate(latest)
