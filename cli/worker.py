"""`arledger worker`: the background jobs of a PostgreSQL store, one leader per job.

    arledger worker [--jobs projections,outbox]

Run two (or more) for a standby: see `cli.jobs` and `docs/operations.md`. SIGTERM or
Ctrl-C: the rounds under way finish, the leaderships are released, exit 0.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from typing import Any


def cmd_worker(args: argparse.Namespace) -> int:
    from cli import jobs, logs

    if args.database.startswith(("sqlite", "memory")):
        print("error: `arledger worker` needs PostgreSQL; on SQLite `arledger serve` runs "
              "every job itself", file=sys.stderr)  # fmt: skip
        return 1
    chosen = tuple(job.strip() for job in args.jobs.split(",") if job.strip())
    unknown = set(chosen) - set(jobs.JOBS)
    if unknown or not chosen:
        print(f"error: --jobs takes some of {', '.join(jobs.JOBS)} (got {args.jobs!r})",
              file=sys.stderr)  # fmt: skip
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    logs.configure()
    jobs.run_worker(args.database, chosen, stop)
    return 0


def add_worker_command(sub: Any) -> None:
    wk = sub.add_parser("worker", help="run the background jobs, one leader per job (PostgreSQL)")
    wk.add_argument(
        "--jobs",
        default=os.environ.get("ARLEDGER_WORKER_JOBS", "projections,outbox"),
        help="comma-separated (default: $ARLEDGER_WORKER_JOBS or %(default)s)",
    )
    wk.set_defaults(run=cmd_worker)
