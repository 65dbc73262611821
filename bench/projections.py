"""Read side on PostgreSQL: catch-up speed against a raw baseline, rebuild time, as-of latency.

    python bench/projections.py                          # 1,000,000 events, schema bench_proj
    python bench/projections.py --events 50000 --schema bench_proj_50k    # a quick run
    python bench/projections.py --fresh                  # generate the history again
    python bench/projections.py --profile --schema bench_proj_50k --events 50000
    options: --pages 5000,1000  --queries 1000  --book-queries 100  --seed 1
             --pg-url postgresql://postgres@127.0.0.1:5432/test  --skip-baseline

Data
----
The history is generated once with `arledger bench generate --events N --seed S` (the real
command handlers; a subprocess, timed) into the schema `--schema` (default `bench_proj`), and
reused by later runs while that schema holds at least N events, unless `--fresh`. A schema
holding more than N events is used whole (the figures name the event count actually used).

What is measured
----------------
(a) Catch-up: for each `--pages` size, `views.reset` then `views.catch_up(ledger, view,
    page=P)` from event zero, i.e. `projections.views.rebuild` in two timed halves;
    events/s = events / catch-up seconds. Each rebuild runs in a fresh subprocess, so (d) is
    that process's own peak.
    Raw baseline, same run, same kind of work: read the notification log in pages of the first
    page size with the recorder's `select_notifications`, `json.loads` every event, and, page by
    page in one transaction each, run *the same SQL statements* the projection asked for on
    that page (recorded during the first rebuild: every logical statement of `Rows.flush`, i.e.
    history closes, upserts and appends, with their row counts, as plain `executemany`; the
    projection itself sends big appends and upserts by COPY) against copies of the view
    tables (`CREATE TABLE raw_x (LIKE x INCLUDING ALL)`: same columns, keys and indexes), plus
    one tracking upsert. Parameters are synthetic but of the same shape: keys come from the
    page's events (originator ids; notification ids for the ordered key parts, so appends
    never collide), text from the decoded JSON, integers from positions. What the baseline
    leaves out is exactly the projection's own work: turning JSON into domain events
    (`mapper.to_domain_event`, transcodings), the handlers, the `Rows` unit of work and its
    point reads (`SELECT ... WHERE key = ...` for every row not yet cached: counted and
    shown), and in appended history rows it leaves `valid_to` set, so the baseline's history
    closes match nothing (slightly flattering the baseline).
    Targets: ours >= 0.5 x baseline and >= 20,000 events/s.
(b) Full rebuild (reset + catch-up) at the first page size: target < 2 minutes at 1M events
    (at another N the target is scaled linearly and the 1M-equivalent is shown).
(c) As of: `--queries` random calls each of `projections.history.invoice_as_of`,
    `company_as_of` and `aging` (for one company: the per-company aging of the API), half with a
    random `Moment(position=...)` in [1, head] and half with a random `Moment(at=...)` between the
    first and last event time; ids drawn from the views. Each call is timed with its own view
    transaction (`view.rows()`), as a request would run it, after 20 untimed warm-up calls.
    Whole-book aging (`aging(rows, when)`, the API's top-level agedDebt) gets `--book-queries`
    calls. Target p99 < 50 ms.
(d) Peak memory of the runner: `ru_maxrss` of the rebuild subprocess (imports and connections
    included; the figure after start-up is shown too).

`--profile` runs cProfile over one `views.rebuild` (first page size) in a subprocess and prints
the top 20 by cumulative and by own time; use a smaller schema for it. The header line names
the machine, versions, load average, and the commit plus a digest of uncommitted changes to
`projections/`, `ledger/` and `cli/`: quote it with any figures. Exit status 1 if a target is
missed.

This file prepares the data, starts the workers and times the as-of calls; what the workers
run (the rebuild, the recording, the baselines) is `bench/projections_workers.py`, the
targets and the table `bench/projections_report.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # first, or this file shadows the `projections` package

from bench.projections_report import machine, report  # noqa: E402
from bench.projections_workers import keep_tracking_marker, worker_baseline, worker_rebuild  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from projections import views  # noqa: E402
from projections.history import Moment, aging, company_as_of, invoice_as_of  # noqa: E402

DEFAULT_PG = os.environ.get(
    "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
WARMUP = 20


# -- the data ------------------------------------------------------------------------------


def stored_events(server: str, schema: str) -> int:
    with psycopg.connect(server, autocommit=True) as conn:
        found = conn.execute("SELECT to_regclass(%s)", (f'"{schema}".ledger_events',)).fetchone()
        if not found or found[0] is None:
            return 0
        row = conn.execute(f'SELECT COUNT(*) FROM "{schema}".ledger_events').fetchone()
        return int(row[0] or 0) if row else 0


def prepare(args: argparse.Namespace) -> tuple[str, float | None]:
    """The store URL, and the generation time if the history was generated in this run."""
    url = f"{args.pg_url}?schema={args.schema}"
    have = 0 if args.fresh else stored_events(args.pg_url, args.schema)
    if have >= args.events:
        print(f"reusing {have:,} events in schema {args.schema} (--fresh to generate again)")
        return url, None
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{args.schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{args.schema}"')
    print(f"generating {args.events:,} events (seed {args.seed}) into schema {args.schema} ...")
    started = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, "-m", "cli.main", "--database", url),
            *("bench", "generate", "--events", str(args.events), "--seed", str(args.seed)),
        ],
        cwd=ROOT,
        check=True,
    )
    seconds = time.perf_counter() - started
    print(f"generated {stored_events(args.pg_url, args.schema):,} events in {seconds:.0f} s")
    return url, seconds


# -- workers (subprocesses) ----------------------------------------------------------------


def run_worker(*argv: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"worker {argv[0]} failed:\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- as-of latency --------------------------------------------------------------------------


def latencies(url: str, queries: int, book_queries: int, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    keep_tracking_marker(url)
    ledger = Ledger(url)
    view = views.open_views(url)
    head = ledger.event_count()
    with view.rows() as (rows, _):
        invoices = [r["invoice_id"] for r in rows.select("SELECT invoice_id FROM invoices")]
        companies = [r["company_id"] for r in rows.select("SELECT company_id FROM companies")]
        span = rows.select(
            "SELECT MIN(valid_from_at) AS lo, MAX(valid_from_at) AS hi FROM company_history"
        )[0]
    lo = datetime.fromisoformat(span["lo"].replace("Z", "+00:00"))
    seconds = (datetime.fromisoformat(span["hi"].replace("Z", "+00:00")) - lo).total_seconds()

    def moment(n: int) -> Moment:
        if n % 2:
            return Moment(position=rng.randint(1, head))
        return Moment(at=lo + timedelta(seconds=rng.uniform(0, seconds)))

    calls: dict[str, tuple[int, Callable[[Any, Moment], Any]]] = {
        "invoice_as_of": (queries, lambda r, m: invoice_as_of(r, rng.choice(invoices), m)),
        "company_as_of": (queries, lambda r, m: company_as_of(r, rng.choice(companies), m)),
        "aging (company)": (queries, lambda r, m: aging(r, m, rng.choice(companies))),
        "aging (whole book)": (book_queries, lambda r, m: aging(r, m)),
    }
    found: dict[str, list[float]] = {}
    for name, (count, call) in calls.items():
        timings: list[float] = []
        for n in range(-min(WARMUP, count), count):
            when = moment(n)
            started = time.perf_counter()
            with view.rows() as (rows, _):
                call(rows, when)
            if n >= 0:
                timings.append((time.perf_counter() - started) * 1000)
        found[name] = timings
    ledger.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--schema", default="bench_proj")
    parser.add_argument("--fresh", action="store_true", help="generate the history again")
    parser.add_argument(
        "--pages", default="5000,1000", help="page sizes to time (the first also for the baselines)"
    )
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--book-queries", type=int, default=100)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile one rebuild instead")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="server URL, without ?schema=")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, url, page, *rest = args.worker
        if kind == "rebuild":
            record = rest[0] if rest and rest[0] != "-" else None
            result = worker_rebuild(url, int(page), record, profile="profile" in rest)
        else:
            result = worker_baseline(url, int(page), rest[0], sets=kind == "sets")
        print(json.dumps(result))
        return 0

    print(machine(args.pg_url), flush=True)
    url, generation_s = prepare(args)
    pages = [int(p) for p in args.pages.split(",")]
    if args.profile:
        result = run_worker("rebuild", url, str(pages[0]), "-", "profile")
        rate = result["events"] / result["catch_up_s"]
        print(f"profiled rebuild: {result['events']:,} events, {rate:,.0f} events/s (profiled)")
        print(result["profile"])
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        shape_path = str(Path(tmp) / "shape.json")
        rebuilds = []
        for number, page in enumerate(pages):
            print(f"rebuild, page {page} ...", flush=True)
            record = shape_path if number == 0 else "-"
            rebuilds.append(run_worker("rebuild", url, str(page), record))
            print(f"  {json.dumps(rebuilds[-1])}", flush=True)
        baseline = sets = None
        if not args.skip_baseline:
            print(f"raw baseline, page {pages[0]} ...", flush=True)
            baseline = run_worker("baseline", url, str(pages[0]), shape_path)
            print(f"  {json.dumps(baseline)}", flush=True)
            print(f"set-based baseline, page {pages[0]} ...", flush=True)
            sets = run_worker("sets", url, str(pages[0]), shape_path)
            print(f"  {json.dumps(sets)}", flush=True)
        shape = json.loads(Path(shape_path).read_text())
    print("as-of queries ...", flush=True)
    timings = latencies(url, args.queries, args.book_queries, args.seed)
    ok = report(generation_s, rebuilds, baseline, sets, shape, timings)
    print(machine(args.pg_url))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
