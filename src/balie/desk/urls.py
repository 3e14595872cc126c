# SPDX-License-Identifier: EUPL-1.2
"""Desk routes; include at the site root: ``path("", include("balie.desk.urls"))``."""

from django.urls import path

from balie.desk import views
from balie.integrations.oidc import views as oidc_views

app_name = "desk"

urlpatterns = [
    path("accounts/login/", views.DeskLoginView.as_view(), name="login"),
    # Ends an ACM/IDM session at the provider too (shared PCs); local accounts as before.
    path("accounts/logout/", oidc_views.logout, {"after": "desk:login"}, name="logout"),
    path("accounts/desk/", views.start, name="start"),
    path("accounts/two-factor/setup/", views.otp_setup, name="otp-setup"),
    path("accounts/two-factor/verify/", views.otp_verify, name="otp-verify"),
    path("<slug:municipality_slug>/desk/", views.home, name="home"),
    path("<slug:municipality_slug>/desk/shift/", views.shift, name="shift"),
    path("<slug:municipality_slug>/desk/shift/end/", views.end_shift, name="end-shift"),
    path("<slug:municipality_slug>/desk/call-next/", views.call_next, name="call-next"),
    path(
        "<slug:municipality_slug>/desk/entries/<int:entry_id>/<slug:action>/",
        views.entry_action,
        name="entry-action",
    ),
    path("<slug:municipality_slug>/desk/check-in/", views.check_in, name="check-in"),
    path("<slug:municipality_slug>/desk/no-show/", views.appointment_no_show, name="no-show"),
    path(
        "<slug:municipality_slug>/desk/arrivals/<int:arrival_id>/",
        views.arrival,
        name="arrival",
    ),
    path("<slug:municipality_slug>/desk/walk-in/", views.walk_in, name="walk-in"),
    path("<slug:municipality_slug>/desk/book/", views.book, name="book"),
    path(
        "<slug:municipality_slug>/desk/book/<uuid:hold_id>/",
        views.book_details,
        name="book-details",
    ),
    path(
        "<slug:municipality_slug>/desk/book/<uuid:public_id>/confirmation/",
        views.book_confirmation,
        name="book-confirmation",
    ),
    path("<slug:municipality_slug>/desk/overview/", views.overview, name="overview"),
    path("<slug:municipality_slug>/desk/settings/", views.desk_settings, name="settings"),
    path("<slug:municipality_slug>/display/<slug:location>/", views.display, name="display"),
    path(
        "<slug:municipality_slug>/display/<slug:location>/events/",
        views.display_events,
        name="display-events",
    ),
    path(
        "<slug:municipality_slug>/display/<slug:location>/calls/",
        views.display_calls,
        name="display-calls",
    ),
    path("<slug:municipality_slug>/display/<slug:location>/kiosk/", views.kiosk, name="kiosk"),
]
