"""The web app's first render and time to interactive, next to its GraphQL request time.

    python bench/web.py [--database URL] [--runs 10]

Starts `arledger serve --demo` (by default on a fresh SQLite file holding the demo data;
pass `--database` for a store generated with `arledger bench generate`, e.g. the 1M-event
PostgreSQL schema of bench/api.py), then, in Debian's chromium driven by Playwright, for
each page (the buyer's invoice list as alice@acme.example, the AR dashboard as
ar@seller.example) opens it `--runs` times in a fresh browser context and reads:

* first render: the browser's first contentful paint (the app shell);
* interactive: the moment the page's data is on screen (an invoice row, the DSO figure);
* GraphQL: the duration of the page's slowest /graphql request (Resource Timing), the
  same run, so the front end's own share is the difference.

Prints the median of each, and the gzip size of the app's first load.
"""

from __future__ import annotations

import argparse
import gzip
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "graphql_api" / "web" / "dist"
PAGES = {  # name: (demo user, path, what shows the data is there)
    "buyer invoice list": ("alice@acme.example", "/", "[data-testid=invoice-row]"),
    "AR dashboard": ("ar@seller.example", "/", "[data-testid=dso]"),
}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARLEDGER_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--database", url, "serve", "--demo",
         "--port", str(port)],
        env={**env, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("server did not start")


def first_load_gzip() -> int:
    html = (DIST / "index.html").read_text(encoding="utf-8")
    names = [part for part in html.split('"') if part.startswith("/assets/")]
    return sum(len(gzip.compress((DIST / n.lstrip("/")).read_bytes(), 9)) for n in names) + len(
        gzip.compress(html.encode(), 9)
    )


def measure(browser: object, base: str, user: str, path: str, ready: str) -> tuple[float, ...]:
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.request.post("/auth/demo", data={"email": user})
    page = context.new_page()
    page.goto(path)
    page.wait_for_selector(ready, timeout=60_000)
    interactive = page.evaluate("performance.now()")
    paint = page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"
    )
    graphql = page.evaluate(
        "Math.max(...performance.getEntriesByType('resource')"
        ".filter(e => e.name.endsWith('/graphql')).map(e => e.duration))"
    )
    context.close()
    return float(paint), float(interactive), float(graphql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench-web.db"
    process, base = serve(url)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=CHROMIUM_ARGS)  # fmt: skip
            print(f"first load of the app: {first_load_gzip() / 1024:.1f} KB gzip")
            for name, (user, path, ready) in PAGES.items():
                measure(browser, base, user, path, ready)  # warm the server's caches
                runs = [measure(browser, base, user, path, ready) for _ in range(args.runs)]
                paint, interactive, graphql = (statistics.median(r[i] for r in runs)
                                               for i in range(3))  # fmt: skip
                print(
                    f"{name}: first render {paint:.0f} ms, interactive {interactive:.0f} ms, "
                    f"slowest GraphQL request {graphql:.0f} ms (median of {args.runs})"
                )
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
