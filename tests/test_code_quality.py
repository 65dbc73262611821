"""The domain stays lint-clean and strictly typed: `ruff` and `mypy --strict` on ledger/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean_on_ledger() -> None:
    result = _run("ruff", "check", "ledger")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_ledger() -> None:
    result = _run("mypy", "--strict", "ledger")
    assert result.returncode == 0, result.stdout + result.stderr


def test_domain_has_no_io_imports() -> None:
    """ledger/ is pure: no database drivers, HTTP or framework imports."""
    banned = (
        "import psycopg",
        "import asyncpg",
        "import strawberry",
        "import starlette",
        "import aiosmtplib",
        "import sqlite3",
        "import requests",
        "import httpx",
    )
    offenders = [
        f"{path.name}: {word}"
        for path in (ROOT / "ledger").rglob("*.py")
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


RUNTIME_PACKAGES = ("ledger", "projections", "graphql_api", "adapters", "cli")


def _runtime_requirements() -> set[str]:
    """Distribution names in pyproject's runtime `dependencies` (no extras)."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(re.sub(r"[-_.]+", "-", match.group(0)).lower())
    return names


def _top_level_imports(path: Path) -> set[str]:
    """Absolute imports of a module, by top-level name, wherever in the file they are."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_runtime_import_is_a_runtime_dependency() -> None:
    """`pip install .` (no extras) gives every third-party module the runtime packages
    import: each top-level module must come from a distribution in `dependencies`
    (an import only in the `test` extra, like httpx once was, breaks a fresh install)."""
    import importlib.metadata
    import re

    provided_by = importlib.metadata.packages_distributions()
    required = _runtime_requirements()
    ours = set(RUNTIME_PACKAGES)
    missing: dict[str, set[str]] = {}
    for package in RUNTIME_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in _top_level_imports(path):
                if name in ours or name in sys.stdlib_module_names or name == "__future__":
                    continue
                distributions = {
                    re.sub(r"[-_.]+", "-", d).lower() for d in provided_by.get(name, [])
                }
                if not distributions & required:
                    where = str(path.relative_to(ROOT))
                    missing.setdefault(
                        f"{name} ({', '.join(sorted(distributions)) or '?'})", set()
                    ).add(where)
    assert not missing, "imported at run time but not in pyproject's dependencies: " + "; ".join(
        f"{name} in {', '.join(sorted(files))}" for name, files in sorted(missing.items())
    )
