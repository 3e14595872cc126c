# SPDX-License-Identifier: EUPL-1.2
"""Throwaway PostgreSQL clusters for the scale-out test and benchmark: a primary, a
streaming replica of it, and pgbouncer in front, each in its own temporary directory on a
free port.

Nothing touches the machine's own cluster: ``initdb`` makes a fresh primary whose
``pg_hba.conf`` allows replication from loopback, and ``pg_basebackup -R`` clones it into a
hot standby. PostgreSQL and pgbouncer refuse to run as root, so as root (CI) every command
runs as the ``postgres`` user.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb is None:
        raise RuntimeError("PostgreSQL's initdb is not installed")
    return Path(initdb).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres() -> dict[str, object]:
    """Popen arguments that drop root for the postgres user (no wrapper process to reap)."""
    if os.geteuid() == 0:
        return {"user": "postgres", "group": "postgres", "extra_groups": [], "cwd": "/tmp"}
    return {}


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[no-any-return]
        command,
        check=True,
        capture_output=True,
        text=True,
        **_as_postgres(),  # type: ignore[call-overload]
    )


def make_workdir(prefix: str) -> Path:
    """A temporary directory the postgres user owns (the test's own tmp_path is root's)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


@dataclass
class Cluster:
    data: Path
    port: int
    log: Path
    bin: Path = field(default_factory=_bin_dir)

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        _run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"])

    def stop(self) -> None:
        subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
            **_as_postgres(),  # type: ignore[call-overload]
        )

    def sql(self, statement: str, database: str = "postgres") -> str:
        import psycopg

        with psycopg.connect(self.dsn(database), autocommit=True) as conn:
            cursor = conn.execute(statement)
            row = cursor.fetchone() if cursor.description else None
        return "" if row is None or row[0] is None else str(row[0])


def _configure(data: Path, port: int, *, durable: bool) -> None:
    settings = [
        "listen_addresses = '127.0.0.1'",
        f"port = {port}",
        f"unix_socket_directories = '{data}'",
        "wal_level = replica",
        "max_wal_senders = 5",
        "hot_standby = on",
        "max_connections = 200",
        "shared_buffers = 128MB",
    ]
    if not durable:
        # The test proves routing, not durability: no fsync keeps it quick on a shared disk.
        settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
    with (data / "postgresql.auto.conf").open("a") as conf:
        conf.write("\n".join(settings) + "\n")


def start_primary(workdir: Path, *, durable: bool = False) -> Cluster:
    data = workdir / "primary"
    bin_dir = _bin_dir()
    _run(
        [
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ]
    )
    with (data / "pg_hba.conf").open("a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    cluster = Cluster(data=data, port=free_port(), log=workdir / "primary.log", bin=bin_dir)
    _configure(data, cluster.port, durable=durable)
    cluster.start()
    return cluster


def start_replica(primary: Cluster, workdir: Path, *, durable: bool = False) -> Cluster:
    """A hot standby streaming from ``primary`` (``pg_basebackup -R`` writes the link)."""
    data = workdir / "replica"
    _run(
        [
            str(primary.bin / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(data),
            "-R",
            "-X",
            "stream",
            "--checkpoint=fast",
        ]
    )
    cluster = Cluster(data=data, port=free_port(), log=workdir / "replica.log", bin=primary.bin)
    _configure(data, cluster.port, durable=durable)
    cluster.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        streaming = "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
        if primary.sql(streaming) == "1":
            return cluster
        time.sleep(0.2)
    raise RuntimeError(f"the replica did not start streaming; see {cluster.log}")


def wait_replayed(primary: Cluster, replica: Cluster, timeout: float = 30) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    target = primary.sql("SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "True":
            return
        time.sleep(0.05)
    raise RuntimeError("the replica did not catch up")


@dataclass
class Pgbouncer:
    port: int
    process: subprocess.Popen[bytes]
    workdir: Path

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stats(self, database: str) -> dict[str, int]:
        """pgbouncer's own counters for ``database`` (SHOW STATS on its admin console)."""
        return self._show("STATS", database)

    def pools(self, database: str) -> dict[str, int]:
        """Client and server connections of ``database``'s pool right now (SHOW POOLS)."""
        return self._show("POOLS", database)

    def _show(self, what: str, database: str) -> dict[str, int]:
        import psycopg

        conn = psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/pgbouncer", autocommit=True
        )
        try:
            cursor = conn.cursor()
            cursor.execute(f"SHOW {what}")
            names = [column.name for column in cursor.description or []]
            for row in cursor.fetchall():
                record = dict(zip(names, row, strict=True))
                if record["database"] == database:
                    # Counters come as numeric (Decimal); names and modes as text.
                    return {
                        key: int(value)
                        for key, value in record.items()
                        if isinstance(value, int | Decimal)
                    }
        finally:
            conn.close()
        return {}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_pgbouncer(primary: Cluster, workdir: Path, *, pool_size: int = 20) -> Pgbouncer:
    """pgbouncer in transaction mode in front of every database of ``primary``."""
    port = free_port()
    ini = workdir / "pgbouncer.ini"
    users = workdir / "userlist.txt"
    users.write_text('"postgres" ""\n')
    ini.write_text(
        "[databases]\n"
        f"* = host=127.0.0.1 port={primary.port}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        f"unix_socket_dir = {workdir}\n"
        "auth_type = trust\n"
        f"auth_file = {users}\n"
        "admin_users = postgres\n"
        "pool_mode = transaction\n"
        f"default_pool_size = {pool_size}\n"
        "max_client_conn = 1000\n"
        # SHOW STATS totals are refreshed every stats_period seconds.
        "stats_period = 1\n"
        f"logfile = {workdir / 'pgbouncer.log'}\n"
    )
    if os.geteuid() == 0:
        for path in (ini, users):
            shutil.chown(path, "postgres", "postgres")
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    process = subprocess.Popen(
        [binary, str(ini)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        **_as_postgres(),  # type: ignore[call-overload]
    )
    bouncer = Pgbouncer(port=port, process=process, workdir=workdir)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return bouncer
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    bouncer.stop()
    raise RuntimeError(f"pgbouncer did not start; see {workdir / 'pgbouncer.log'}")


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
