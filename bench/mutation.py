"""Mutation run over the rule modules, with mutmut, on a copy of the tree (issue 16).

    pip install -e '.[mutation]'
    python bench/mutation.py                          # every rule module (RULE_MODULES)
    python bench/mutation.py ledger/money.py ledger/chain.py
    python bench/mutation.py ledger/chain.py --tests tests/unit/test_chain.py
    python bench/mutation.py graphql_api/permissions.py --tests tests/unit tests/oracles

Not run in CI: a habit, run by hand after changing a rule, to see which changes the fast
tests would not notice.

For each module it copies the committed-or-not working tree (without .git and caches) to a
temporary directory, writes a `[tool.mutmut]` section into the copy's pyproject.toml
(`source_paths` = that one module, the test selection, `also_copy` = the packages and
tests) and runs `mutmut run` there, so mutmut's `mutants/` directory and its trampolined
copies never touch the worktree. mutmut first runs the selection once recording which tests
call which function, then runs, per mutant, only the tests that reach the mutated function
(pytest with `-x`, a timeout derived from that first run).

It prints per module: killed / survived / timeout / "no tests" (no selected test reached
the function: mutmut does not run those mutants, count them as survivors), the score
killed / (all - skipped), the wall time, and each survivor as file:line with mutmut's diff.
Exit status is 0 whatever the score: the numbers are for a person to read.
"""

from __future__ import annotations

import argparse
import ast
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RULE_MODULES = [
    "ledger/money.py",
    "ledger/lines.py",
    "ledger/invoices.py",
    "ledger/payments.py",
    "ledger/companies.py",
    "ledger/chain.py",
    "ledger/audit.py",
    "ledger/invariants.py",
    "graphql_api/permissions.py",
    "graphql_api/visibility.py",
]

DEFAULT_TESTS = ["tests/unit"]

# The packages a test may import (tests/api imports bench/api.py), and the tests, copied
# next to the mutants.
ALSO_COPY = ["ledger", "graphql_api", "projections", "adapters", "cli", "tests", "bench"]

IGNORE = shutil.ignore_patterns(
    ".git",
    "mutants",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "*.egg-info",
    "*.db",
    "*.db-wal",
    "*.db-shm",
    "build",
    "dist",
    ".venv",
)

_LINE = re.compile(r"^\s*(\S+): (.+)$")
_HUNK = re.compile(r"^@@ -(\d+)")


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def _mutmut(tree: Path, *args: str, timeout: float | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0 and args[0] != "run":
        raise RuntimeError(f"mutmut {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def _first_line(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """mutmut's diff of a function starts at its first decorator, if it has one."""
    return min([node.lineno, *(d.lineno for d in node.decorator_list)])


def _def_lines(source: str) -> dict[str, int]:
    """mutmut's mangled function names -> the line of their `def`."""
    out: dict[str, int] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            out[f"x_{node.name}"] = _first_line(node)
        elif isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
                    out[f"xǁ{node.name}ǁ{sub.name}"] = _first_line(sub)
    return out


def _file_line(mutant: str, diff: str, defs: dict[str, int]) -> int | None:
    """The line of the original file the mutant changes (mutmut's hunks count from the def)."""
    func = mutant.rsplit(".", 1)[-1].rsplit("__mutmut_", 1)[0]
    start = defs.get(func)
    if start is None:
        return None
    old = None
    offset = 0
    for line in diff.splitlines():
        m = _HUNK.match(line)
        if m:
            old = int(m.group(1))
            offset = 0
            continue
        if old is None or line.startswith("+"):
            continue
        if line.startswith("-"):
            return start + old - 1 + offset
        offset += 1
    return None


def run_module(module: str, tests: list[str], children: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="arledger-mutation-") as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=IGNORE)
        with (tree / "pyproject.toml").open("a") as f:
            f.write(
                "\n[tool.mutmut]\n"
                f"source_paths = {_toml_list([module])}\n"
                f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
                f"also_copy = {_toml_list(ALSO_COPY)}\n"
            )
        started = time.monotonic()
        log = _mutmut(tree, "run", "--max-children", str(children))
        elapsed = time.monotonic() - started
        statuses: dict[str, str] = {}
        for line in _mutmut(tree, "results", "--all", "true").splitlines():
            m = _LINE.match(line)
            if m:
                statuses[m.group(1)] = m.group(2)
        if not statuses:
            print(log[-3000:], file=sys.stderr)
        defs = _def_lines((ROOT / module).read_text())
        survivors = []
        for name, status in statuses.items():
            if status in ("survived", "no tests", "timeout", "suspicious"):
                diff = _mutmut(tree, "show", name)
                diff = "\n".join(ln for ln in diff.splitlines() if not ln.startswith("# "))
                survivors.append((name, status, _file_line(name, diff, defs), diff))
    return {"statuses": statuses, "elapsed": elapsed, "survivors": survivors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", default=RULE_MODULES)
    parser.add_argument(
        "--tests", nargs="+", default=DEFAULT_TESTS, help="pytest selection (default: tests/unit)"
    )
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--no-diff", action="store_true", help="survivors' file:line only")
    args = parser.parse_args()

    rows = []
    for module in args.modules:
        print(f"== {module} (tests: {' '.join(args.tests)})", flush=True)
        res = run_module(module, args.tests, args.max_children)
        counts = Counter(res["statuses"].values())  # type: ignore[attr-defined]
        total = sum(counts.values())
        killed = counts.get("killed", 0)
        skipped = counts.get("skipped", 0)
        score = killed / (total - skipped) if total - skipped else 1.0
        for name, status, line, diff in res["survivors"]:  # type: ignore[attr-defined]
            where = f"{module}:{line}" if line else module
            print(f"-- {status}: {where}  [{name}]")
            if not args.no_diff:
                print(
                    "\n".join(
                        "   " + d
                        for d in diff.splitlines()
                        if d.startswith(("-", "+")) and not d.startswith(("---", "+++"))
                    )
                )
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(
            f"   {module}: {total} mutants, {summary}; score {score:.0%}; {res['elapsed']:.0f} s",
            flush=True,
        )
        rows.append((module, total, counts, score, res["elapsed"]))

    print("\nmodule                        mutants killed survived timeout no-tests score  time")
    for module, total, counts, score, elapsed in rows:
        print(
            f"{module:29} {total:7} {counts.get('killed', 0):6} {counts.get('survived', 0):8}"
            f" {counts.get('timeout', 0):7} {counts.get('no tests', 0):8} {score:5.0%}"
            f" {elapsed:5.0f}s"
        )


if __name__ == "__main__":
    main()
