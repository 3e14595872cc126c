# SPDX-License-Identifier: EUPL-1.2
"""Visit items distribute with their visit (docs/scaling.md, core 0001_distribution_keys).

Composite twins of the visit item's foreign keys, so an item never points at another
municipality's visit, leg or product, and the unique product-per-visit rule carries the
municipality as Citus needs. PostgreSQL only, like core 0001.
"""

from django.db import migrations, models

FOREIGN_KEYS = [
    ("booking_visititem", "reservation_id", "booking_reservation"),
    ("booking_visititem", "leg_id", "booking_leg"),
    ("booking_visititem", "product_id", "catalog_product"),
]


def _fk_name(table, column):
    return f"{table}_{column}_municipality_fk"[:63]


def add_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, target in FOREIGN_KEYS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{_fk_name(table, column)}" '
            f'FOREIGN KEY (municipality_id, "{column}") REFERENCES "{target}" '
            f"(municipality_id, id) DEFERRABLE INITIALLY DEFERRED"
        )


def drop_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _target in FOREIGN_KEYS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{_fk_name(table, column)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0008_drop_items_json"),
        ("core", "0001_distribution_keys"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="visititem", name="unique_visit_item_product"),
        migrations.AddConstraint(
            model_name="visititem",
            constraint=models.UniqueConstraint(
                fields=("municipality", "reservation", "product"),
                name="unique_visit_item_product",
            ),
        ),
        migrations.RunPython(add_keys, drop_keys),
    ]
