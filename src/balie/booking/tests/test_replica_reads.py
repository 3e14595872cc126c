# SPDX-License-Identifier: EUPL-1.2
"""Availability from a streaming replica never offers a time that is already taken.

The test builds its own world: a fresh PostgreSQL primary and a hot standby streaming from
it (``initdb`` and ``pg_basebackup`` in temporary directories on free ports), pgbouncer in
transaction mode in front of the primary, and gunicorn serving Balie with
``DATABASE_URL`` through pgbouncer and ``DATABASE_REPLICA_URL`` on the standby. It books
over the API while the standby's replay is paused (a replica that lags as far as we like)
and reads the calendar straight after.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from balie.core.testing.pgcluster import (
    Cluster,
    Pgbouncer,
    free_port,
    make_workdir,
    remove_workdir,
    start_pgbouncer,
    start_primary,
    start_replica,
    wait_replayed,
)

ROOT = Path(__file__).resolve().parents[4]
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("BALIE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE = "balie"
SLUG = "north"
OTHER = "south"
# Two small towns (the demo loader would take a minute on a shared machine).
SEED = """
from datetime import time
from django_scopes import scopes_disabled
from balie.catalog.tests.factories import (
    CounterFactory, CounterServiceFactory, LocationFactory, OpeningHoursFactory, ProductFactory,
)
from balie.tenants.tests.factories import MunicipalityFactory

with scopes_disabled():
    for slug in ("north", "south"):
        town = MunicipalityFactory(slug=slug, lead_time_minutes=0, horizon_days=60)
        hall = LocationFactory(municipality=town, slug="hall")
        product = ProductFactory(municipality=town, slug="eid")
        # One counter: a time booked is a time gone.
        counter = CounterFactory(location=hall, name="A")
        for weekday in range(6):
            OpeningHoursFactory(counter=counter, weekday=weekday, start=time(8), end=time(18))
        CounterServiceFactory(counter=counter, product=product, duration_minutes=10)
"""

# CI counts a skip as a failure; .ci/run installs both.
pytestmark = pytest.mark.skipif(
    (shutil.which("pgbouncer") is None and not Path("/usr/sbin/pgbouncer").exists())
    or not (glob.glob("/usr/lib/postgresql/*/bin/initdb") or shutil.which("initdb")),
    reason="needs PostgreSQL's server binaries (initdb) and pgbouncer",
)


@dataclass
class World:
    primary: Cluster
    replica: Cluster
    bouncer: Pgbouncer
    base: str

    def get(self, path: str) -> tuple[int, dict]:
        return self._call(urllib.request.Request(self.base + path))

    def post(self, path: str, body: dict) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        return self._call(request)

    def _call(self, request: urllib.request.Request) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def reads(self) -> dict[tuple[str, str], float]:
        """The web process's availability reads by (database, reason), from /metrics."""
        with urllib.request.urlopen(self.base + "/metrics", timeout=10) as response:
            text = response.read().decode()
        found = {}
        for match in re.finditer(
            r'^balie_availability_reads_total\{database="(\w+)",reason="(\w+)"\} ([\d.e+]+)$',
            text,
            re.M,
        ):
            found[(match[1], match[2])] = float(match[3])
        return found


