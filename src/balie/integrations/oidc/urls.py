# SPDX-License-Identifier: EUPL-1.2
"""Include at the site root, before the municipality slugs:
``path("", include("balie.integrations.oidc.urls"))``."""

from django.urls import path

from balie.integrations.oidc import views

app_name = "oidc"

urlpatterns = [
    path("auth/login/", views.login, name="login"),
    path("auth/callback/", views.callback, name="callback"),
    path("auth/logout/", views.logout, name="logout"),
    path("auth/logged-out/", views.logged_out, name="logged-out"),
    path("auth/jwks.json", views.public_keys, name="jwks"),
    path("my/appointments/", views.my_appointments, name="my-appointments"),
]
