# SPDX-License-Identifier: EUPL-1.2
"""A citizen's rights, next to "My appointments"; include at the site root."""

from django.urls import path

from balie.privacy import views

app_name = "privacy"

urlpatterns = [
    path("my/data.json", views.download_my_data, name="download"),
    path("my/remove-link/", views.remove_account_link, name="remove-link"),
]
