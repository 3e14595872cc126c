# SPDX-License-Identifier: EUPL-1.2
"""`make run`'s server answers a burst of 40 simultaneous clients instead of resetting them.

Django's runserver, which `make run` used before, reset connections at such a burst.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
GUNICORN = Path(sys.executable).parent / "gunicorn"
CONFIG = ROOT / "src" / "balie" / "conf" / "gunicorn_embedded.py"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def embedded_server(tmp_path: Path):
    """The server exactly as `make run` starts it, on a fresh SQLite file and a free port."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "balie.conf.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "BALIE_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT / "src"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    process = subprocess.Popen(
        [str(GUNICORN), "--config", str(CONFIG), "balie.wsgi:application"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the embedded server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _ask(base: str, path: str, start: threading.Barrier) -> str:
    """Connect, wait until every client is connected, then send: the first line answered."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        start.wait(timeout=30)
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    return received.split(b"\r\n", 1)[0].decode()


def test_forty_simultaneous_clients_all_get_an_answer(embedded_server: str):
    # Given 40 clients, each with its own connection, released at the same instant
    paths = ["/", "/api/v1/municipalities/", "/readyz", "/healthz"] * 10
    start = threading.Barrier(len(paths))

    # When they all ask at once
    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        answers = list(pool.map(lambda path: _ask(embedded_server, path, start), paths))

    # Then every one got an HTTP answer (a reset or refusal would raise above, a dropped
    # connection would leave an empty line)
    assert answers == ["HTTP/1.1 200 OK"] * len(paths)
