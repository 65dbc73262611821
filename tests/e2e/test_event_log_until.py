"""`ledgerEvents(until:)`: the event log as it stood at the auditor's moment, over HTTP.

The web app's as-of picker ends the event log at the chosen moment: every page of the same
`until` lists only events recorded at or before it, and the last page says there is no next.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import codes

pytestmark = pytest.mark.postgres

AUDITOR = "auditor@seller.example"
PAGE = (
    "query($after: String, $first: Int!, $until: DateTime) { ledgerEvents(after: $after, "
    "first: $first, until: $until) { pageInfo { hasNextPage endCursor } "
    "edges { cursor node { position occurredAt } } } }"
)


def pages(client: Any, size: int, until: str | None) -> tuple[list[dict[str, Any]], int]:
    """Every event listed for `until`, `size` at a time, and how many pages it took."""
    seen: list[dict[str, Any]] = []
    after, count = None, 0
    while True:
        body = client(PAGE, after=after, first=size, until=until)
        assert "errors" not in body, body
        log = body["data"]["ledgerEvents"]
        seen += [e["node"] for e in log["edges"]]
        count += 1
        if not log["pageInfo"]["hasNextPage"]:
            return seen, count
        after = log["pageInfo"]["endCursor"]
        assert count < 100, "the pages never end"


def head(client: Any, n: int) -> list[dict[str, Any]]:
    body = client(PAGE, first=n)
    return [e["node"] for e in body["data"]["ledgerEvents"]["edges"]]


def test_the_log_until_a_moment_ends_at_the_last_event_recorded_by_then(as_user: Any) -> None:
    auditor = as_user(AUDITOR)
    first = head(auditor, 100)
    until = first[29]["occurredAt"]  # at exactly an event's time: that event is in
    expected = [
        e for e in first if datetime.fromisoformat(e["occurredAt"]) <= datetime.fromisoformat(until)
    ]
    assert 30 <= len(expected) < 100  # the demo records more after that moment
    listed, count = pages(auditor, 7, until)
    assert listed == expected
    assert count == -(-len(expected) // 7)  # paged alike: no empty page at the end
    whole, _ = pages(auditor, 100, until)
    assert whole == expected


def test_until_before_the_first_event_lists_nothing_and_after_the_last_lists_all(
    as_user: Any,
) -> None:
    auditor = as_user(AUDITOR)
    start = datetime.fromisoformat(head(auditor, 1)[0]["occurredAt"])
    body = auditor(PAGE, first=10, until=(start - timedelta(seconds=1)).isoformat())
    log = body["data"]["ledgerEvents"]
    assert log["edges"] == [] and log["pageInfo"] == {"hasNextPage": False, "endCursor": None}
    later = auditor(PAGE, first=10, until="2999-01-01T00:00:00Z")["data"]["ledgerEvents"]
    assert later == auditor(PAGE, first=10)["data"]["ledgerEvents"]


@pytest.mark.parametrize("value", ["nope", "2026-05-01T25:00:00Z", "2026-05-01T10:00:00", 5])
def test_a_bad_until_is_bad_input(as_user: Any, value: Any) -> None:
    body = as_user(AUDITOR)(PAGE, first=5, until=value)
    assert codes(body) == {"BAD_INPUT"}, body
    assert body.get("data") is None or body["data"].get("ledgerEvents") is None


def test_until_opens_the_log_to_no_one_new(as_user: Any) -> None:
    asked = as_user("delivery@seller.example")(PAGE, first=5, until="2026-05-01T00:00:00Z")
    assert codes(asked) == {"FORBIDDEN"}
