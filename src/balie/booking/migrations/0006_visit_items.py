# SPDX-License-Identifier: EUPL-1.2
"""A visit's products as rows (schema only; 0006 moves the JSON, 0007 drops it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("booking", "0005_reservation_sms_consent_reminders_off"),
        ("catalog", "0003_location_hours_accessibility_ipdc_concepts"),
        ("tenants", "0006_max_wait_between_counters"),
    ]

    operations = [
        migrations.CreateModel(
            name="VisitItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("quantity", models.PositiveSmallIntegerField(verbose_name="quantity")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
                (
                    "leg",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="visit_items",
                        to="booking.leg",
                        verbose_name="leg",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="tenants.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="visit_items",
                        to="catalog.product",
                        verbose_name="product",
                    ),
                ),
                (
                    "reservation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="visit_items",
                        to="booking.reservation",
                        verbose_name="visit",
                    ),
                ),
            ],
            options={
                "verbose_name": "visit product",
                "verbose_name_plural": "visit products",
                "ordering": ["reservation", "position"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("quantity__gte", 1)),
                        name="visit_item_quantity_positive",
                    ),
                    models.UniqueConstraint(
                        fields=("reservation", "product"), name="unique_visit_item_product"
                    ),
                ],
            },
        ),
    ]
