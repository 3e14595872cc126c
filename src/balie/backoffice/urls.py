# SPDX-License-Identifier: EUPL-1.2
"""Back-office routes; include at the site root before the portal's municipality slugs."""

from django.urls import path

from balie.backoffice import views

app_name = "backoffice"

BASE = "<slug:municipality_slug>/backoffice/"

urlpatterns = [
    path("backoffice/", views.index, name="index"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path(BASE, views.home, name="home"),
    path(f"{BASE}locations/", views.locations, name="locations"),
    path(f"{BASE}locations/new/", views.location_edit, name="location-new"),
    path(f"{BASE}locations/<int:location_id>/", views.location, name="location"),
    path(f"{BASE}locations/<int:location_id>/edit/", views.location_edit, name="location-edit"),
    path(f"{BASE}locations/<int:location_id>/hours/", views.location_hours, name="location-hours"),
    path(f"{BASE}counters/<int:counter_id>/hours/", views.counter_hours, name="counter-hours"),
    path(f"{BASE}closing-days/", views.closing_days, name="closing-days"),
    path(
        f"{BASE}closing-days/<int:closing_day_id>/delete/",
        views.closing_day_delete,
        name="closing-day-delete",
    ),
    path(f"{BASE}products/", views.products, name="products"),
    path(f"{BASE}products/concepts/", views.concepts, name="concepts"),
    path(
        f"{BASE}products/concepts/<int:concept_id>/",
        views.product_from_concept,
        name="product-from-concept",
    ),
    path(f"{BASE}products/<int:product_id>/", views.product_edit, name="product"),
    path(f"{BASE}rules/", views.booking_rules, name="rules"),
    path(f"{BASE}rules/reminders/", views.reminder_rules, name="rules-reminders"),
    path(f"{BASE}rules/retention/", views.retention_rules, name="rules-retention"),
    path(f"{BASE}messages/texts/", views.message_templates, name="message-templates"),
    path(
        f"{BASE}messages/texts/<str:channel>/<str:language>/<str:address>/",
        views.message_template,
        name="message-template",
    ),
    path(f"{BASE}messages/failures/", views.message_failures, name="message-failures"),
    path(
        f"{BASE}webhooks/<int:subscription_id>/resume/",
        views.webhook_resume,
        name="webhook-resume",
    ),
    path(f"{BASE}appointments/", views.appointments, name="appointments"),
    path(
        f"{BASE}appointments/export.csv",
        views.appointments_export,
        name="appointments-export",
    ),
    path(f"{BASE}appointments/<str:reference>/", views.appointment, name="appointment"),
    path(
        f"{BASE}appointments/<str:reference>/cancel/",
        views.appointment_cancel,
        name="appointment-cancel",
    ),
    path(
        f"{BASE}appointments/<str:reference>/move/",
        views.appointment_move,
        name="appointment-move",
    ),
    path(f"{BASE}staff/", views.staff, name="staff"),
    path(f"{BASE}staff/<int:membership_id>/", views.staff_member, name="staff-member"),
]
