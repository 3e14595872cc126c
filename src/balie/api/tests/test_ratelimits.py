# SPDX-License-Identifier: EUPL-1.2
"""The hold rate limit per client address."""

from django.test import override_settings
from django_scopes import scopes_disabled

from balie.api.tests.conftest import assert_problem, at, hold_body
from balie.booking.models import Reservation

HOLDS = "/api/v1/municipalities/demotown/holds/"


def _hold(api, town, minute, address="192.0.2.1"):
    start = at(2 + minute // 18, 9 + (minute % 18) // 6, (minute % 6) * 10)
    return api.post(HOLDS, hold_body(town, start), format="json", REMOTE_ADDR=address)


@override_settings(BALIE_HOLD_RATE_PER_MINUTE=3)
def test_holds_beyond_the_limit_answer_429_with_retry_after(api, town):
    for index in range(3):
        assert _hold(api, town, index).status_code == 201

    response = _hold(api, town, 3)

    assert_problem(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    with scopes_disabled():
        assert Reservation.objects.count() == 3
    # Another address has its own budget; X-Forwarded-For is not trusted.
    assert _hold(api, town, 4, address="192.0.2.2").status_code == 201
    spoofed = api.post(
        HOLDS,
        hold_body(town, at(4, 9)),
        format="json",
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert spoofed.status_code == 429


@override_settings(BALIE_HOLD_RATE_PER_MINUTE=3, BALIE_RATE_LIMITS=False)
def test_rate_limits_can_be_switched_off(api, town):
    for index in range(5):
        assert _hold(api, town, index).status_code == 201


def test_rate_limit_setting_is_read_from_the_environment(monkeypatch):
    from balie.conf.env import config

    monkeypatch.setenv("BALIE_RATE_LIMITS", "off")
    monkeypatch.setenv("BALIE_HOLD_RATE_PER_MINUTE", "7")
    assert config("BALIE_RATE_LIMITS", True) is False
    assert config("BALIE_HOLD_RATE_PER_MINUTE", 30) == 7
