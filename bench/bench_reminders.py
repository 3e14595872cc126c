# SPDX-License-Identifier: EUPL-1.2
"""10,000 due reminders dispatched by two real Celery workers on Redis.

Run: PYTHONPATH=src .venv/bin/python bench/bench_reminders.py

Creates and drops its own database (balie_bench_reminders, or DATABASE_URL's PostgreSQL
database when its name says "bench"), plans BENCH_REMINDERS reminders (half e-mail, half
SMS) that fall due over the first BENCH_DUE_SPREAD_SECONDS, and starts two `celery worker`
processes (solo pool) against Redis (BALIE_BENCH_REDIS_URL, default db 3), an SMTP stub and
an HTTP SMS gateway stub that run in this process. The sweep (`send_due_reminders_task`) is
queued every BENCH_SWEEP_SECONDS, as beat does in production (every 30 s there). Prints one
JSON object per figure: messages per second, duplicates (stub receipts of one message id
beyond the first, and rows the database sent more than once; both must be 0), and the delay
from due time to the stub's receipt (p50/p99).
"""

from __future__ import annotations

import json
import os
import re
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _benchdb import ROOT, create_database, drop_database, emit, percentile, setup_django
from _server import start_celery

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/balie_bench_reminders"
REDIS_URL = os.environ.get("BALIE_BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
REMINDERS = int(os.environ.get("BENCH_REMINDERS", "10000"))
DUE_SPREAD_SECONDS = float(os.environ.get("BENCH_DUE_SPREAD_SECONDS", "30"))
SWEEP_SECONDS = float(os.environ.get("BENCH_SWEEP_SECONDS", "2"))
TIMEOUT_SECONDS = float(os.environ.get("BENCH_TIMEOUT_SECONDS", "600"))
WORKERS = 2


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") and "bench" in url else DEFAULT_URL


# --- the stubs: what reached the citizen, keyed by Balie's message id ----------------------


class Receipts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.at: list[tuple[int, float]] = []  # (message id, wall-clock time received)

    def add(self, message_id: int) -> None:
        with self.lock:
            self.at.append((message_id, time.time()))


MESSAGE_ID = re.compile(rb"^Message-ID:\s*<reminder-(\d+)@balie>", re.I | re.M)


def start_smtp_stub(receipts: Receipts) -> tuple[socketserver.ThreadingTCPServer, int]:
    """Enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(line.encode() + b"\r\n")
            self.wfile.flush()

        def handle(self) -> None:
            self.reply("220 stub ESMTP")
            while line := self.rfile.readline():
                verb = line[:4].upper()
                if verb == b"EHLO":
                    self.reply("250-stub")
                    self.reply("250 8BITMIME")
                elif verb == b"DATA":
                    self.reply("354 end with .")
                    data = bytearray()
                    while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                        data += chunk
                    found = MESSAGE_ID.search(bytes(data))
                    if found:
                        receipts.add(int(found.group(1)))
                    self.reply("250 queued")
                elif verb == b"QUIT":
                    self.reply("221 bye")
                    return
                else:  # HELO, MAIL, RCPT, RSET, NOOP
                    self.reply("250 ok")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def start_sms_stub(receipts: Receipts) -> tuple[ThreadingHTTPServer, str]:
    """The HTTP gateway's JSON API: records the reference (balie-<message id>), answers 200."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            receipts.add(int(body["reference"].removeprefix("balie-")))
            answer = json.dumps({"id": body["reference"], "cost": "0.07"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/messages"


# --- the data -------------------------------------------------------------------------------


def _reference(n: int) -> str:
    """The n-th reference in booking's format (the manage link's route only takes that)."""
    from balie.booking.services import REFERENCE_ALPHABET

    chars = ""
    for _position in range(6):
        n, digit = divmod(n, len(REFERENCE_ALPHABET))
        chars += REFERENCE_ALPHABET[digit]
    return f"BAL-{chars[:4]}-{chars[4:]}"


def plan_due_reminders(*, first_due: datetime) -> None:
    """REMINDERS appointments in three hours, each with one reminder due in the spread."""
    from django_scopes import scopes_disabled

    from balie.booking.models import Reservation, ReservationStatus
    from balie.catalog.models import Location
    from balie.notifications.models import Channel, Message, MessageKind, ReminderPolicy
    from balie.tenants.models import Municipality

    with scopes_disabled():
        town = Municipality.objects.create(
            name="Herinnerdorp", slug="herinnerdorp", nis_code="11003", formal_address=False
        )
        ReminderPolicy.objects.create(municipality=town, quiet_from="00:00", quiet_until="00:00")
        location = Location.objects.create(
            municipality=town,
            name="Gemeentehuis",
            slug="gemeentehuis",
            street="Markt",
            house_number="1",
            postcode="2000",
            municipality_name="Herinnerdorp",
        )
        start = first_due + timedelta(hours=3)
        reservations = Reservation.objects.bulk_create(
            Reservation(
                municipality=town,
                location=location,
                status=ReservationStatus.CONFIRMED,
                start=start + timedelta(minutes=n % 240),
                end=start + timedelta(minutes=n % 240 + 10),
                reference=_reference(n),
                given_name="An",
                family_name="Peeters",
                email=f"an{n}@example.org",
                phone="+32470123456",
                sms_consent=True,
                confirmed_at=first_due,
            )
            for n in range(REMINDERS)
        )
        step = DUE_SPREAD_SECONDS / max(REMINDERS - 1, 1)
        messages = []
        for n, reservation in enumerate(reservations):
            due = first_due + timedelta(seconds=n * step)
            sms = n % 2 == 1
            messages.append(
                Message(
                    municipality=town,
                    reservation=reservation,
                    kind=MessageKind.REMINDER,
                    channel=Channel.SMS if sms else Channel.EMAIL,
                    recipient=reservation.phone if sms else reservation.email,
                    due_at=due,
                    next_attempt_at=due,
                )
            )
        Message.objects.bulk_create(messages, batch_size=2000)


def count_finished() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM notifications_message WHERE status NOT IN ('planned', 'queued')"
        )
        return int(cursor.fetchone()[0])


def database_figures() -> tuple[dict[str, int], int, dict[int, float]]:
    """Statuses, appointments sent one channel's reminder twice, and each due time."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM notifications_message GROUP BY status")
        statuses = {status: int(count) for status, count in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM (SELECT reservation_id, channel FROM notifications_message"
            " WHERE status = 'sent' GROUP BY reservation_id, channel HAVING count(*) > 1) AS d"
        )
        resent = int(cursor.fetchone()[0])
        cursor.execute("SELECT id, extract(epoch FROM due_at) FROM notifications_message")
        due = {int(pk): float(epoch) for pk, epoch in cursor.fetchall()}
    return statuses, resent, due


# --- the run --------------------------------------------------------------------------------


def start_workers(*, url: str, smtp_port: int, sms_url: str) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balie.conf.test",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SMS_BACKEND": "balie.notifications.sms.HttpSmsGateway",
        "SMS_GATEWAY_URL": sms_url,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    return [start_celery(env, name=f"bench{n}") for n in range(WORKERS)]


def wait_for_workers(app: object) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=0.5) or []  # type: ignore[attr-defined]
        if len(replies) >= WORKERS:
            return
    sys.exit("the Celery workers did not start within 60 s")


def run(url: str) -> None:
    import redis
    from django.conf import settings

    from balie.celery import app
    from balie.notifications.tasks import send_due_reminders_task

    redis.Redis.from_url(REDIS_URL).flushdb()
    app.conf.broker_url = REDIS_URL
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    receipts = Receipts()
    smtp, smtp_port = start_smtp_stub(receipts)
    sms, sms_url = start_sms_stub(receipts)
    workers = start_workers(url=url, smtp_port=smtp_port, sms_url=sms_url)
    try:
        wait_for_workers(app)
        # Due from a moment after the workers are up, so the delay measures dispatch only.
        first_due = datetime.now(UTC) + timedelta(seconds=2)
        plan_due_reminders(first_due=first_due)
        began = time.monotonic()
        while time.monotonic() - began < TIMEOUT_SECONDS:
            send_due_reminders_task.delay()
            time.sleep(SWEEP_SECONDS)
            if count_finished() >= REMINDERS:
                break
        elapsed = time.monotonic() - began
        # A late duplicate would arrive after the last first delivery: give it a moment.
        time.sleep(2)
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.shutdown()
        sms.shutdown()
        redis.Redis.from_url(REDIS_URL).flushdb()
    statuses, resent, due = database_figures()
    per_id = Counter(message_id for message_id, _at in receipts.at)
    first_receipt: dict[int, float] = {}
    for message_id, at in receipts.at:
        first_receipt.setdefault(message_id, at)
    delays_ms = [(at - due[pk]) * 1000 for pk, at in first_receipt.items() if pk in due]
    times = sorted(first_receipt.values())
    span = (times[-1] - first_due.timestamp()) if times else float("nan")
    workload = {
        "reminders": REMINDERS,
        "email": REMINDERS - REMINDERS // 2,
        "sms": REMINDERS // 2,
        "workers": WORKERS,
        "pool": "solo",
        "due_spread_s": DUE_SPREAD_SECONDS,
        "sweep_interval_s": SWEEP_SECONDS,
        "broker": "redis",
        "database": "postgresql",
    }
    emit(
        {
            "name": "reminders_dispatch_throughput",
            "messages_per_second": round(len(first_receipt) / span, 1) if times else None,
            # False when BENCH_TIMEOUT_SECONDS ran out first; the figures cover what was sent.
            "complete": len(first_receipt) == REMINDERS,
            "delivered": len(first_receipt),
            "sent_in_database": statuses.get("sent", 0),
            "statuses": statuses,
            "seconds_from_first_due_to_last_send": round(span, 2),
            "seconds_sweeping": round(elapsed, 2),
            **workload,
        }
    )
    duplicates = sum(count - 1 for count in per_id.values())
    emit(
        {
            "name": "reminders_dispatch_duplicates",
            "duplicates": duplicates,
            "duplicates_in_database": resent,
            "missing": REMINDERS - len(first_receipt),
            **workload,
        }
    )
    emit(
        {
            "name": "reminders_due_to_send_delay",
            "p50_ms": round(percentile(delays_ms, 0.50), 1),
            "p99_ms": round(percentile(delays_ms, 0.99), 1),
            "max_ms": round(max(delays_ms), 1) if delays_ms else None,
            "runs": len(delays_ms),
            **workload,
        }
    )
    if duplicates or resent:
        sys.exit("a reminder reached the citizen twice")


def main() -> None:
    url = database_url()
    create_database(url)
    try:
        setup_django(url)
        run(url)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(url)


if __name__ == "__main__":
    main()
