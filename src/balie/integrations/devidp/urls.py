# SPDX-License-Identifier: EUPL-1.2
"""Include at ``dev-idp/``, before the municipality slugs; answers 404 unless enabled."""

from django.urls import path

from balie.integrations.devidp import views

app_name = "devidp"

urlpatterns = [
    path("", views.root, name="root"),
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("v1/keys", views.jwks, name="jwks"),
    path("v1/auth", views.authorize, name="authorize"),
    path("v1/token", views.token, name="token"),
    path("v1/userinfo", views.userinfo, name="userinfo"),
    path("v1/introspect", views.introspect, name="introspect"),
    path("v1/logout", views.logout, name="logout"),
]
