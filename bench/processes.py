"""Many processes on one PostgreSQL (issue 19): pages per API process count, and lag.

    python bench/processes.py [--events 50000] [--seconds 10] [--processes 1,2,4]
                              [--rate 50] [--lag-seconds 20]

1. The buyer's page (`bench/api.py`'s query, alice@acme.example, `invoices(first: 50)`
   with lines) from `arledger serve --workers N --no-jobs` beside one `arledger worker`,
   next to `bench/api.py`'s plain Starlette + asyncpg endpoint under `uvicorn --workers
   N`, for each N, driven by `wrk` with the same closed loop of connections.
2. Projection lag under a steady write load: commands (`RecordPayment`) written at
   `--rate` per second straight into the ledger while one worker projects; a poller
   reads the tracking position every 2 ms and notes when each command's position was
   passed. Prints p50/p99/max from command stored to view written.

The history is `arledger bench generate` in schema `bench_proc` (reused while it holds
enough events). Figures from a shared 2-core machine are noisy: quote the header line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api import PLAIN_APP, QUERY, drive, free_port, prepare, report, wait_up  # noqa: E402

from graphql_api.auth import DEV_SECRET, mint  # noqa: E402


def spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=60)


def pages(url: str, env: dict[str, str], counts: list[int], seconds: float, conc: int) -> None:
    cli = [sys.executable, "-m", "cli.main", "--database", url]
    worker = spawn([*cli, "worker", "--jobs", "projections"], env)
    plain_file = Path("/tmp/arledger_plain_endpoint.py")
    plain_file.write_text(PLAIN_APP)
    token = mint("alice@acme.example")
    body = json.dumps({"query": QUERY})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        for n in counts:
            api_port, plain_port = free_port(), free_port()
            api = spawn([*cli, "serve", "--no-jobs", "--workers", str(n), "--port",
                         str(api_port)], env)  # fmt: skip
            plain = spawn([sys.executable, "-m", "uvicorn", "--app-dir", "/tmp",
                           "arledger_plain_endpoint:app", "--port", str(plain_port),
                           "--workers", str(n), "--log-level", "warning"], env)  # fmt: skip
            try:
                wait_up(f"http://127.0.0.1:{api_port}/health", api)
                plain_url = f"http://127.0.0.1:{plain_port}/page?email=alice@acme.example"
                wait_up(plain_url, plain)
                api_url = f"http://127.0.0.1:{api_port}/graphql"
                time.sleep(3 * n)  # the first process answers before the last has started
                try:
                    drive(api_url, 3, 10, "POST", body, headers)  # warm up every process
                    drive(plain_url, 3, 10)
                    ours = drive(api_url, seconds, conc, "POST", body, headers)
                    theirs = drive(plain_url, seconds, conc)
                except (subprocess.CalledProcessError, RuntimeError) as failed:
                    print(f"x{n}: the load run failed: {failed}")
                    continue
                report(f"graphql x{n}", ours)
                report(f"plain x{n}", theirs)
                print(f"  ratio {ours['rate'] / theirs['rate']:.2f}")
            finally:
                stop(api, plain)
    finally:
        stop(worker)


def lag(url: str, env: dict[str, str], rate: float, seconds: float) -> None:
    from ledger import commands as c
    from ledger.application import Ledger
    from projections import views

    ledger = Ledger(url)
    view = views.open_views(url)
    worker = spawn([sys.executable, "-m", "cli.main", "--database", url, "worker", "--jobs",
                    "projections"], env)  # fmt: skip
    with view.rows() as (rows, _):
        first = rows.select("SELECT company_id, currency FROM companies LIMIT 1")[0]
    company_id, currency = UUID(first["company_id"]), first["currency"]
    written: list[tuple[int, float]] = []
    seen: dict[int, float] = {}
    done = threading.Event()

    def poll() -> None:
        watcher = views.open_views(url)
        while not done.is_set() or (written and max(seen, default=0) < written[-1][0]):
            seen.setdefault(watcher.max_tracking_id(views.APP) or 0, time.perf_counter())
            time.sleep(0.002)

    time.sleep(5)  # the worker's start-up and catch-up
    poller = threading.Thread(target=poll)
    poller.start()
    started = time.perf_counter()
    for n in range(int(rate * seconds)):
        due = started + n / rate
        time.sleep(max(0.0, due - time.perf_counter()))
        ledger.execute(c.RecordPayment(f"lag-{time.time_ns()}-{n}", company_id,
                                        "BANK_TRANSFER", "1.00", currency))  # fmt: skip
        written.append((ledger.event_count(), time.perf_counter()))
    done.set()
    poller.join(timeout=60)
    stop(worker)
    positions = sorted(seen)
    waits = []
    for position, at in written:
        passed = next((seen[p] for p in positions if p >= position), None)
        if passed is not None:
            waits.append(max(0.0, passed - at) * 1000)
    waits.sort()
    print(f"lag at {rate:g} cmd/s for {seconds:g} s ({len(waits)} commands): p50 "
          f"{waits[len(waits) // 2]:.1f} ms, p99 {waits[int(len(waits) * 0.99)]:.1f} ms, "
          f"max {waits[-1]:.1f} ms")  # fmt: skip
    ledger.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--lag-seconds", type=float, default=20)
    parser.add_argument("--only", choices=["pages", "lag"])
    parser.add_argument("--pg-url", default=os.environ.get(
        "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))  # fmt: skip
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, commit {commit}; "
          f"{args.events} events, {args.concurrency} conns, {args.seconds:g} s each")  # fmt: skip
    url = prepare(args.pg_url, args.events, False, "bench_proc")
    env = {"ARLEDGER_JWT_SECRET": DEV_SECRET, **os.environ, "ARLEDGER_DATABASE_URL": url,
           "PYTHONWARNINGS": "ignore", "ARLEDGER_LOG_LEVEL": "WARNING"}  # fmt: skip
    if args.only != "lag":
        pages(url, env, [int(n) for n in args.processes.split(",")], args.seconds,
              args.concurrency)  # fmt: skip
    if args.only != "pages":
        lag(url, env, args.rate, args.lag_seconds)


if __name__ == "__main__":
    main()
