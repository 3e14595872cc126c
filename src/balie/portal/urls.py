# SPDX-License-Identifier: EUPL-1.2
"""Citizen pages of one municipality, included under ``<municipality_slug>/``."""

from django.urls import path, register_converter

from balie.portal import views


class ReferenceConverter:
    regex = r"BAL-[0-9A-Za-z]{4}-[0-9A-Za-z]{2}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


class DayConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")
register_converter(DayConverter, "day")

app_name = "portal"
urlpatterns = [
    path("", views.municipality_home, name="products"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("visit/", views.change_visit, name="change_visit"),
    path("location/", views.choose_location, name="location"),
    path("day/", views.choose_day, name="day"),
    path("day/<day:day>/", views.choose_time, name="time"),
    path("hold/", views.hold, name="hold"),
    path("details/", views.details, name="details"),
    path("check/", views.check_answers, name="check"),
    path("appointments/<reference:reference>/", views.appointment, name="appointment"),
    path(
        "appointments/<reference:reference>/calendar.ics",
        views.appointment_ics,
        name="appointment_ics",
    ),
    path("appointments/<reference:reference>/cancel/", views.cancel, name="cancel"),
    path(
        "appointments/<reference:reference>/reminders/off/",
        views.reminders_off,
        name="reminders_off",
    ),
    path("appointments/<reference:reference>/move/", views.move_day, name="move_day"),
    path("appointments/<reference:reference>/move/<day:day>/", views.move_time, name="move_time"),
    path("appointments/<reference:reference>/move/confirm/", views.move, name="move"),
]
