# SPDX-License-Identifier: EUPL-1.2
"""Routes of the linked-data layer; include at the site root:
``path("", include("balie.integrations.oslo.urls"))``."""

from django.urls import path

from balie.integrations.oslo import views

app_name = "oslo"

urlpatterns = [
    path("ns/<slug:name>/v<int:version>.jsonld", views.context_view, name="context"),
    path("ns/<str:name>", views.official_context_view, name="official-context"),
    path("<slug:municipality_slug>/catalog/", views.catalog_view, name="catalog"),
    path(
        "<slug:municipality_slug>/catalog/dump.<str:extension>",
        views.catalog_dump_view,
        name="catalog-dump",
    ),
    path(
        "<slug:municipality_slug>/catalog/products/<slug:product_slug>/",
        views.product_view,
        name="product",
    ),
    path(
        "<slug:municipality_slug>/catalog/locations/<slug:location_slug>/",
        views.location_view,
        name="location",
    ),
    path(
        "<slug:municipality_slug>/ldes/products/", views.ldes_products_view, name="ldes-products"
    ),
    path(
        "<slug:municipality_slug>/appointments/<str:reference>/ld/",
        views.appointment_view,
        name="appointment",
    ),
]
