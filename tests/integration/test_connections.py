"""What a process opens on PostgreSQL it gives back: every process of a deployment
shares the server's `max_connections` (100 out of the box).

A CI run failed with "too many clients already" when the test process itself had
piled up pools nothing closed; a recorder opened only to run the migrations (in every
live projection runner) was one of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger.application import Ledger
from projections import views

pytestmark = pytest.mark.postgres


def own_connections() -> int:
    """TCP connections of this process to port 5432 (its sockets' inodes in /proc/net/tcp)."""
    inodes = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            established = fields[3] == "01"
            if remote_port == 5432 and established and fields[9] in inodes:
                count += 1
    return count


def settled(expected: int) -> int:
    """The count once closing sockets have gone (closing is not instant)."""
    deadline = time.monotonic() + 5
    while (found := own_connections()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_closed_view_recorder_holds_no_connection(pg_url: str) -> None:
    before = own_connections()
    view = views.open_views(pg_url)
    assert view.max_tracking_id(views.APP) in (None, 0)
    assert own_connections() > before
    view.close()
    assert settled(before) == before


def test_a_live_projection_stopped_leaves_no_connection_behind(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    ledger.event_count()
    before = own_connections()
    with views.live(pg_url):
        assert own_connections() > before
    assert settled(before) == before
    ledger.close()


@pytest.mark.parametrize("size", ["0", "many", "1001"])
def test_a_read_pool_size_out_of_bounds_is_refused_before_serving(pg_url: str, size: str) -> None:
    done = subprocess.run([sys.executable, "-m", "cli.main", "--database",
                           f"{pg_url}&read_pool_size={size}", "serve", "--demo"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert f"read_pool_size must be a whole number from 1 to 1000, not '{size}'" in done.stderr
    assert "Traceback" not in done.stderr
