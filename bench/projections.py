"""Read-side figures on PostgreSQL: catch-up speed, rebuild time, as-of latency, memory.

    python bench/projections.py [--events 1000000] [--fresh] [--queries 1000]

The history is generated once (`arledger bench generate`, seed 1) into schema
`bench_proj` and reused while it exists, unless `--fresh`. Then, in one run:

* rebuild: `projections.views.rebuild` (empty the views, replay every event in
  pages of 1000 per transaction): events/s and total time, peak RSS of this process.
* raw baseline, same run: read the same notification log in pages of 1000 with the
  recorder, JSON-decode each event, and upsert one row per event (id, version,
  topic) into a scratch table with plain `executemany`, a page per transaction.
  It does no domain decoding and writes fewer rows than the views, so it is a
  generous yardstick for "the storage work a projection cannot avoid".
* as-of: 1000 random `invoice_as_of`, `company_as_of` and `aging` queries at random
  positions and times: p50 and p99 milliseconds.

Targets (issue #5): catch-up >= 0.5 x baseline and >= 20k events/s; rebuild < 2 min
at 1M events; as-of p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.application import Ledger  # noqa: E402
from projections import views  # noqa: E402
from projections.history import Moment, aging, company_as_of, invoice_as_of  # noqa: E402


def prepare(pg_url: str, events: int, fresh: bool) -> str:
    schema = "bench_proj"
    url = f"{pg_url}?schema={schema}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        exists = conn.execute("SELECT to_regclass(%s)", (f"{schema}.ledger_events",)).fetchone()
        count = 0
        if exists and exists[0]:
            row = conn.execute(f'SELECT COUNT(*) FROM "{schema}".ledger_events').fetchone()
            count = int(row[0]) if row else 0
    if count == 0:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cli.main",
                "--database",
                url,
                "bench",
                "generate",
                "--events",
                str(events),
                "--seed",
                "1",
            ],
            check=True,
            cwd=ROOT,
        )
        print(f"generated {events} events in {time.perf_counter() - started:.0f} s")
    else:
        print(f"reusing {count} events in schema {schema} (--fresh to regenerate)")
    return url


def raw_baseline(ledger: Ledger, url: str) -> float:
    schema = url.rsplit("schema=", 1)[1]
    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP TABLE IF EXISTS "{schema}".raw_view')
        conn.execute(
            f'CREATE TABLE "{schema}".raw_view (id text PRIMARY KEY, version bigint, topic text)'
        )
    started = time.perf_counter()
    done = 0
    position = 1
    with psycopg.connect(base) as conn:
        while True:
            page = ledger.recorder.select_notifications(position, 1000)
            if not page:
                break
            rows = []
            for n in page:
                json.loads(n.state)
                rows.append((str(n.originator_id), n.originator_version, n.topic))
            with conn.cursor() as cur:
                cur.executemany(
                    f'INSERT INTO "{schema}".raw_view VALUES (%s, %s, %s) ON CONFLICT (id) '
                    "DO UPDATE SET version = excluded.version, topic = excluded.topic",
                    rows,
                )
                cur.execute(
                    f'INSERT INTO "{schema}".raw_view VALUES (%s, %s, %s) '
                    "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                    ("__tracking__", page[-1].id, ""),
                )
            conn.commit()
            done += len(page)
            position = page[-1].id + 1
    return done / (time.perf_counter() - started)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * p) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus")
    url = prepare(args.pg_url, args.events, args.fresh)
    ledger = Ledger(url)
    view = views.open_views(url)
    head = ledger.event_count()

    started = time.perf_counter()
    applied = views.rebuild(ledger, view, page=1000)
    rebuild_s = time.perf_counter() - started
    ours = applied / rebuild_s
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baseline = raw_baseline(ledger, url)

    rng = random.Random(1)
    with view.rows() as (rows, _):
        invoices = [r["invoice_id"] for r in rows.select("SELECT invoice_id FROM invoices")]
        companies = [r["company_id"] for r in rows.select("SELECT company_id FROM companies")]
        bounds = rows.select(
            "SELECT MIN(valid_from_at) AS lo, MAX(valid_from_at) AS hi FROM invoice_history"
        )[0]
    lo = datetime.fromisoformat(bounds["lo"].replace("Z", "+00:00"))
    hi = datetime.fromisoformat(bounds["hi"].replace("Z", "+00:00"))
    latencies: dict[str, list[float]] = {"invoice_as_of": [], "company_as_of": [], "aging": []}
    for n in range(args.queries):
        when = (
            Moment(position=rng.randint(1, head))
            if n % 2
            else Moment(at=lo + timedelta(seconds=rng.uniform(0, (hi - lo).total_seconds())))
        )
        with view.rows() as (rows, _):
            for name, run in (
                ("invoice_as_of", lambda w=when: invoice_as_of(rows, rng.choice(invoices), w)),
                ("company_as_of", lambda w=when: company_as_of(rows, rng.choice(companies), w)),
                ("aging", lambda w=when: aging(rows, w, rng.choice(companies))),
            ):
                t = time.perf_counter()
                run()
                latencies[name].append((time.perf_counter() - t) * 1000)

    print(
        f"\nevents {head}; rebuild {rebuild_s:.1f} s (target < 120 s at 1M: "
        f"{'PASS' if rebuild_s * 1_000_000 / max(head, 1) < 120 else 'FAIL'} extrapolated)"
    )
    ratio = ours / baseline
    print(
        f"catch-up {ours:,.0f} events/s; raw baseline {baseline:,.0f} events/s; ratio "
        f"{ratio:.2f} (targets >= 0.50 and >= 20,000/s: "
        f"{'PASS' if ratio >= 0.5 and ours >= 20_000 else 'FAIL'})"
    )
    print(f"peak RSS of the runner process {peak_mb:,.0f} MB")
    for name, values in latencies.items():
        p99 = percentile(values, 0.99)
        print(
            f"{name:<14} p50 {statistics.median(values):6.2f} ms  p99 {p99:6.2f} ms "
            f"(target p99 < 50 ms: {'PASS' if p99 < 50 else 'FAIL'})"
        )


if __name__ == "__main__":
    main()