def _env(primary_url: str, replica_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balie.conf.test",
        "DATABASE_URL": primary_url,
        "DATABASE_REPLICA_URL": replica_url,
        "DATABASE_TRANSACTION_POOLING": "true",
        "DATABASE_CONN_MAX_AGE": "60",
        "REDIS_URL": REDIS_URL,
        # Tasks run in the web process: this test is about reads, not the broker.
        "CELERY_BROKER_URL": "memory://",
        "BALIE_RATE_LIMITS": "off",
        # Every calendar read is a fresh read, so each one shows which database served it.
        "BALIE_PREPARED_SCHEDULE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return env


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    workdir = make_workdir("balie-replica-test-")
    started: list = []
    server = None
    try:
        primary = start_primary(workdir)
        started.append(primary)
        primary.sql(f"CREATE DATABASE {DATABASE}")
        replica = start_replica(primary, workdir)
        started.append(replica)
        bouncer = start_pgbouncer(primary, workdir)
        started.append(bouncer)
        # Migrations and the towns straight on the primary, as an operator would run them.
        direct = _env(primary.url(DATABASE), replica.url(DATABASE))
        for command in (["migrate", "--noinput", "-v0"], ["shell", "-c", SEED]):
            subprocess.run(
                [sys.executable, str(ROOT / "manage.py"), *command],
                env=direct,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "balie.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
            ],
            env=_env(bouncer.url(DATABASE), replica.url(DATABASE)),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        wait_replayed(primary, replica)
        yield World(primary=primary, replica=replica, bouncer=bouncer, base=base)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        for thing in reversed(started):
            thing.stop()
        remove_workdir(workdir)


def _bookable(world: World) -> tuple[int, int, date, list[str]]:
    """A location, a product served there and a day with free times."""
    _status, locations = world.get(f"/api/v1/municipalities/{SLUG}/locations/")
    _status, products = world.get(f"/api/v1/municipalities/{SLUG}/products/")
    location = _results(locations)[0]["id"]
    for product in _results(products):
        for offset in range(3, 30):
            day = datetime.now(ZoneInfo("Europe/Brussels")).date() + timedelta(days=offset)
            times = _times(world, location, product["id"], day)
            if len(times) >= 2:
                return location, product["id"], day, times
    pytest.fail("no bookable product")


def _results(body: object) -> list[dict]:
    return body["results"] if isinstance(body, dict) else body  # type: ignore[index,return-value]


def _times(world: World, location: int, product: int, day: date) -> list[str]:
    status, body = world.get(
        f"/api/v1/municipalities/{SLUG}/availability/times/"
        f"?location={location}&products={product}:1&date={day}"
    )
    assert status == 200, body
    return list(body["times"])


def _book(world: World, location: int, product: int, start: str) -> tuple[int, dict]:
    status, hold = world.post(
        f"/api/v1/municipalities/{SLUG}/holds/",
        {"location": location, "products": [{"product": product, "quantity": 1}], "start": start},
    )
    if status != 201:
        return status, hold
    return world.post(
        f"/api/v1/municipalities/{SLUG}/appointments/",
        {
            "hold": hold["id"],
            "citizen": {
                "given_name": "Rep",
                "family_name": "Lica",
                # A new person each time: the hoarding limit is not what this tests.
                "email": f"citizen-{''.join(filter(str.isalnum, start))}@example.org",
            },
            "language": "nl",
        },
    )


def _on_replica(world: World, reference: str) -> int:
    return int(
        world.replica.sql(
            f"SELECT count(*) FROM booking_reservation WHERE reference = '{reference}'", DATABASE
        )
    )


def test_a_lagging_replica_never_offers_a_time_just_booked(world: World):
    location, product, day, times = _bookable(world)
    # Given a replica that has replayed everything, so calendar pages are read there
    wait_replayed(world.primary, world.replica)
    served = world.reads().get(("replica", "replayed"), 0)
    assert _times(world, location, product, day) == times
    before = world.reads()
    assert before.get(("replica", "replayed"), 0) == served + 1, before
    # and a replica whose replay is then paused: it lags behind every later booking
    world.replica.sql("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 10
    while world.replica.sql("SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "replay did not pause"
        time.sleep(0.05)
    try:
        # When a citizen books a time on the primary
        taken = times[0]
        status, body = _book(world, location, product, taken)
        assert status == 201, body
        # then the replica really is stale: it has not seen the booking
        assert _on_replica(world, body["reference"]) == 0
        # and the calendar read straight after does not offer the taken time
        assert taken not in _times(world, location, product, day)
        # because it was read from the primary: the replica is behind this location
        after = world.reads()
        assert after.get(("default", "replica_behind"), 0) > before.get(
            ("default", "replica_behind"), 0
        ), after
        # and nobody can book the same time again
        reference = body["reference"]
        status, body = _book(world, location, product, taken)
        assert status == 409, body
    finally:
        world.replica.sql("SELECT pg_wal_replay_resume()")

    # When the replica has caught up
    wait_replayed(world.primary, world.replica)
    assert _on_replica(world, reference) == 1
    served = world.reads().get(("replica", "replayed"), 0)
    # Then the calendar is read from the replica again, still without the taken time
    assert taken not in _times(world, location, product, day)
    assert world.reads().get(("replica", "replayed"), 0) == served + 1


def test_quiet_locations_read_from_the_replica_while_another_one_books(world: World):
    # Given another municipality's location whose calendar was read once (its position known)
    location, product, day, times = _bookable(world)
    _status, locations = world.get(f"/api/v1/municipalities/{OTHER}/locations/")
    _status, products = world.get(f"/api/v1/municipalities/{OTHER}/products/")
    other = (
        f"/api/v1/municipalities/{OTHER}/availability/days/"
        f"?location={_results(locations)[0]['id']}&products={_results(products)[0]['id']}:1"
    )
    assert world.get(other)[0] == 200
    # and a replica that replayed everything, then paused
    wait_replayed(world.primary, world.replica)
    world.replica.sql("SELECT pg_wal_replay_pause()")
    try:
        # When a North location takes a booking the replica does not see
        status, body = _book(world, location, product, times[-1])
        assert status == 201, body
        before = world.reads()
        status, body = world.get(other)
        # Then the other town's calendar is still read from the replica: nothing changed there
        assert status == 200, body
        after = world.reads()
        assert after.get(("replica", "replayed"), 0) == before.get(("replica", "replayed"), 0) + 1
        # while North's goes to the primary
        assert times[-1] not in _times(world, location, product, day)
        assert world.reads().get(("default", "replica_behind"), 0) == (
            after.get(("default", "replica_behind"), 0) + 1
        )
    finally:
        world.replica.sql("SELECT pg_wal_replay_resume()")


def test_every_request_went_through_pgbouncer_in_transaction_mode(world: World):
    # Given the bookings and calendar reads above, all through pgbouncer
    stats = world.bouncer.stats(DATABASE)
    # Then pgbouncer carried the web process's transactions (and the booking worked)
    assert stats.get("total_xact_count", 0) > 10, stats
