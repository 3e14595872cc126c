# SPDX-License-Identifier: EUPL-1.2
"""API routes of the statistics; included by ``balie.api.urls`` (namespace api)."""

from django.urls import path

from balie.statistics import api

urlpatterns = [
    path(
        "municipalities/<slug:municipality_slug>/open-data/daily/",
        api.OpenDataDailyView.as_view(),
        name="statistics-open-data",
    ),
    path(
        "municipalities/<slug:municipality_slug>/statistics/",
        api.StatisticsSummaryView.as_view(),
        name="statistics-summary",
    ),
]
