"""The `arledger` commands a newcomer runs first."""

from __future__ import annotations

import json

import pytest

from cli.main import main


def test_demo_then_stats_then_verify(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", sqlite_url, "init"]) == 0
    assert main(["--database", sqlite_url, "demo", "--orders", "60"]) == 0
    capsys.readouterr()
    assert main(["--database", sqlite_url, "stats"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["verified"] is True
    assert stats["aggregates"]["Company"] == 4
    assert stats["aggregates"]["User"] == 14
    assert stats["aggregates"]["Staff"] == 5
    assert set(stats["invoices_by_source"]) == {"WEB", "ERP"}
    assert "Initech SARL" in stats["companies_on_hold"]
    assert main(["--database", sqlite_url, "verify", "--quiet"]) == 0
    # a second demo run does not duplicate anything
    assert main(["--database", sqlite_url, "demo", "--orders", "60"]) == 0
    assert "already holds" in capsys.readouterr().out


def test_bad_database_url_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", "mysql://nope", "init"]) == 1
    assert "unsupported database URL" in capsys.readouterr().err
