# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from balie.notifications import views

app_name = "notifications"
urlpatterns = [
    path("hooks/sms/delivery-reports/", views.sms_delivery_report, name="sms-delivery-report"),
]
