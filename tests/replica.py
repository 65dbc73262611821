"""A PostgreSQL primary and its streaming replica, made for one test run.

The shared test server has no replication entry in pg_hba.conf, so a replica of it
cannot be made; this builds a small cluster of our own instead, with the server binaries
already installed (`initdb`, `pg_basebackup -R`, `pg_ctl`), each on a free port, under a
temporary directory. PostgreSQL refuses to run as root: under root (CI) the commands run
as the `postgres` user.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.servers import free_port


def bin_dir() -> Path | None:
    """The newest installed server's binaries, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parent)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class Pair:
    primary: str  # postgresql:// URLs
    replica: str
    replica_dir: Path

    def replica_sql(self, sql: str) -> list[tuple[object, ...]]:
        with psycopg.connect(self.replica, autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []


@contextmanager
def primary_and_replica() -> Iterator[Pair]:
    binaries = bin_dir()
    if binaries is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb) on this machine")
    root = Path(tempfile.mkdtemp(prefix="arledger-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary_dir, replica_dir = root / "primary", root / "replica"
    ports = free_port(), free_port()
    started: list[Path] = []

    def run(*args: str) -> None:
        done = subprocess.run(as_server_user(list(args)), capture_output=True, text=True,
                              cwd=root, timeout=120)  # fmt: skip
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stdout}{done.stderr}")

    def start(data: Path, port: int) -> None:
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=40 -c shared_buffers=16MB")  # fmt: skip
        run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l",
            str(root / f"{data.name}.log"), "-w", "start")  # fmt: skip
        started.append(data)

    try:
        run(str(binaries / "initdb"), "-D", str(primary_dir), "-U", "postgres",
            "--auth=trust", "--no-sync")  # fmt: skip
        start(primary_dir, ports[0])
        run(str(binaries / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(ports[0]),
            "-U", "postgres", "-D", str(replica_dir), "-R", "--no-sync")  # fmt: skip
        start(replica_dir, ports[1])
        yield Pair(
            f"postgresql://postgres@127.0.0.1:{ports[0]}/postgres",
            f"postgresql://postgres@127.0.0.1:{ports[1]}/postgres",
            replica_dir,
        )
    finally:
        for data in reversed(started):
            subprocess.run(as_server_user([str(binaries / "pg_ctl"), "-D", str(data),
                                           "-m", "immediate", "stop"]),
                           capture_output=True, timeout=60)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
