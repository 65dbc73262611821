"""API read throughput: a buyer's first page of invoices, GraphQL against a plain endpoint.

    python bench/api.py [--events 1000000] [--seconds 20] [--concurrency 50] [--fresh]

On PostgreSQL (schema `bench_api`, generated once with `arledger bench generate`
and reused while it holds enough events, unless `--fresh`), it starts

* `arledger serve` (strawberry on Starlette, reads through asyncpg), and
* a plain Starlette + asyncpg endpoint (below) that runs the SQL the API needs for
  this page (the user, the visible invoices, their count, then their lines) and
  returns the rows as JSON (its pool, like the API's, skips asyncpg's reset query
  on release),

each under uvicorn, and drives each with `wrk` (Debian package; C, so the client takes
little CPU from the servers) with the same closed loop of `--concurrency`
connections asking for `invoices(first: 50)` with lines as alice@acme.example (a
finance user who sees her whole company), for `--seconds`. It prints requests/s,
p50 and p99 for both and the ratio. Targets: GraphQL >= 0.5 x plain, p99 < 100 ms.
A third server, the same `arledger serve` with `ARLEDGER_FASTPATH=0`, runs the page on
graphql-core's general executor, to show what the compiled executor
(`graphql_api/fastpath.py`) is worth. The servers are driven in alternating rounds
(`--rounds`), and each figure is the mean over rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphql_api.auth import DEV_SECRET, mint  # noqa: E402

QUERY = """{ invoices(first: 50) { totalCount edges { node { id number status issueDate dueDate
  total { amount currency } open { amount currency }
  lines { sku description quantity total { amount currency } } } } } }"""

PLAIN_APP = """
import os, json, asyncpg, contextlib
from urllib.parse import urlparse, parse_qs
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

URL = os.environ["ARLEDGER_DATABASE_URL"]
pool = None

async def keep_session(connection):  # as graphql_api/db.py: no reset query on release
    pass

@contextlib.asynccontextmanager
async def lifespan(app):
    global pool
    u = urlparse(URL)
    schema = parse_qs(u.query)["schema"][0]
    pool = await asyncpg.create_pool(host=u.hostname, port=u.port or 5432, user=u.username,
        database=u.path.lstrip("/"), min_size=10, max_size=20,
        server_settings={"search_path": schema}, reset=keep_session)
    yield
    await pool.close()

async def page(request):
    email = request.query_params["email"]
    async with pool.acquire() as conn:
        user = await conn.fetchrow("SELECT company_id FROM users WHERE email = $1", email)
        rows = await conn.fetch(
            "SELECT invoice_id, number, issue_date, due_date, gross, open, currency "
            "FROM invoices WHERE company_id = $1 ORDER BY issue_date DESC, invoice_id DESC "
            "LIMIT 50", user["company_id"])
        total = await conn.fetchval("SELECT COUNT(*) FROM invoices WHERE company_id = $1",
                                    user["company_id"])
        lines = await conn.fetch(
            "SELECT invoice_id, sku, description, quantity, gross FROM invoice_lines "
            "WHERE invoice_id = ANY($1::text[]) ORDER BY seq", [r["invoice_id"] for r in rows])
    by = {}
    for ln in lines:
        by.setdefault(ln["invoice_id"], []).append(
            {"sku": ln["sku"], "description": ln["description"], "quantity": ln["quantity"],
             "total": str(ln["gross"])})
    body = {"totalCount": total, "invoices": [
        {**{k: str(v) for k, v in dict(r).items()}, "lines": by.get(r["invoice_id"], [])}
        for r in rows]}
    return Response(json.dumps(body), media_type="application/json")

app = Starlette(routes=[Route("/page", page)], lifespan=lifespan)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def prepare(pg_url: str, events: int, fresh: bool, schema: str = "bench_api") -> str:
    url = f"{pg_url}?schema={schema}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        have = conn.execute(
            "SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.ledger_events",)
        ).fetchone()
        count = 0
        if have and have[0]:
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
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cli.main", "--database", url, "projections", "catch-up"],
        check=True,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    print(f"projections caught up in {time.perf_counter() - started:.0f} s")
    return url


WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
{headers}
"""


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def drive(
    url: str,
    seconds: float,
    concurrency: int,
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
) -> dict[str, float]:
    """Closed-loop load from `wrk` (C, one thread): the client's own CPU stays small.

    A Python client on this 2-core machine took as much CPU as the servers it drove,
    which capped both of them; wrk needs a few percent of a core.
    """
    script = Path("/tmp/arledger_wrk.lua")
    script.write_text(
        WRK_SCRIPT.format(
            method=method,
            body=lua_string(body) if body else "nil",
            headers="\n".join(
                f'wrk.headers["{k}"] = {lua_string(v)}'  # names are plain tokens
                for k, v in (headers or {}).items()
            ),
        )
    )
    done = subprocess.run(
        ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds:.0f}s", "--latency", "--timeout", "30s",
         "-s", str(script), url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    out = done.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"errors under load:\n{out}")
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": wrk_ms(out, "50%"),
        "p99": wrk_ms(out, "99%"),
    }


def wrk_ms(out: str, label: str) -> float:
    found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    assert found is not None, out
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def report(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name:<10} {figures['rate']:>9.0f} req/s   p50 {figures['p50']:>7.1f} ms   "
        f"p99 {figures['p99']:>7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per server")
    parser.add_argument(
        "--schema", default="bench_api", help="reuse a generated history, e.g. bench_proj"
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cpus; {args.events} events, "
        f"{args.concurrency} connections, {args.seconds:.0f} s each"
    )
    url = prepare(args.pg_url, args.events, args.fresh, args.schema)
    # The servers refuse to start without a token key outside demo mode; the benchmark's
    # tokens come from `mint`, which signs with the development secret.
    env = {"ARLEDGER_JWT_SECRET": DEV_SECRET, **os.environ, "ARLEDGER_DATABASE_URL": url,
           "PYTHONWARNINGS": "ignore"}  # fmt: skip
    api_port, general_port, plain_port = free_port(), free_port(), free_port()
    plain_file = Path("/tmp/arledger_plain_endpoint.py")
    plain_file.write_text(PLAIN_APP)

    def serve(port: int, **extra: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "cli.main", "--database", url, "serve", "--port", str(port)],
            cwd=ROOT,
            env={**env, **extra},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    api = serve(api_port)
    general = serve(general_port, ARLEDGER_FASTPATH="0")  # graphql-core's executor only
    plain = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            "/tmp",
            "arledger_plain_endpoint:app",
            "--port",
            str(plain_port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(f"http://127.0.0.1:{api_port}/health", api)
        wait_up(f"http://127.0.0.1:{general_port}/health", general)
        wait_up(f"http://127.0.0.1:{plain_port}/page?email=alice@acme.example", plain)
        token = mint("alice@acme.example")
        body = json.dumps({"query": QUERY})
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        api_url = f"http://127.0.0.1:{api_port}/graphql"
        general_url = f"http://127.0.0.1:{general_port}/graphql"
        plain_url = f"http://127.0.0.1:{plain_port}/page?email=alice@acme.example"
        answer = httpx.post(api_url, content=body, headers=headers, timeout=30).json()
        assert "errors" not in answer and len(answer["data"]["invoices"]["edges"]) == 50, answer
        same = httpx.post(general_url, content=body, headers=headers, timeout=30).json()
        assert same == answer, "the two executors must answer alike"
        assert len(httpx.get(plain_url, timeout=30).json()["invoices"]) == 50
        runs: dict[str, list[dict[str, float]]] = {"graphql": [], "plain": [], "general": []}
        targets = {
            "graphql": (api_url, "POST", body, headers),
            "plain": (plain_url, "GET", "", None),
            "general": (general_url, "POST", body, headers),
        }
        for target, method, payload, head in targets.values():
            drive(target, 3, 10, method, payload, head)  # warm up
        for _ in range(args.rounds):  # alternating, so a noisy neighbour hits all alike
            for name, (target, method, payload, head) in targets.items():
                runs[name].append(
                    drive(target, args.seconds, args.concurrency, method, payload, head)
                )
        figures = {name: mean(found) for name, found in runs.items()}
        report("graphql", figures["graphql"])
        report("plain", figures["plain"])
        report("general", figures["general"])
        print("  (general: the same server with ARLEDGER_FASTPATH=0, graphql-core's executor)")
        ours, base = figures["graphql"], figures["plain"]
        ratio = ours["rate"] / base["rate"]
        print(
            f"ratio {ratio:.2f} (target >= 0.50: {'PASS' if ratio >= 0.5 else 'FAIL'}); "
            f"graphql p99 {ours['p99']:.1f} ms "
            f"(target < 100: {'PASS' if ours['p99'] < 100 else 'FAIL'}); "
            f"fast path / general executor {ours['rate'] / figures['general']['rate']:.1f}x"
        )
    finally:
        for process in (api, general, plain):
            process.terminate()
        for process in (api, general, plain):
            process.wait()


def mean(runs: list[dict[str, float]]) -> dict[str, float]:
    """Mean rate; p50 and p99 of the rounds averaged too (each round's own percentile)."""
    return {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}


if __name__ == "__main__":
    main()
