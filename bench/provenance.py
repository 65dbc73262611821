"""Which code a benchmark measured: the commit, plus a digest of uncommitted changes to the
folders its figures depend on, so a table from a dirty tree never passes for the commit's."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def code_version(*paths: str) -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        diff = subprocess.run(
            ["git", "diff", "HEAD", "--", *paths], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    if not diff:
        return head
    return f"{head} + uncommitted {'/'.join(paths)} changes {hashlib.sha256(diff).hexdigest()[:8]}"
