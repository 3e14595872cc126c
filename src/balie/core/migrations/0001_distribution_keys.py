# SPDX-License-Identifier: EUPL-1.2
"""Keys that let every table distribute by municipality (docs/scaling.md, Citus).

Each table that other tenant tables point at gets UNIQUE (municipality_id, id), and every
foreign key between tenant tables gets a composite twin (municipality_id, x_id) ->
(municipality_id, id). Today the twins guarantee that a row never points at another
municipality's row (a visit's legs, a leg's counter); under Citus they are the co-located
foreign keys it requires, and the one-column keys Django keeps are dropped. Django's models
do not describe composite foreign keys, so this is SQL, PostgreSQL only, written out table
by table so that it does not depend on when it runs. New tables get theirs in their own
app's migration; core/tests/test_distribution.py names any that is missing.
"""

from django.db import migrations

# Referenced tenant tables: they get UNIQUE (municipality_id, id).
TARGETS = [
    "catalog_location",
    "catalog_counter",
    "catalog_product",
    "booking_reservation",
    "booking_leg",
    "desk_arrival",
    "webhooks_subscription",
]

# (table, column, referenced table)
FOREIGN_KEYS = [
    ("catalog_counter", "location_id", "catalog_location"),
    ("catalog_closingday", "counter_id", "catalog_counter"),
    ("catalog_closingday", "location_id", "catalog_location"),
    ("catalog_openinghours", "counter_id", "catalog_counter"),
    ("catalog_locationhours", "location_id", "catalog_location"),
    ("catalog_counterservice", "counter_id", "catalog_counter"),
    ("catalog_counterservice", "product_id", "catalog_product"),
    ("booking_reservation", "location_id", "catalog_location"),
    ("booking_reservation", "rescheduled_to_id", "booking_reservation"),
    ("booking_leg", "counter_id", "catalog_counter"),
    ("booking_leg", "reservation_id", "booking_reservation"),
    ("booking_countertimeunit", "counter_id", "catalog_counter"),
    ("booking_countertimeunit", "leg_id", "booking_leg"),
    ("booking_reservationchange", "reservation_id", "booking_reservation"),
    ("desk_arrival", "location_id", "catalog_location"),
    ("desk_arrival", "product_id", "catalog_product"),
    ("desk_arrival", "reservation_id", "booking_reservation"),
    ("desk_queueentry", "arrival_id", "desk_arrival"),
    ("desk_queueentry", "counter_id", "catalog_counter"),
    ("desk_queueentry", "leg_id", "booking_leg"),
    ("desk_queueentry", "location_id", "catalog_location"),
    ("desk_queueentry", "product_id", "catalog_product"),
    ("desk_shift", "counter_id", "catalog_counter"),
    ("notifications_message", "reservation_id", "booking_reservation"),
    ("oidc_citizenappointmentlink", "reservation_id", "booking_reservation"),
    ("oslo_productipdcrecord", "product_id", "catalog_product"),
    ("oslo_productsnapshot", "product_id", "catalog_product"),
    ("statistics_dailycountertime", "counter_id", "catalog_counter"),
    ("statistics_dailycountertime", "location_id", "catalog_location"),
    ("statistics_dailydesk", "counter_id", "catalog_counter"),
    ("statistics_dailydesk", "location_id", "catalog_location"),
    ("statistics_dailyfirstfree", "location_id", "catalog_location"),
    ("statistics_dailyfirstfree", "product_id", "catalog_product"),
    ("statistics_dailyproduct", "location_id", "catalog_location"),
    ("statistics_dailyproduct", "product_id", "catalog_product"),
    ("statistics_dailyvisits", "location_id", "catalog_location"),
    ("webhooks_delivery", "subscription_id", "webhooks_subscription"),
]


def _unique_name(table):
    return f"{table}_municipality_id_key"


def _fk_name(table, column):
    return f"{table}_{column}_municipality_fk"[:63]


def add_keys(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite (make run) has one municipality per row anyway: no shards
    for table in TARGETS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{_unique_name(table)}" '
            f"UNIQUE (municipality_id, id)"
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
    for table in TARGETS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{_unique_name(table)}"')


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_location_hours_accessibility_ipdc_concepts"),
        ("booking", "0004_reservation_changes_attendance_email_key"),
        ("desk", "0002_arrival_numbers_per_kind"),
        ("notifications", "0001_reminders_and_message_log"),
        ("oidc", "0003_appointment_link_municipality"),
        ("oslo", "0002_lpdc_authorities_area_and_feed_clock"),
        ("statistics", "0001_summary_tables"),
        ("webhooks", "0001_subscriptions_and_deliveries"),
    ]

    operations = [migrations.RunPython(add_keys, drop_keys)]
