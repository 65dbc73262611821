"""Appends per second at 1, 4 and 16 concurrent writers on PostgreSQL: ours, plain
eventsourcing and the raw INSERT+COMMIT floor, in one run.

    python bench/writers.py [--seconds 4] [--writers 1,4,16]
                            [--pg-url postgresql://postgres@127.0.0.1:5432/test]

What is measured
----------------
Each writer is its own OS process (forked; the GIL plays no part) with its own connection,
and appends for `--seconds` after all writers of the cell are set up and released together,
in `--rounds` rounds (the sides alternating within each; the median round is shown).
One append is one transaction that writes E events, E being what one of our commands writes
(measured first, printed as "events per append"), so events/s = E x appends/s on every side:

* raw: plain psycopg, `INSERT` of E rows shaped like eventsourcing's (uuid, version, topic,
  bytea state of our mean event size, `notification_id bigserial`) then `COMMIT`. No lock, no
  reads: the floor the database itself sets at this concurrency.
* plain-es: an `eventsourcing.application.Application` with the same persistence settings
  as ours (`ledger.store.environment`, with eventsourcing's stock PostgreSQL recorder, which
  takes `LOCK TABLE ... IN EXCLUSIVE MODE` per write) and a trivial aggregate: one event on
  the writer's own aggregate plus E-1 new one-event aggregates, one `save`.
* ours-log: the plain-es application and aggregate, with our event log instead of the stock
  recorder (`ledger.store.environment`'s recorder: no table lock, no NOTIFY): what the log
  itself costs an append, apart from the work of a command.
* ours (stock recorder): `Ledger.execute(RecordErpInvoice)`, 3 lines, for the writer's own
  company, with eventsourcing's stock recorder: what arledger did before this benchmark.
* ours: the same commands with the recorder `ledger.store.environment` configures today.

Latency is one append as its writer sees it (for ours, the whole command: rules, encoding,
hashing, the write and the commit), p50 and p99 over every append of the cell. Cells run
writer count by writer count, the sides alternating within each, every side in its own
fresh schema (dropped at the end). This machine has 2 cores, shared: 4 writers already
oversubscribe them for our side (Python work per command), 16 oversubscribe every side, and
the database server shares the same 2 cores. Absolute figures are noisy here; ratios from
the same run are the point.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psycopg  # noqa: E402
from append_steps import GROSS, ISSUED, LINES, NET, TAX  # noqa: E402
from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402

from ledger import commands as c  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.store import environment  # noqa: E402

STOCK = {"APPLICATION_RECORDER_TOPIC": "eventsourcing.postgres:PostgresApplicationRecorder"}
Append = Callable[[], None]
# Writers leave table creation to `prepare`: concurrent CREATE ... IF NOT EXISTS / OR REPLACE
# statements fail with "tuple concurrently updated".
EXISTING: dict[str, str] = {}


# -- the sides ---------------------------------------------------------------------------


class Counter(Aggregate):
    @event("Created")
    def __init__(self, writer: int) -> None:
        self.writer = writer
        self.count = 0

    @event("Bumped")
    def bump(self, n: int) -> None:
        self.count = n


class Note(Aggregate):
    @event("Written")
    def __init__(self, counter_id: UUID, n: int) -> None:
        self.counter_id = counter_id
        self.n = n


class Plain(Application[UUID]):
    name = "plain"
    env: ClassVar[dict[str, str]] = dict(Ledger.env)


def raw_side(url: str, writer: int, per: int, size: int) -> tuple[Append, Callable[[], None]]:
    conn = psycopg.connect(url.split("?")[0], options=f"-c search_path={schema_of(url)}")
    stream = uuid.uuid4()
    version = iter(range(10**9))
    state = b"x" * size
    values = ",".join(["(%s, %s, %s, %s)"] * per)
    sql = (
        f"INSERT INTO raw_events (originator_id, originator_version, topic, state) VALUES {values}"
    )

    def append() -> None:
        params: list[Any] = []
        for _ in range(per):
            params += [stream, next(version), "bench:Raw", state]
        conn.execute(sql, params)
        conn.commit()

    return append, conn.close


def plain_side(url: str, writer: int, per: int, size: int) -> tuple[Append, Callable[[], None]]:
    return _plain_app(url, writer, per, STOCK)


def log_side(url: str, writer: int, per: int, size: int) -> tuple[Append, Callable[[], None]]:
    return _plain_app(url, writer, per, {})


def _plain_app(
    url: str, writer: int, per: int, recorder: dict[str, str]
) -> tuple[Append, Callable[[], None]]:
    app = Plain(env={**environment(url), **recorder, **EXISTING})
    counter = Counter(writer)
    app.save(counter)
    n = iter(range(1, 10**9))

    def append() -> None:
        i = next(n)
        counter.bump(i)
        app.save(counter, *(Note(counter.id, i) for _ in range(per - 1)))

    return append, app.close


def ours_side(env: dict[str, str]) -> Callable[..., tuple[Append, Callable[[], None]]]:
    def side(url: str, writer: int, per: int, size: int) -> tuple[Append, Callable[[], None]]:
        ledger = Ledger(url, env={**env, **EXISTING})
        run = uuid.uuid4().hex[:8]
        company = ledger.execute(
            c.RegisterCompany(f"co-{run}", f"Writer {writer}", "EUR", credit_limit="90000000000")
        )
        company_id = UUID(company["company_id"])
        n = iter(range(10**9))

        def append() -> None:
            number = f"SI-{run}-{next(n)}"
            ledger.execute(
                c.RecordErpInvoice(
                    f"i-{number}",
                    company_id,
                    number,
                    f"SO-{number}",
                    ISSUED,
                    "EUR",
                    LINES,
                    NET,
                    TAX,
                    GROSS,
                )
            )

        return append, ledger.close

    return side


SIDES: dict[str, Callable[..., tuple[Append, Callable[[], None]]]] = {
    "raw": raw_side,
    "plain-es": plain_side,
    "ours-log": log_side,
    "ours-stock": ours_side(STOCK),
    "ours": ours_side({}),
}


# -- running a cell ----------------------------------------------------------------------


def schema_of(url: str) -> str:
    return url.split("schema=")[1]


def writer_main(
    side: str, url: str, n: int, per: int, size: int, seconds: float, barrier: Any, results: Any
) -> None:
    EXISTING["CREATE_TABLE"] = "n"
    append, close = SIDES[side](url, n, per, size)
    append()  # warm: connections open, statements prepared, caches filled
    latencies: list[float] = []
    barrier.wait()
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        append()
        latencies.append(time.perf_counter() - start)
    close()
    results.put(latencies)


@dataclass
class Cell:
    side: str
    writers: int
    appends: int
    events: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.events / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def count_events(pg_url: str, url: str, table: str) -> int:
    with psycopg.connect(pg_url) as conn:
        row = conn.execute(f'SELECT count(*) FROM "{schema_of(url)}"."{table}"').fetchone()
    return int(row[0]) if row else 0


TABLES = {
    "raw": "raw_events",
    "plain-es": "plain_events",
    "ours-log": "plain_events",
    "ours-stock": "ledger_events",
    "ours": "ledger_events",
}


def prepare(side: str, url: str, per: int, size: int) -> None:
    """Create the side's tables once, so concurrent writers do not race to create them."""
    _, close = SIDES[side](url, 0, per, size)
    close()


