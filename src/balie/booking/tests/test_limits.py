# SPDX-License-Identifier: EUPL-1.2
"""Abuse limits for every public channel: the hold rate (portal form and API, also across
two server processes sharing Redis), the kiosk ticket rate, hoarding with normalised
e-mail addresses, the trusted proxy header, and production's refusal of a per-process cache.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from balie.booking.actors import get_client_address
from balie.booking.exceptions import BookingError, BookingErrorCode
from balie.booking.limits import WINDOW_SECONDS, normalise_email
from balie.booking.models import Reservation
from balie.booking.services import CitizenDetails, confirm_hold, hold_visit
from balie.booking.tests.conftest import NOW, at

ROOT = Path(__file__).resolve().parents[4]


def within_one_window(act):  # type: ignore[no-untyped-def]
    """Run ``act`` inside one rate-limit minute: a run that crosses one is run again."""
    for _attempt in range(3):
        started = int(time.time() // WINDOW_SECONDS)
        result = act()
        if int(time.time() // WINDOW_SECONDS) == started:
            return result
        cache.clear()
    raise AssertionError("could not stay within one minute")


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_an_address_is_one_person_whatever_its_case_and_plus_tag():
    assert normalise_email("An.Peeters+1@Example.BE") == "an.peeters@example.be"
    assert normalise_email("an.peeters+balie+2@example.be") == "an.peeters@example.be"
    assert normalise_email("an@example.be") == "an@example.be"


@pytest.mark.django_db
def test_the_hoarding_limit_sees_through_plus_tags_and_case(town):
    # Given one appointment for e-mail name+1@ (the town allows one per product)
    def book(email: str, start):  # type: ignore[no-untyped-def]
        held = hold_visit(
            municipality=town.municipality,
            location=town.location,
            items=[(town.eid.pk, 1)],
            start=start,
            now=NOW,
        )
        details = CitizenDetails(given_name="An", family_name="Peeters", email=email)
        return confirm_hold(
            municipality=town.municipality, hold_id=held.public_id, details=details, now=NOW
        )

    book("an+1@example.org", at(2, 9))

    # When the same mailbox books again as AN+2@
    with pytest.raises(BookingError) as error:
        book("AN+2@Example.org", at(3, 9))

    # Then the limit applies
    assert error.value.code == BookingErrorCode.LIMIT_REACHED


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "192.0.2.1"),  # no trusted proxy: the header is the client's own
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # a forged first entry is ignored
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "", "192.0.2.1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)

    with override_settings(BALIE_TRUSTED_PROXY_COUNT=proxies):
        assert get_client_address(request) == expected


@pytest.mark.django_db
@override_settings(BALIE_HOLD_RATE_PER_MINUTE=3)
def test_the_portal_hold_form_counts_against_the_hold_rate_limit():
    from balie.portal.tests.conftest import add_products, build_town, first_link, time_values

    town = build_town()
    slug = town.municipality.slug

    def hold_from_a_fresh_session():  # type: ignore[no-untyped-def]
        client = Client()
        add_products(client, town, (town.eid, 1))
        day_page = client.get(f"/{slug}/location/", follow=True).content.decode()
        day_url = first_link(day_page, rf"/{slug}/day/\d{{4}}-\d{{2}}-\d{{2}}/")
        start = time_values(client.get(day_url).content.decode())[0]
        return client.post(f"/{slug}/hold/", {"start": start})

    statuses = within_one_window(
        lambda: [hold_from_a_fresh_session().status_code for _session in range(4)]
    )

    assert statuses == [302, 302, 302, 429]


@pytest.mark.django_db
@pytest.mark.urls("balie.desk.tests.urls")
@override_settings(BALIE_KIOSK_RATE_PER_MINUTE=2)
def test_the_kiosk_ticket_rate_is_limited_per_address():
    from balie.desk.models import QueueEntry
    from balie.desk.tests.conftest import build_town

    town = build_town("kiosktown")
    kiosk = reverse("desk:kiosk", kwargs={"municipality_slug": "kiosktown", "location": "hall"})
    client = Client()

    def press_three_times():  # type: ignore[no-untyped-def]
        QueueEntry.objects.with_scopes_disabled().all().delete()
        return [client.post(kiosk, {"product": town.eid.pk}).status_code for _press in range(3)]

    assert within_one_window(press_three_times) == [302, 302, 429]
    assert QueueEntry.objects.with_scopes_disabled().count() == 2


@pytest.mark.django_db
@pytest.mark.urls("balie.desk.tests.urls")
@override_settings(BALIE_KIOSK_RATE_PER_MINUTE=2)
def test_the_kiosk_refuses_references_tried_one_after_another():
    from balie.desk.models import QueueEntry
    from balie.desk.tests.conftest import book_visit, build_town, this_minute

    # Given a kiosk that allows two check-in attempts a minute per client address
    town = build_town("kiosktown")
    visit = book_visit(town, start=this_minute(), legs=[(town.counter_a, town.eid)])
    kiosk = reverse("desk:kiosk", kwargs={"municipality_slug": "kiosktown", "location": "hall"})
    client = Client()

    # When two made-up references are tried, then a real one, in the same minute
    def try_three_references():  # type: ignore[no-untyped-def]
        return [
            client.post(kiosk, {"reference": reference})
            for reference in ("BAL-ZZZZ-ZZ", "BAL-YYYY-YY", visit.reference)
        ]

    responses = within_one_window(try_three_references)

    # Then the third is refused with a wait, and nobody is checked in
    assert [response.status_code for response in responses] == [400, 400, 429]
    assert "before trying again" in responses[2].content.decode()
    assert not QueueEntry.objects.with_scopes_disabled().exists()


def _production_settings(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "BALIE_EMBEDDED", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            # Safe in every other respect, so only the cache decides.
            "SECRET_KEY": "".join(chr(33 + (i * 7) % 90) for i in range(60)),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "DEBUG": "false",
            "PYTHONPATH": str(ROOT / "src"),
            **environment,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import balie.conf.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_production_refuses_a_per_process_cache_unless_embedded():
    refused = _production_settings()
    assert refused.returncode != 0 and "cache is per process" in refused.stderr
    assert _production_settings(BALIE_EMBEDDED="true").returncode == 0
    assert _production_settings(REDIS_URL="redis://127.0.0.1:6379/1").returncode == 0


# --- two server processes sharing Redis -------------------------------------------------------

REDIS_URL = os.environ.get("BALIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    return REDIS_URL


class _Server:
    """One gunicorn process on a free port, with the test settings and the shared Redis."""

    def __init__(self, *, env: dict[str, str]) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                # Next to the running interpreter: whichever virtualenv runs the suite.
                str(Path(sys.executable).with_name("gunicorn")),
                "balie.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "gunicorn exited"
            try:
                with urllib.request.urlopen(self.base + "/api/v1/municipalities/", timeout=5):
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("gunicorn did not answer")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # our own process group only
            self.process.wait(timeout=20)


@pytest.fixture
def two_servers(postgres, redis_url, town):  # type: ignore[no-untyped-def]
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balie.conf.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}/"
            f"{database['NAME']}"
        ),
        "PYTHONPATH": str(ROOT / "src"),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "memory://",
        "BALIE_RATE_LIMITS": "on",
        "BALIE_HOLD_RATE_PER_MINUTE": "3",
        "BALIE_TRUSTED_PROXY_COUNT": "1",
        "DEBUG": "false",
    }
    servers = [_Server(env=env), _Server(env=env)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _free_starts(town, *, count: int) -> list:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from balie.portal.selectors import list_free_starts

    now = timezone.now()
    found: list = []
    for offset in range(1, 30):
        found += list_free_starts(
            municipality=town.municipality,
            location=town.location,
            items=[(town.eid.pk, 1)],
            day=(now + timedelta(days=offset)).date(),
            now=now,
        )[::3]
        if len(found) >= count:
            return found[:count]
    raise AssertionError("the town has free times")


def _post(base: str, path: str, body: dict, address: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.django_db(transaction=True)
def test_two_server_processes_share_the_hold_rate_limit_and_the_hoarding_limit(two_servers, town):
    # Given two gunicorn processes with the rate counters in one Redis, and a client
    # address behind the trusted proxy that no other run uses
    first, second = two_servers
    slug = town.municipality.slug
    hold_path = f"/api/v1/municipalities/{slug}/holds/"
    address = ""

    def hold(server, start):  # type: ignore[no-untyped-def]
        body = {
            "location": town.location.pk,
            "products": [{"product": town.eid.pk, "quantity": 1}],
            "start": start.isoformat(),
        }
        return _post(server.base, hold_path, body, address)

    # When the client alternates between the processes (the servers run on today's clock)
    def four_holds():  # type: ignore[no-untyped-def]
        nonlocal address
        address = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
        Reservation.objects.with_scopes_disabled().all().delete()
        starts = _free_starts(town, count=4)
        servers = [first, second] * 2
        return [hold(server, start) for server, start in zip(servers, starts, strict=True)]

    made = within_one_window(four_holds)

    # Then the third hold used the budget of both, and the fourth is refused
    assert [status for status, _body in made] == [201, 201, 201, 429], made
    assert made[3][1]["code"] == "rate_limited"

    # And the hoarding limit holds across processes for name+1@ and name+2@
    appointments = f"/api/v1/municipalities/{slug}/appointments/"
    citizen = {"given_name": "An", "family_name": "Peeters"}
    one = _post(
        first.base,
        appointments,
        {"hold": made[0][1]["id"], "citizen": {**citizen, "email": "an+1@example.org"}},
        address,
    )
    two = _post(
        second.base,
        appointments,
        {"hold": made[1][1]["id"], "citizen": {**citizen, "email": "An+2@example.org"}},
        address,
    )
    assert one[0] == 201, one
    assert two[0] == 409 and two[1]["code"] == "limit_reached", two
