"""What an API process does besides serving: which jobs it runs, and how it waits.

On SQLite the server is the one process and does everything (`graphql_api.app`).
On PostgreSQL any number of API processes and workers share the store: the jobs
(`cli.jobs`) each have one leader among the processes that run them, and every
API process waits for the read models through the tracking position (`Follower`),
whoever projects them.

    ARLEDGER_JOBS      jobs this API process runs besides serving, comma-separated
                       (`projections`, `outbox`), or `none` (`serve --no-jobs`).
                       Default: `projections`, plus `outbox` if ARLEDGER_OUTBOX=1.
    ARLEDGER_STARTUP_WAIT  seconds a server running the projection waits at start for
                       the views to reach the head of the log before serving (300)
    ARLEDGER_READ_DATABASE_URL  a streaming replica of the store (`serve
                       --read-database`): this process's queries read the views there,
                       and a mutation waits until the replica shows its events. Commands,
                       sessions and the jobs stay on the primary.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from adapters.read_models import ReadModels
from cli.jobs import Follower, JobRunner
from cli.wiring import read_models
from ledger.application import Ledger
from ledger.session import Policy
from projections import views

JOBS_ENV = "ARLEDGER_JOBS"
READ_URL_ENV = "ARLEDGER_READ_DATABASE_URL"


def replica_url() -> str:
    """The streaming replica's URL if one is set, else ''."""
    return os.environ.get(READ_URL_ENV, "").strip()


def read_url(url: str) -> str:
    """Where this API process reads the views: the replica if one is set, else the store."""
    return replica_url() or url


def jobs_wanted() -> tuple[str, ...]:
    given = os.environ.get(JOBS_ENV)
    if given is None:
        return (
            ("projections", "outbox")
            if os.environ.get("ARLEDGER_OUTBOX") == "1"
            else ("projections",)
        )
    if given.strip().lower() in ("", "none"):
        return ()
    return tuple(job.strip() for job in given.split(",") if job.strip())


def open_postgres(url: str) -> tuple[JobRunner | None, Follower, Ledger, views.ViewRecorder]:
    ledger = Ledger(url, policy=Policy.from_settings(os.environ))
    view = views.open_views(url)  # migrations first, on the primary
    replica = read_url(url)
    if replica != url:  # read and wait where the queries read: a replica lags its primary
        view.close()
        view = views.attach(replica)
    wanted = jobs_wanted()
    jobs = JobRunner(url, wanted).start() if wanted else None
    follower = Follower(view, lambda: jobs.view.stall if jobs is not None else None)
    if jobs is not None and "projections" in wanted:
        # As on SQLite: the first answer already shows the whole log (unless another
        # process leads the projection and is far behind: then serve what there is).
        try:
            follower.wait(ledger.event_count(), float(os.environ.get("ARLEDGER_STARTUP_WAIT",
                                                                     "300")))  # fmt: skip
        except (TimeoutError, views.ProjectionStalled) as late:
            logging.getLogger("arledger.projections").warning("serving before caught up: %s",
                                                              late)  # fmt: skip
    return jobs, follower, ledger, view


def waiting_read_models(ledger: Ledger, view: views.ViewRecorder, runner: Any) -> ReadModels:
    """The views as a background job reads them: it waits for the projection to pass
    the head of the log, and never writes them itself."""
    base = read_models(ledger, view)

    def catch_up() -> None:
        head = ledger.event_count()
        if runner is not None and head:  # an empty log has no position to wait for
            runner.wait(head, 30.0)

    return ReadModels(rows=base.rows, catch_up=catch_up, moment=base.moment, amount=base.amount)
