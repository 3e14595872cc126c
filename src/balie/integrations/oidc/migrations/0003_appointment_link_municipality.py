# SPDX-License-Identifier: EUPL-1.2
"""A citizen's appointment link carries the appointment's municipality (shard key)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_municipality(apps, schema_editor):
    link = apps.get_model("oidc", "CitizenAppointmentLink")
    reservation = apps.get_model("booking", "Reservation")
    link.objects.update(
        municipality_id=models.Subquery(
            reservation.objects.filter(pk=models.OuterRef("reservation_id")).values(
                "municipality_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("oidc", "0002_minimum_staff_assurance"),
        ("booking", "0004_reservation_changes_attendance_email_key"),
        ("tenants", "0006_max_wait_between_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="citizenappointmentlink",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="tenants.municipality",
                verbose_name="municipality",
            ),
        ),
        migrations.RunPython(copy_municipality, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="citizenappointmentlink",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="tenants.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
