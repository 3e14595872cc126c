# SPDX-License-Identifier: EUPL-1.2
"""When each housekeeping job last ran, shared by every process that might run it."""

from django.db import models


class HousekeepingRun(models.Model):
    name = models.CharField(max_length=60, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
