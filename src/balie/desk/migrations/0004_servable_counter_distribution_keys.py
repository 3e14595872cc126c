# SPDX-License-Identifier: EUPL-1.2
"""Servable counters distribute with their municipality (docs/scaling.md, core 0001).

Composite twins of both foreign keys, so a staff member is never given another
municipality's counter by a row that names the wrong one; the staff membership becomes a
referenced tenant table with UNIQUE (municipality_id, id). PostgreSQL only, like core 0001.
"""

from django.db import migrations, models

FOREIGN_KEYS = [
    ("desk_servablecounter", "counter_id", "catalog_counter"),
    ("desk_servablecounter", "membership_id", "tenants_staffmembership"),
]
MEMBERSHIP_KEY = "tenants_staffmembership_municipality_id_key"


def _fk_name(table, column):
    return f"{table}_{column}_municipality_fk"[:63]


def add_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'ALTER TABLE "tenants_staffmembership" ADD CONSTRAINT "{MEMBERSHIP_KEY}" '
        "UNIQUE (municipality_id, id)"
    )
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
    schema_editor.execute(
        f'ALTER TABLE "tenants_staffmembership" DROP CONSTRAINT "{MEMBERSHIP_KEY}"'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0003_servable_counters"),
        ("core", "0001_distribution_keys"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="servablecounter", name="one_servable_counter_row"),
        migrations.AddConstraint(
            model_name="servablecounter",
            constraint=models.UniqueConstraint(
                fields=("municipality", "membership", "counter"),
                name="one_servable_counter_row",
            ),
        ),
        migrations.RunPython(add_keys, drop_keys),
    ]
