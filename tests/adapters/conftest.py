"""Shared helpers for adapter tests: the reference samples, read as the adapters read them.

`tests/samples/` is a copy of the workspace's `shared/samples/` (Magento 2, Sage,
bank statements, a Peppol invoice), kept in the repository so a clean clone tests
the same payloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adapters.importing import load_json

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def sample(path: str) -> Any:
    return load_json((SAMPLES / path).read_bytes(), path)


def sample_bytes(path: str) -> bytes:
    return (SAMPLES / path).read_bytes()
