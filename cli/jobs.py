"""The background jobs and who runs them: one leader per job, any number of standbys.

`arledger worker` runs a `JobRunner`; so does `arledger serve` on PostgreSQL unless
`--no-jobs`. Each job is a thread that loops: take or keep the job's leadership
(`adapters.leadership`), do one round, wait. A standby's round is only the attempt to
take the lock, every `leadership.RETRY` seconds.

    projections  apply new events to the read models (a page per transaction); the
                 tracking position refuses a write another projector made first, so
                 a stale leader's batch rolls back whole and it simply reads again
    outbox       plan dispatches, send what is due (each attempt claimed with the
                 leader's epoch), and ask for reminders once a day

Every process that waits for the read models (a mutation, the outbox) waits for the
tracking position to pass its event (`Follower`), whoever the projection leader is.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import IntegrityError

from adapters import leadership, outbox
from adapters.read_models import ReadModels
from cli.wiring import read_models
from ledger.application import Ledger
from ledger.session import Policy
from projections import views

log = logging.getLogger("arledger.jobs")
JOBS = ("projections", "outbox")
POLL = 0.02  # seconds between looks at the tracking position while waiting for it


class Follower:
    """Waits for the read models to pass a position, whoever projects them.

    The interface of eventsourcing's `ProjectionRunner` that the API uses (`wait`, `stop`,
    `view`), so a mutation waits the same way with the projection in this process or in
    a worker elsewhere."""

    def __init__(self, view: views.ViewRecorder, stall: Callable[[], views.Stall | None]) -> None:
        self.view = view
        self.stall = stall
        self.stopped = threading.Event()

    def position(self) -> int:
        return self.view.max_tracking_id(views.APP) or 0

    def wait(self, position: int | None, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while position and not self.view.has_tracking_id(views.APP, position):
            stall = self.stall()
            if stall is not None and position is not None and stall.position <= position:
                raise views.ProjectionStalled(stall)
            if time.monotonic() > deadline:
                raise TimeoutError(f"the read models are at {self.position()}, not {position}")
            if self.stopped.wait(POLL):
                return

    def stop(self) -> None:
        self.stopped.set()


class JobRunner:
    """The chosen jobs of one process, each in its own thread with its own leadership."""

    def __init__(self, url: str, jobs: tuple[str, ...] = JOBS) -> None:
        unknown = set(jobs) - set(JOBS)
        if unknown:
            raise ValueError(f"unknown jobs {sorted(unknown)}; there are {list(JOBS)}")
        self.url = url
        self.jobs = jobs
        self.ledger = Ledger(url, policy=Policy.from_settings(os.environ))
        self.view = views.open_views(url)
        self.follower = Follower(self.view, lambda: self.view.stall)
        self.leaders = {job: leadership.leader(url, job) for job in jobs}
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.outbox_interval = float(os.environ.get("ARLEDGER_OUTBOX_INTERVAL", "10"))
        self.reminded: Any = None
        self.rounds: dict[str, int] = dict.fromkeys(jobs, 0)

    def start(self) -> JobRunner:
        for job in self.jobs:
            thread = threading.Thread(target=self._loop, args=(job,), name=f"job-{job}")
            thread.daemon = True
            thread.start()
            self.threads.append(thread)
        return self

    def leading(self) -> dict[str, bool]:
        return {job: leader.epoch is not None for job, leader in self.leaders.items()}

    def _loop(self, job: str) -> None:
        leader = self.leaders[job]
        step, pause = (self.project, POLL) if job == "projections" else (self.deliver, None)
        while not self.stopping.is_set():
            was = leader.epoch
            if not leader.try_lead():
                if was is not None:
                    log.warning("lost the lead of %s (epoch %s)", job, was)
                self.stopping.wait(leadership.RETRY)
                continue
            if was is None:
                log.info("leading %s (epoch %s)", job, leader.epoch)
            try:
                step()
                self.rounds[job] += 1
            except Exception:  # a bad round must not end the job: the next one retries
                log.exception("%s round failed", job)
                self.stopping.wait(1.0)
            self.stopping.wait(pause if pause is not None else self.outbox_interval)

    def project(self) -> None:
        if self.view.stall is not None:
            return  # stopped before an event it cannot apply: `/health` says so
        try:
            views.catch_up(self.ledger, self.view)
        except IntegrityError:
            # Another projector tracked these events first (a leader being replaced):
            # our batch rolled back whole; the next round reads from the new position.
            log.info("another projector wrote first; reading on from its position")
        except views.ProjectionStalled as stalled:
            log.error("%s", stalled)

    def read_models(self) -> ReadModels:
        """The views as the outbox reads them: waited for, never written by it."""
        base = read_models(self.ledger, self.view)
        return ReadModels(
            rows=base.rows,
            catch_up=lambda: self.follower.wait(self.ledger.event_count(), 30.0),
            moment=base.moment,
            amount=base.amount,
        )

    def deliver(self) -> None:
        leader = self.leaders["outbox"]
        read = self.read_models()
        today = datetime.now(UTC).date()
        if self.reminded != today:
            outbox.remind(self.ledger, read, today)
            self.reminded = today
        outbox.plan(self.ledger, read)
        outbox.send_due(self.ledger, read, epoch=leader.epoch)

    def stop(self) -> None:
        """Finish the rounds under way, then give every lock back (a standby need not wait
        for the connection to time out)."""
        self.stopping.set()
        self.follower.stop()
        for thread in self.threads:
            thread.join(timeout=60)
        for leader in self.leaders.values():
            leader.release()
        self.view.close()
        self.ledger.close()


def run_worker(url: str, jobs: tuple[str, ...], stop: threading.Event) -> None:
    """`arledger worker`: the jobs until `stop` is set (SIGTERM, Ctrl-C)."""
    runner = JobRunner(url, jobs).start()
    log.info("worker %s running %s", leadership.holder_name(), ", ".join(jobs))
    try:
        while not stop.wait(1.0):
            pass
    finally:
        runner.stop()
