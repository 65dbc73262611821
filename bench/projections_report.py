"""The `bench/projections.py` report: the targets, each figure against its target, and the
header line naming the machine, the versions and the code measured.

Apart from the driver because it is pure formatting of figures already measured; the
targets are the issue's (see `bench/projections.py`, What is measured).
"""

from __future__ import annotations

import os
import platform
import statistics
from importlib import metadata
from pathlib import Path
from typing import Any

import psycopg

from bench.provenance import code_version

RATIO_TARGET = 0.5
RATE_TARGET = 20_000.0
REBUILD_TARGET_S_AT_1M = 120.0
P99_TARGET_MS = 50.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


# -- reporting ------------------------------------------------------------------------------


def machine(pg_url: str) -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or platform.machine()
    try:
        memory = f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = "?"
    try:
        with psycopg.connect(pg_url) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        server = f"postgresql {row[0] if row else '?'}"
    except psycopg.Error as error:
        server = f"postgresql unreachable ({error})"
    return "machine: " + "; ".join(
        [
            f"cpus {os.cpu_count()} ({cpu}), {memory}",
            f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            f"python {platform.python_version()}",
            f"eventsourcing {metadata.version('eventsourcing')}",
            f"psycopg {metadata.version('psycopg')}",
            server,
            f"{platform.system()} {platform.release()}",
            f"code {code_version('projections', 'ledger', 'cli')}",
        ]
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def report(
    generation_s: float | None,
    rebuilds: list[dict[str, Any]],
    baseline: dict[str, Any] | None,
    sets: dict[str, Any] | None,
    shape: dict[str, Any],
    timings: dict[str, list[float]],
) -> bool:
    lines: list[tuple[str, str, str, str]] = []
    ok = True
    first = rebuilds[0]
    events = first["events"]
    for run in rebuilds:
        rate = run["events"] / run["catch_up_s"]
        passed = rate >= RATE_TARGET
        ok &= passed if run is first else True
        lines.append(
            (
                f"(a) catch-up, page {run['page']}",
                f"{rate:,.0f} events/s ({duration(run['catch_up_s'])})",
                f">= {RATE_TARGET:,.0f}/s",
                verdict(passed) if run is first else ("PASS" if passed else "(fail)"),
            )
        )
    if baseline is not None:
        raw = baseline["events"] / baseline["seconds"]
        ratio = events / first["catch_up_s"] / raw
        ok &= ratio >= RATIO_TARGET
        lines.append(
            (
                f"    raw baseline, page {first['page']}",
                f"{raw:,.0f} events/s ({duration(baseline['seconds'])})",
                "",
                "",
            )
        )
        passed = ratio >= RATIO_TARGET
        lines.append(
            ("    ratio ours / baseline", f"{ratio:.2f}", f">= {RATIO_TARGET}", verdict(passed))
        )
    if sets is not None:
        ceiling = sets["events"] / sets["seconds"]
        lines.append(
            (
                "    set-based baseline (unnest; no target)",
                f"{ceiling:,.0f} events/s ({duration(sets['seconds'])}); ours / it "
                f"{events / first['catch_up_s'] / ceiling:.2f}",
                "",
                "",
            )
        )
    pages = shape["pages"]
    written = sum(count for p in pages for _, count, _ in p["many"])
    reads = sum(p["selects"] for p in pages)
    lines.append(
        (
            "    rows written / point reads per event",
            f"{written / events:.2f} / {reads / events:.2f}",
            "",
            "",
        )
    )
    rebuild_s = first["reset_s"] + first["catch_up_s"]
    scaled = REBUILD_TARGET_S_AT_1M * events / 1_000_000
    at_1m = rebuild_s * 1_000_000 / events
    ok &= rebuild_s < scaled
    lines.append(
        (
            f"(b) full rebuild, page {first['page']}",
            f"{duration(rebuild_s)} (reset {first['reset_s']:.1f} s); 1M-equivalent "
            f"{duration(at_1m)}",
            f"< {duration(scaled)}" + ("" if events == 1_000_000 else " (2 min x N/1M)"),
            verdict(rebuild_s < scaled),
        )
    )
    for name, values in timings.items():
        p99 = percentile(values, 0.99)
        ok &= p99 < P99_TARGET_MS
        lines.append(
            (
                f"(c) {name} x{len(values)}",
                f"p50 {statistics.median(values):.2f} ms, p99 {p99:.2f} ms, "
                f"max {max(values):.1f} ms",
                f"p99 < {P99_TARGET_MS:.0f} ms",
                verdict(p99 < P99_TARGET_MS),
            )
        )
    for run in rebuilds:
        lines.append(
            (
                f"(d) peak RSS, rebuild page {run['page']}",
                f"{run['rss_peak_mb']:,.0f} MB (after start-up {run['rss_start_mb']:,.0f} MB)",
                "(none)",
                "",
            )
        )
    if baseline is not None:
        lines.append(
            ("    peak RSS, raw baseline", f"{baseline['rss_peak_mb']:,.0f} MB", "", "")
        )  # fmt: skip
    widths = [max(len(row[i]) for row in lines) for i in range(4)]
    head = ("figure", "measured", "target", "result")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    print()
    print(
        f"events {events:,}" + (f"; generated in {duration(generation_s)}" if generation_s else "")
    )
    print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return ok
