"""Write-side throughput of our commands next to raw eventsourcing doing the same storage work.

    python bench/append.py [--n 2000] [--stores sqlite,postgres]
                           [--pg-url postgresql://postgres@127.0.0.1:5432/test]
    python bench/append.py --profile [allocate-payment|issue-invoice] [--n 2000]

What is measured
----------------
Commands per second, one command after the other on one thread, through `Ledger.execute`:

* issue-invoice: `commands.RecordErpInvoice`, 3 lines with stated line and document totals
  (all re-checked), one invoice per command, all for one company (which therefore carries
  a growing number of open receivables: `--n` plus the warm-up).
* allocate-payment: `commands.AllocatePayment` of 0.01 of one payment of 1,000,000.00,
  round-robin over 200 invoices of one company created beforehand (untimed), so each
  invoice takes about (n + warm-up) / 200 allocations and the payment takes n + warm-up.

Each command gets its own company (and payment), so the two figures are independent.

Baseline
--------
Next to each command, in the same run, on the same kind of store (SQLite: a second temp
file, since eventsourcing's SQLite tables are not named per application; PostgreSQL: the
same fresh schema, tables `raw_events` instead of `ledger_events`), a plain
`eventsourcing.application.Application` with the persistence settings of
`ledger.store.environment(url)` and the aggregate cache settings of `Ledger.env`
(cache size, fast-forward; deep copy from cache left at the library default, on), and
plain `eventsourcing.domain.Aggregate` subclasses with no hash chain and scalar state:

* issue-invoice baseline, per command: `repository.get` the company; create an invoice
  aggregate (one event carrying the same three lines, as plain strings, and the totals);
  trigger one event on the company (invoice id, amount, due date); create one small
  marker aggregate (a key and the invoice id: our idempotency record's counterpart);
  `app.save(invoice, company, marker)`: one transaction, three events, one new stream
  per new aggregate.
* allocate-payment baseline, per command: `repository.get` the payment, the invoice
  (same round-robin over 200) and the company; trigger one event on each (allocation id,
  the other party's id, amount); `app.save(payment, invoice, company)`: one transaction,
  three events.

Why this is a fair yardstick: it is the minimum a correct event-sourced design of the
same command must do at the storage level: read the current state of every aggregate
the rule depends on (through the same cache, fast-forwarded from the store), and append
one event per changed aggregate atomically, with optimistic concurrency on every stream.
The baseline events carry the same information (ids, lines, amounts) as plain JSON.
Everything else `Ledger.execute` does is ours and is counted in our figure, not the
baseline's: fingerprinting the command, idempotency (the record saved with the events,
and the key lookup, whether done up front or only after a collision or a refusal), the
extra reads our rules need (e.g. the ERP invoice's order lookup), line pricing and
stated-total checks, Money arithmetic, journal entries, hashing every event into its
aggregate's chain, the credit-hold review, copying cached aggregates, how compactly our
events are encoded, retry bookkeeping and, on PostgreSQL, the triggers on our events
table. For allocate-payment the baseline writes no idempotency counterpart: our fourth
event per command is our overhead. Target: ours >= 0.70 x baseline.

Method: both applications are set up first (untimed), then warmed up (`--warmup`
commands each), then timed with `time.perf_counter` in `--rounds` alternating rounds
(ours, baseline, baseline, ours, ...) so drift in machine speed hits both equally;
cmd/s = commands / summed wall time; the ratio and PASS/FAIL use these. The table also
shows this process's CPU time per command (`time.process_time`): it leaves out fsync waits
and database-server work, so it is much steadier than wall time on a busy machine, and the
difference between the two CPU columns is what our Python code costs per command.
A fresh SQLite directory and PostgreSQL schema per run, removed afterwards. Exit status 1
if any ratio misses the target.

`--profile` runs cProfile over our command loop (default allocate-payment) on SQLite after
the same setup and warm-up, and prints the top 25 entries by cumulative time (`--sort`).

The steps themselves, ours and the baseline's, with their data, are `bench/append_steps.py`;
this file times and reports them.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.append_steps import COMMANDS, Raw, Step  # noqa: E402
from bench.provenance import code_version  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.store import environment  # noqa: E402

TARGET = 0.70

# -- measuring --------------------------------------------------------------------------


@dataclass
class Row:
    store: str
    command: str
    n: int
    ours: float  # cmd/s, wall clock
    raw: float
    ours_cpu: float  # this process's CPU microseconds per command
    raw_cpu: float

    @property
    def ratio(self) -> float:
        return self.ours / self.raw


def run_steps(step: Step, count: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for `count` steps."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(count):
        step()
    return time.perf_counter() - start, time.process_time() - cpu


def compare(ours: Step, raw: Step, n: int, warmup: int, rounds: int) -> list[float]:
    """[ours cmd/s, baseline cmd/s, ours CPU us/cmd, baseline CPU us/cmd], timed in
    alternating rounds after a warm-up of both."""
    run_steps(ours, warmup)
    run_steps(raw, warmup)
    sizes = [n // rounds + (1 if r < n % rounds else 0) for r in range(rounds)]
    wall = {"ours": 0.0, "raw": 0.0}
    cpu = {"ours": 0.0, "raw": 0.0}
    for r, size in enumerate(sizes):
        order = [("ours", ours), ("raw", raw)]
        for name, step in order if r % 2 == 0 else reversed(order):
            spent, used = run_steps(step, size)
            wall[name] += spent
            cpu[name] += used
    return [n / wall["ours"], n / wall["raw"], 1e6 * cpu["ours"] / n, 1e6 * cpu["raw"] / n]


@contextmanager
def store_urls(store: str, pg_url: str) -> Iterator[tuple[str, str]]:
    """(our URL, baseline URL) on a fresh database, removed afterwards."""
    if store == "sqlite":
        with tempfile.TemporaryDirectory(prefix="arledger-bench-") as tmp:
            yield f"sqlite:///{tmp}/ours.db", f"sqlite:///{tmp}/raw.db"
    elif store == "postgres":
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            url = f"{pg_url}{'&' if '?' in pg_url else '?'}schema={schema}"
            yield url, url  # tables: ledger_events and raw_events
        finally:
            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    else:
        raise SystemExit(f"unknown store {store!r}: use sqlite or postgres")


def measure(store: str, args: argparse.Namespace) -> list[Row]:
    rows = []
    with store_urls(store, args.pg_url) as (ours_url, raw_url):
        ledger = Ledger(ours_url)
        app = Raw(env=environment(raw_url))
        try:
            for command in args.commands.split(","):
                make_ours, make_raw = COMMANDS[command]
                row = Row(
                    store,
                    command,
                    args.n,
                    *compare(make_ours(ledger), make_raw(app), args.n, args.warmup, args.rounds),
                )
                rows.append(row)
                print(
                    f"  {store} {command}: ours {row.ours:.0f} cmd/s, baseline {row.raw:.0f} cmd/s",
                    file=sys.stderr,
                    flush=True,
                )
        finally:
            ledger.close()
            app.close()
    return rows


def profile(args: argparse.Namespace) -> None:
    command = args.profile
    with store_urls("sqlite", args.pg_url) as (url, _):
        ledger = Ledger(url)
        try:
            step = COMMANDS[command][0](ledger)
            run_steps(step, args.warmup)
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            for _ in range(args.n):
                step()
            profiler.disable()
            elapsed = time.perf_counter() - start
        finally:
            ledger.close()
    print(
        f"\ncProfile: our {command} on SQLite, n={args.n} after {args.warmup} warm-up "
        f"({args.n / elapsed:.0f} cmd/s under the profiler), top 25 by {args.sort}\n"
    )
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats(args.sort).print_stats(25)
    print(out.getvalue().strip())


# -- reporting --------------------------------------------------------------------------


def machine(args: argparse.Namespace) -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    parts = [
        f"cpus {os.cpu_count()} ({cpu})",
        f"python {platform.python_version()} ({platform.python_implementation()})",
        f"eventsourcing {metadata.version('eventsourcing')}",
        f"sqlite {sqlite3.sqlite_version}",
        f"{platform.system()} {platform.release()}",
        f"code {code_version('ledger')}",
    ]
    if "postgres" in args.stores and not args.profile:
        try:
            with psycopg.connect(args.pg_url) as conn:
                row = conn.execute("SHOW server_version").fetchone()
            parts.insert(4, f"postgresql {row[0] if row else '?'}")
        except psycopg.Error as error:
            parts.insert(4, f"postgresql unreachable ({error})")
    return "machine: " + "; ".join(parts)


def table(rows: list[Row]) -> str:
    header = (
        f"{'store':<9} {'command':<17} {'n':>5} {'ours cmd/s':>10} {'baseline cmd/s':>14} "
        f"{'ratio':>5}  {'target':>7}  {'result':<6}  {'cpu us/cmd ours':>15} "
        f"{'baseline':>8}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        verdict = "PASS" if row.ratio >= TARGET else "FAIL"
        lines.append(
            f"{row.store:<9} {row.command:<17} {row.n:>5} {row.ours:>10.0f} "
            f"{row.raw:>14.0f} {row.ratio:>5.2f}  {'>= ' + format(TARGET, '.2f'):>7}  "
            f"{verdict:<6}  {row.ours_cpu:>15.0f} {row.raw_cpu:>8.0f}"
        )
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Our commands/s against a raw eventsourcing baseline (see module docstring)."
    )
    parser.add_argument("--n", type=int, default=2000, help="timed commands per measurement")
    parser.add_argument("--warmup", type=int, default=100, help="untimed commands first")
    parser.add_argument("--rounds", type=int, default=10, help="alternating timed rounds")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="allocate-payment",
        choices=list(COMMANDS),
        help="profile our command loop on SQLite instead of comparing",
    )
    parser.add_argument("--sort", default="cumulative", help="pstats sort key for --profile")
    args = parser.parse_args(argv)
    unknown = set(args.commands.split(",")) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown commands {sorted(unknown)}: use {', '.join(COMMANDS)}")
    if args.n < args.rounds:
        parser.error("--n must be at least --rounds")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(machine(args))
    if args.profile:
        profile(args)
        return 0
    rows: list[Row] = []
    for store in args.stores.split(","):
        rows += measure(store, args)
    print(
        f"\nwarm-up {args.warmup} per side, {args.rounds} alternating rounds; "
        "ratio = ours / baseline (wall clock); cpu = this process only (no fsync waits, "
        "no database server work)\n"
    )
    print(table(rows))
    return 0 if all(row.ratio >= TARGET for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
