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
        for path in (ROOT / "ledger").glob("*.py")
        for word in banned
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
