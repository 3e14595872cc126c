# SPDX-License-Identifier: EUPL-1.2
"""Fill the legs' copies of their reservation's state (data only; 0002 added the columns)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):  # noqa: ANN001
    Leg = apps.get_model("booking", "Leg")
    Reservation = apps.get_model("booking", "Reservation")
    Leg.objects.filter(reservation__status__in=["cancelled", "expired"]).update(released=True)
    Leg.objects.filter(reservation__status="held").update(
        expires_at=Subquery(
            Reservation.objects.filter(pk=OuterRef("reservation_id")).values("expires_at")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("booking", "0002_leg_state_copies")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
