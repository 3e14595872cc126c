# SPDX-License-Identifier: EUPL-1.2
"""Statistics and open-data routes; include at the site root, before the portal:
``path("", include("balie.statistics.urls"))``."""

from django.urls import path

from balie.statistics import open_data, views

app_name = "statistics"

urlpatterns = [
    path("statistics/", views.flanders, name="flanders"),
    path("<slug:municipality_slug>/statistics/", views.dashboard, name="dashboard"),
    path("<slug:municipality_slug>/statistics/details/", views.details, name="details"),
    path(
        "<slug:municipality_slug>/statistics/export/<slug:table>.csv",
        views.export,
        name="export",
    ),
    path(
        "<slug:municipality_slug>/statistics/charts/<slug:name>.svg",
        views.chart,
        name="chart",
    ),
    # Open data: stable public addresses.
    path("open-data/", open_data.catalog, name="catalog"),
    path("open-data/catalog.<str:extension>", open_data.catalog_file, name="catalog-file"),
    path("<slug:municipality_slug>/open-data/", open_data.dataset, name="dataset"),
    path(
        "<slug:municipality_slug>/open-data/dataset.<str:extension>",
        open_data.dataset_file,
        name="dataset-file",
    ),
    path(
        "<slug:municipality_slug>/open-data/daily.<str:extension>",
        open_data.daily,
        name="daily",
    ),
]
