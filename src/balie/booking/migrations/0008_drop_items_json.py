# SPDX-License-Identifier: EUPL-1.2
"""Drop the JSON product lists; VisitItem rows (0006) hold a visit's products now."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("booking", "0007_fill_visit_items")]

    operations = [
        migrations.RemoveField(model_name="leg", name="items"),
        migrations.RemoveField(model_name="reservation", name="items"),
    ]
