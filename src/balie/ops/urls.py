# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balie.ops import views

app_name = "ops"
urlpatterns = [
    path("healthz", views.liveness, name="liveness"),
    path("readyz", views.readiness, name="readiness"),
    path("metrics", views.prometheus_metrics, name="metrics"),
]
