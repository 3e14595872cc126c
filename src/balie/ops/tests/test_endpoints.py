# SPDX-License-Identifier: EUPL-1.2
"""Health, readiness and metrics as a load balancer and Prometheus see them."""

import json
import logging
from io import StringIO

import pytest
from django.db import DatabaseError

from balie.ops import selectors
from balie.ops.requestid import RequestIdFilter

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_reports_each_dependency(client, settings):
    settings.REDIS_URL = ""

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": {"status": "ok"}}


def test_readiness_is_503_when_the_database_is_down(client, monkeypatch):
    # Given a database that refuses every statement
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(selectors.connection, "cursor", broken_cursor)

    # When the load balancer asks whether this process may take traffic
    response = client.get("/readyz")

    # Then it is told no, and why, without a stack trace
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "down", "error": "DatabaseError"}


def test_readiness_checks_a_real_broker_when_one_is_configured(client, settings):
    # Given a broker address where nothing listens
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    from balie.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = "memory://"

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "down"


def test_metrics_count_requests_by_route_pattern_not_raw_path(client):
    client.get("/api/v1/municipalities/")
    client.get("/api/v1/appointments/NOPE-NOPE/")

    body = client.get("/metrics").content.decode()

    assert 'method="GET",route="api/v1/municipalities/",status="200"' in body
    # The reference typed by a client never becomes a label value.
    assert "NOPE-NOPE" not in body
    assert "balie_reservations" in body


def test_metrics_ask_for_the_token_when_one_is_set(client, settings):
    settings.BALIE_METRICS_TOKEN = "s3cret-token"

    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


def test_every_response_carries_a_request_id_and_a_sane_offered_one_is_kept(client):
    fresh = client.get("/healthz")
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged log line")

    assert len(fresh["X-Request-ID"]) == 32
    assert kept["X-Request-ID"] == "lb-1234abcd"
    assert hostile["X-Request-ID"] != "x\nforged log line"


def test_json_log_lines_name_the_request():
    from pythonjsonlogger.json import JsonFormatter

    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(request_id)s %(message)s"))
    logger = logging.getLogger("balie.test.ops")
    logger.addHandler(handler)
    try:
        logger.warning("booking busy")
    finally:
        logger.removeHandler(handler)

    line = json.loads(stream.getvalue())
    assert line["message"] == "booking busy"
    assert line["request_id"] == "-"
