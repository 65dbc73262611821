"""Running the projection: exactly once, in batches to catch up, live after that.

The entry point of the read side: open (migrate) the views, catch up, rebuild, report
the position, follow live. Writing a batch atomically with its tracking position is
the recorder's (`projections.recorder`); what each view does with an event is the
writers' (`projections.writers`).

* `catch_up` reads the notification log in pages and writes a page per
  transaction (fast: rebuilds and lagging processes).
* `LedgerViews` is the `Projection` that eventsourcing's `ProjectionRunner`
  drives live, one event per transaction, from the same tracking position.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, Tracking
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.utils import Environment

from ledger.application import Ledger
from ledger.store import environment
from projections import database
from projections.projector import handles_topic
from projections.recorder import APP, ProjectionStalled, Stall, ViewRecorder, view_class

# The recorder's names are part of this module's interface (`open_views` returns one;
# `catch_up` raises `ProjectionStalled`): callers need import only `views`.
__all__ = [
    "APP",
    "NAME",
    "PAGE",
    "LedgerReader",
    "LedgerViews",
    "ProjectionStalled",
    "Stall",
    "Status",
    "ViewRecorder",
    "catch_up",
    "fewer_collections",
    "live",
    "open_views",
    "rebuild",
    "runner_env",
    "status",
    "view_class",
]

NAME = "views"


class LedgerViews(Projection[ViewRecorder]):
    """What `ProjectionRunner` calls for each new event."""

    name = NAME

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        topic = type(domain_event).__qualname__
        self.view.write_or_stall([(domain_event, tracking)], [topic])


class LedgerReader(Ledger):
    """The ledger constructed from an environment, as `ProjectionRunner` does it."""

    name = Ledger.name  # same event table and tracking name as the ledger itself

    def __init__(self, env: Any = None) -> None:
        super().__init__(dict(env or {})["ARLEDGER_DATABASE_URL"])


def runner_env(url: str) -> dict[str, str]:
    return {**environment(url), "ARLEDGER_DATABASE_URL": url, "CREATE_TABLE": "y"}


def open_views(url: str) -> ViewRecorder:
    """Migrate the view tables (Alembic) and open the tracking recorder."""
    database.upgrade(url)
    return _recorder(runner_env(url))


def attach(url: str) -> ViewRecorder:
    """The tracking recorder of views someone else migrates and writes: a streaming
    replica's (read-only: no migrations, no CREATE TABLE), for the API's reads and its
    read-your-writes waits (cli.roles)."""
    return _recorder({**runner_env(url), "CREATE_TABLE": "n"})


def _recorder(env: dict[str, str]) -> ViewRecorder:
    factory = InfrastructureFactory[ViewRecorder].construct(env=Environment(NAME, env))
    return factory.tracking_recorder(view_class(env["ARLEDGER_DATABASE_URL"]))


# Events per transaction in a catch-up. Bigger pages mean fewer round trips, fewer
# tracking writes and bigger COPY batches: at 1M events a rebuild took 105 s with pages
# of 1,000 and 74 s with 5,000 (bench/projections.py), for 18 MB more peak memory.
PAGE = 5000
# Statistics keep up with tables growing during a catch-up: `analyze` (VACUUM ANALYZE on
# PostgreSQL) runs each time the position has doubled since the last one, from 20,000 on,
# so the planner's idea of a table's size is never off by more than 2x. Each run reads
# whole tables (4 s at 1M events): a 1M rebuild spends 15 s in 8 of them, where running
# every 100,000 events took 11, mostly on bigger tables (bench/projections.py).
ANALYZE_FIRST = 20_000  # position
ANALYZE_AFTER = 5_000  # events: enough new rows to be worth fresh statistics at the end


def catch_up(
    ledger: Ledger,
    views: ViewRecorder,
    *,
    page: int = PAGE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Apply every event after the tracked position, a page per transaction."""
    with fewer_collections():
        return _catch_up(ledger, views, page, progress)


@contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Run the cycle collector less often, for the duration of a catch-up.

    A page allocates hundreds of thousands of short-lived objects (decoded events, rows),
    which reference counting frees anyway; at the default threshold (700) the collector
    ran every few events and cost 10-15% of a catch-up (bench/projections.py, 50k events).
    """
    saved = gc.get_threshold()
    gc.set_threshold(young, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _catch_up(
    ledger: Ledger, views: ViewRecorder, page: int, progress: Callable[[int], None] | None
) -> int:
    done = analyzed = 0
    due = max(2 * (views.max_tracking_id(APP) or 0), ANALYZE_FIRST)
    while True:
        start = (views.max_tracking_id(APP) or 0) + 1
        if start > due:
            views.analyze()
            analyzed, due = done, 2 * start
        notifications = ledger.recorder.select_notifications(start, page)
        if not notifications:
            if done - analyzed >= ANALYZE_AFTER:
                views.analyze()
            return done
        views.write_or_stall(
            [
                (
                    ledger.mapper.to_domain_event(n) if handles_topic(n.topic) else None,
                    Tracking(APP, n.id),
                )
                for n in notifications
            ],
            [n.topic for n in notifications],
        )
        done += len(notifications)
        if progress is not None:
            progress(len(notifications))


def rebuild(ledger: Ledger, views: ViewRecorder, **kwargs: Any) -> int:
    """Empty the views and replay from event zero."""
    views.reset()
    return catch_up(ledger, views, **kwargs)


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


def status(ledger: Ledger, views: ViewRecorder) -> Status:
    return Status(NAME, views.max_tracking_id(APP) or 0, ledger.event_count())


class LiveViews(ProjectionRunner[LedgerReader, ViewRecorder]):
    """eventsourcing's runner, which on exit also closes its view recorder: the runner
    closes its application's pool but never the recorder's, and an API process that
    restarted its projection kept one more pool each time."""

    def __exit__(self, *exc: Any) -> None:
        try:
            super().__exit__(*exc)
        finally:
            self.view.close()

    def close(self) -> None:
        """Stop following, wait for the thread, release both pools."""
        self.__exit__(None, None, None)


def live(url: str) -> LiveViews:
    """A running projection (use as a context manager, or `close()` it to end)."""
    database.upgrade(url)  # migrations first (opening a recorder only for them leaked its pool)
    return LiveViews(
        application_class=LedgerReader,
        projection_class=LedgerViews,
        view_class=view_class(url),
        env=runner_env(url),
    )
