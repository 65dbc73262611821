"""`arledger serve`: one process, or N API processes under uvicorn's supervisor.

uvicorn starts N processes from an import string (`app_factory` below), so what the
command line says travels to them in the environment: the database URL, demo mode,
and which jobs an API process runs (`cli.roles`). uvicorn's supervisor
restarts a process that dies and, on SIGTERM, stops accepting, lets each process
finish its requests (`ARLEDGER_SHUTDOWN_GRACE` seconds) and run its shutdown, which
gives the jobs' leadership back.
"""

from __future__ import annotations

import os
import tempfile

from starlette.applications import Starlette

from cli.roles import JOBS_ENV, replica_url
from graphql_api.db import read_pool_size

GRACE_ENV = "ARLEDGER_SHUTDOWN_GRACE"
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


def refusal(url: str, workers: int, no_jobs: bool) -> str | None:
    """Why these options cannot run on this store, or None."""
    if workers < 1:
        return f"--workers must be at least 1 (got {workers})"
    replica = replica_url()
    if replica and not replica.startswith(("postgres://", "postgresql://")):
        return f"the read database must be a PostgreSQL replica's URL (got {replica!r})"
    for given in (url, replica):
        try:
            read_pool_size(given)
        except ValueError as bad:
            return str(bad)
    if url.startswith(("sqlite", "memory")):
        if replica:
            return ("a read database (a streaming replica) needs PostgreSQL: SQLite's "
                    "one process reads its own file")  # fmt: skip
        if workers > 1:
            return (f"--workers {workers} needs PostgreSQL: SQLite allows one writing "
                    "process, which serves and runs every job (use --workers 1)")  # fmt: skip
        if no_jobs:
            return ("--no-jobs needs PostgreSQL: on SQLite the server is the one process "
                    "and projects its own writes")  # fmt: skip
    return None


def app_factory() -> Starlette:
    """What each API process runs (`uvicorn --factory cli.serving:app_factory`)."""
    from cli import logs
    from graphql_api.app import create_app

    logs.configure()  # each process of `--workers N` is a fresh interpreter
    return create_app(os.environ["ARLEDGER_DATABASE_URL"], server=True,
                      demo=os.environ.get("ARLEDGER_DEMO") == "1")  # fmt: skip


def run(url: str, host: str, port: int, *, workers: int = 1, demo: bool = False,
        no_jobs: bool = False) -> None:  # fmt: skip
    import uvicorn

    from cli import logs

    os.environ["ARLEDGER_DATABASE_URL"] = url
    os.environ["ARLEDGER_DEMO"] = "1" if demo else "0"
    if no_jobs:
        os.environ[JOBS_ENV] = "none"
    if workers > 1 and not os.environ.get(METRICS_DIR_ENV):
        # /metrics sums the processes' figures (prometheus-client's multiprocess mode).
        os.environ[METRICS_DIR_ENV] = tempfile.mkdtemp(prefix="arledger-metrics-")
    logs.configure()
    uvicorn.run(
        "cli.serving:app_factory",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        log_level="warning",
        timeout_graceful_shutdown=int(os.environ.get(GRACE_ENV, "30")),
    )