def run_cell(
    side: str, url: str, writers: int, per: int, size: int, args: argparse.Namespace
) -> Cell:
    ctx = mp.get_context("fork")
    barrier = ctx.Barrier(writers + 1)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=writer_main, args=(side, url, n, per, size, args.seconds, barrier, results)
        )
        for n in range(writers)
    ]
    for proc in procs:
        proc.start()
    barrier.wait(timeout=120)
    before = count_events(args.pg_url, url, TABLES[side])
    started = time.perf_counter()
    latencies: list[float] = []
    for _ in procs:
        latencies += results.get(timeout=args.seconds + 120)
    elapsed = time.perf_counter() - started
    for proc in procs:
        proc.join()
    events = count_events(args.pg_url, url, TABLES[side]) - before
    return Cell(side, writers, len(latencies), events, elapsed, latencies)


@contextmanager
def schemas(pg_url: str, sides: list[str]) -> Iterator[dict[str, str]]:
    names = {side: f"bw_{side.replace('-', '_')}_{uuid.uuid4().hex[:8]}" for side in sides}
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for name in names.values():
            conn.execute(f'CREATE SCHEMA "{name}"')
        raw = names.get("raw")
        if raw:
            conn.execute(
                f'CREATE TABLE "{raw}".raw_events (originator_id uuid NOT NULL, '
                "originator_version bigint NOT NULL, topic text, state bytea, "
                "notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
            )
            conn.execute(f'CREATE UNIQUE INDEX ON "{raw}".raw_events (notification_id)')
    try:
        yield {side: f"{pg_url}?schema={name}" for side, name in names.items()}
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            for name in names.values():
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def shape(url: str, pg_url: str) -> tuple[int, int]:
    """Events per command and their mean stored size, from one of our commands."""
    append, close = ours_side({})(url, -1, 0, 0)
    append()  # the first command of a company may differ
    before = count_events(pg_url, url, "ledger_events")
    append()
    close()
    with psycopg.connect(pg_url) as conn:
        row = conn.execute(
            f'SELECT count(*), avg(length(state)) FROM "{schema_of(url)}".ledger_events '
            "WHERE notification_id > %s",
            [before],
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


# -- reporting ---------------------------------------------------------------------------


def _grouped(cells: list[Cell]) -> dict[tuple[str, int], list[Cell]]:
    groups: dict[tuple[str, int], list[Cell]] = {}
    for cell in cells:
        groups.setdefault((cell.side, cell.writers), []).append(cell)
    return groups


def _median(cells: list[Cell]) -> Cell:
    """The round with the median rate (rounds alternate the sides, so a burst of load from
    elsewhere hits one round of one side, not the figure)."""
    return sorted(cells, key=lambda cell: cell.per_second)[len(cells) // 2]


def report(cells: list[Cell], per: int, size: int, args: argparse.Namespace) -> str:
    lines = [
        f"PostgreSQL appends, {per} events per append (one command of ours: RecordErpInvoice, "
        f"3 lines; mean event {size} bytes), {args.seconds:.0f} s per cell, "
        f"median of {args.rounds} rounds, writers are "
        f"processes; cpus: {os.cpu_count()} (16 writers oversubscribe them; the server "
        "shares them)",
        "",
        f"{'writers':>7} {'side':<11} {'appends':>8} {'events/s':>9} {'p50 ms':>7} {'p99 ms':>7}",
    ]
    by = {key: _median(group) for key, group in _grouped(cells).items()}
    for writers in sorted({cell.writers for cell in cells}):
        for side in SIDES:
            cell = by.get((side, writers))
            if cell:
                lines.append(
                    f"{writers:>7} {side:<11} {cell.appends:>8} {cell.per_second:>9.0f} "
                    f"{cell.quantile(0.5):>7.1f} {cell.quantile(0.99):>7.1f}"
                )
        ratios = []
        for ours in ("ours-log", "ours-stock", "ours"):
            for base in ("plain-es", "raw"):
                if (ours, writers) in by and (base, writers) in by:
                    ratio = by[ours, writers].per_second / by[base, writers].per_second
                    ratios.append(f"{ours}/{base} {ratio:.2f}")
        lines.append(f"{'':>7} ratios: " + ", ".join(ratios))
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Appends at 1/4/16 writers (see docstring).")
    parser.add_argument("--seconds", type=float, default=4.0, help="timed seconds per cell")
    parser.add_argument("--writers", default="1,4,16")
    parser.add_argument(
        "--rounds", type=int, default=3, help="cells per side and writer count (median shown)"
    )
    parser.add_argument("--sides", default=",".join(SIDES))
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sides = args.sides.split(",")
    recorder = environment(args.pg_url).get(
        "APPLICATION_RECORDER_TOPIC", STOCK["APPLICATION_RECORDER_TOPIC"]
    )
    print(
        f"ours uses {recorder}; ours-stock and plain-es use {STOCK['APPLICATION_RECORDER_TOPIC']}"
    )
    cells: list[Cell] = []
    with schemas(args.pg_url, [*sides, "shape"]) as urls:
        per, size = shape(urls.pop("shape"), args.pg_url)
        for side in sides:
            proc = mp.get_context("fork").Process(
                target=prepare, args=(side, urls[side], per, size)
            )
            proc.start()
            proc.join()
        for writers in (int(w) for w in args.writers.split(",")):
            for side in [side for _ in range(args.rounds) for side in sides]:
                cell = run_cell(side, urls[side], writers, per, size, args)
                cells.append(cell)
                print(
                    f"  {writers:>2} {side}: {cell.per_second:.0f} events/s",
                    file=sys.stderr,
                    flush=True,
                )
    print(report(cells, per, size, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
