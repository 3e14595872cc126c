# SPDX-License-Identifier: EUPL-1.2
"""Problem details for every kind of error, in the request language."""

import pytest
from django.test import override_settings
from django.urls import path
from rest_framework.views import APIView

from balie.api.tests.conftest import assert_problem, at, count_rows, hold_body
from balie.urls import urlpatterns as root_patterns

HOLDS = "/api/v1/municipalities/demotown/holds/"


def test_method_not_allowed(api, town):
    response = api.delete(HOLDS)
    assert_problem(response, 405, "method_not_allowed")
    assert "POST" in response["Allow"]


def test_unsupported_media_type_changes_nothing(api, town):
    before = count_rows()
    response = api.post(HOLDS, {"location": town.location.pk}, format="multipart")
    assert_problem(response, 415, "unsupported_media_type")
    assert count_rows() == before


def test_unreadable_json(api, town):
    response = api.post(HOLDS, "{not json", content_type="application/json")
    assert_problem(response, 400, "parse_error")


def test_unknown_api_path_is_a_problem(api, town):
    assert_problem(api.get("/api/v1/nothing-here/"), 404, "not_found")


def test_problem_content_type_is_negotiable(api, town):
    response = api.get("/api/v1/municipalities/nowhere/", HTTP_ACCEPT="application/problem+json")
    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize(("language", "expected"), [("fr", "fr"), ("nl", "nl"), ("de", "de")])
def test_problems_are_answered_in_the_request_language(api, town, language, expected):
    response = api.post(
        HOLDS, hold_body(town, at(2, 9), passport=9), format="json", HTTP_ACCEPT_LANGUAGE=language
    )

    body = assert_problem(response, 400, "quantity_out_of_range")
    assert response["Content-Language"].startswith(expected)
    assert body["code"] == "quantity_out_of_range"
    assert body["title"] == TITLES[expected]


TITLES = {
    "fr": "Cette quantité ne peut pas être réservée.",
    "nl": "Dit aantal kan niet geboekt worden.",
    "de": "Diese Anzahl kann nicht gebucht werden.",
}


def test_unexpected_errors_are_a_500_problem(api, town, monkeypatch):
    from balie.api.views import tenants

    def explode():
        raise RuntimeError("boom")

    monkeypatch.setattr(tenants, "list_municipalities", explode)

    response = api.get("/api/v1/municipalities/")

    assert_problem(response, 500, "server_error")
    assert "boom" not in response.content.decode()


class Forbidden(APIView):
    def get(self, request):
        from rest_framework.exceptions import PermissionDenied

        raise PermissionDenied()


urlpatterns = [path("api/v1/forbidden/", Forbidden.as_view()), *root_patterns]


@override_settings(ROOT_URLCONF=__name__)
def test_permission_denied(api, db):
    assert_problem(api.get("/api/v1/forbidden/"), 403, "permission_denied")


def test_a_body_over_the_limit_is_a_413_problem(api, town):
    body = '{"location": 1, "padding": "' + "x" * (70 * 1024) + '"}'

    response = api.post(
        "/api/v1/municipalities/demotown/holds/", body, content_type="application/json"
    )

    assert_problem(response, 413, "body_too_large")


def test_json_nested_too_deep_is_a_400_problem(api, town):
    body = "[" * 20_000 + "]" * 20_000  # small, but deeper than Python recurses

    response = api.post(
        "/api/v1/municipalities/demotown/holds/", body, content_type="application/json"
    )

    assert_problem(response, 400, "parse_error")
