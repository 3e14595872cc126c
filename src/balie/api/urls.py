# SPDX-License-Identifier: EUPL-1.2
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from balie.api.views import availability, booking, catalog, tenants

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("municipalities/", tenants.MunicipalityListView.as_view(), name="municipality-list"),
    path(
        "municipalities/<slug:municipality_slug>/",
        tenants.MunicipalityDetailView.as_view(),
        name="municipality-detail",
    ),
    path(
        "municipalities/<slug:municipality_slug>/products/",
        catalog.ProductListView.as_view(),
        name="product-list",
    ),
    path(
        "municipalities/<slug:municipality_slug>/locations/",
        catalog.LocationListView.as_view(),
        name="location-list",
    ),
    path(
        "municipalities/<slug:municipality_slug>/availability/days/",
        availability.AvailableDaysView.as_view(),
        name="availability-days",
    ),
    path(
        "municipalities/<slug:municipality_slug>/availability/times/",
        availability.AvailableTimesView.as_view(),
        name="availability-times",
    ),
    path(
        "municipalities/<slug:municipality_slug>/holds/",
        booking.HoldCreateView.as_view(),
        name="hold-create",
    ),
    path(
        "municipalities/<slug:municipality_slug>/appointments/",
        booking.AppointmentCreateView.as_view(),
        name="appointment-create",
    ),
    path(
        "municipalities/<slug:municipality_slug>/bookings/",
        booking.BookingCreateView.as_view(),
        name="booking-create",
    ),
    path(
        "appointments/<str:reference>/",
        booking.AppointmentDetailView.as_view(),
        name="appointment-detail",
    ),
    path(
        "appointments/<str:reference>/cancel/",
        booking.AppointmentCancelView.as_view(),
        name="appointment-cancel",
    ),
    path(
        "appointments/<str:reference>/reschedule/",
        booking.AppointmentRescheduleView.as_view(),
        name="appointment-reschedule",
    ),
    # Open data and the statistics summary (balie.statistics).
    path("", include("balie.statistics.api_urls")),
]
