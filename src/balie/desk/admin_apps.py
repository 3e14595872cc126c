# SPDX-License-Identifier: EUPL-1.2
"""Django's admin app with Balie's site (second factor); listed in INSTALLED_APPS.

Kept apart from ``admin_site`` because app configs load before any model may be imported.
"""

from django.contrib.admin.apps import AdminConfig


class BalieAdminConfig(AdminConfig):
    default_site = "balie.desk.admin_site.BalieAdminSite"
