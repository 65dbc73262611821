"""Issue 19's fleet: 3 API processes and 2 workers on one PostgreSQL, the leader killed twice.

Real processes (`arledger serve --no-jobs`, `arledger worker`), a real SMTP server
(aiosmtpd) and a real AP-portal receiver. A bounded stream of mutations goes through
all three API processes while the leading worker is SIGKILLed twice; afterwards every
acknowledged mutation is in the log, none was masked, `verify` passes, the views equal
a rebuild, each e-mail arrived once (Message-ID) and each AP-portal POST once
(Idempotency-Key). A standby takes over within `TAKEOVER` seconds, and `/ready` is 503
while no worker runs, then 200 again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, Any, ClassVar
from uuid import UUID

import httpx
import pytest

from adapters import leadership
from ledger.application import Ledger
from projections import views
from tests.adapters.test_delivery import Smtp
from tests.builders import company, line, web_invoice
from tests.demo_store import demo_schema
from tests.fleet import Stream
from tests.servers import free_port

pytestmark = pytest.mark.postgres
TAKEOVER = 2.0  # seconds from the leader's death to a standby holding both jobs
# Connections the whole fleet may hold at once: half of PostgreSQL's stock
# max_connections (100), which the next deployment on the same server shares.
BUDGET = 50


class Portal(BaseHTTPRequestHandler):
    keys: ClassVar[Counter[str]] = Counter()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Portal.keys[self.headers.get("Idempotency-Key", "")] += 1
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


class Fleet:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url, self.env = url, env
        self.apis: list[tuple[subprocess.Popen[bytes], str]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[IO[bytes]] = []

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        log = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the fleet)
        self.logs.append(log)
        return subprocess.Popen([sys.executable, "-m", "cli.main", "--database", self.url, *args],
                                env=self.env, stdout=log, stderr=log)  # fmt: skip

    def api(self) -> str:
        port = free_port()
        self.apis.append((self.spawn("serve", "--no-jobs", "--port", str(port)),
                          f"http://127.0.0.1:{port}"))  # fmt: skip
        return self.apis[-1][1]

    def worker(self) -> subprocess.Popen[bytes]:
        self.workers.append(self.spawn("worker"))
        return self.workers[-1]

    def standing_by(self, process: subprocess.Popen[bytes], deadline: float = 60) -> None:
        """Until the worker has its connection for the projection (leading or not)."""
        end = time.monotonic() + deadline
        with leadership.connect(self.url) as conn:
            while time.monotonic() < end:
                name = f"arledger-projections-{process.pid}"
                found = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE "
                                     "application_name = %s", (name,)).fetchone()  # fmt: skip
                if found and found[0]:
                    return
                time.sleep(0.1)
        raise RuntimeError(f"worker {process.pid} did not start: {self.output()}")

    def up(self, base: str, deadline: float = 60) -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{base} did not start: {self.output()}")

    def output(self) -> str:
        text = []
        for log in self.logs:
            log.seek(0)
            text.append(log.read().decode(errors="replace")[-3000:])
        return "\n---\n".join(text)

    def connections(self) -> Counter[str]:
        """Client connections on the server now, by application name ('' for none)."""
        with leadership.connect(self.url) as conn:
            found = conn.execute("SELECT application_name, count(*) FROM pg_stat_activity "
                                 "WHERE backend_type = 'client backend' AND pid <> "
                                 "pg_backend_pid() GROUP BY 1").fetchall()  # fmt: skip
        return Counter({name: count for name, count in found})

    def leader_pid(self, job: str) -> int | None:
        seen = leadership.leaders(self.url).get(job)
        return int(seen["holder"].split(":")[-1]) if seen and seen["held"] else None

    def kill_leader(self) -> float:
        """SIGKILL the worker leading the projection; seconds until a standby leads both."""
        pid = self.leader_pid("projections")
        assert pid is not None and any(w.pid == pid for w in self.workers), self.output()
        os.kill(pid, signal.SIGKILL)
        died = time.monotonic()
        while time.monotonic() - died < 30:
            leads = [self.leader_pid(job) for job in ("projections", "outbox")]
            if all(p is not None and p != pid for p in leads):
                return time.monotonic() - died
            time.sleep(0.05)
        raise AssertionError(f"no standby took over: {self.output()}")

    def down(self) -> None:
        for process in [p for p, _ in self.apis] + self.workers:
            if process.poll() is None:
                process.terminate()
        for process in [p for p, _ in self.apis] + self.workers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()


@pytest.fixture
def fleet(pg_server: str) -> Iterator[tuple[Fleet, Smtp, str]]:
    smtp = Smtp()
    smtp.up()
    Portal.keys = Counter()
    portal = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "ARLEDGER_SMTP_HOST": "127.0.0.1",
           "ARLEDGER_SMTP_PORT": str(smtp.port), "ARLEDGER_OUTBOX_INTERVAL": "0.2",
           "ARLEDGER_READY_JOBS": "projections,outbox",
           "ARLEDGER_LOG_LEVEL": "WARNING"}  # fmt: skip
    with demo_schema(pg_server, "fleet") as url:
        ledger, view = Ledger(url), views.open_views(url)
        views.catch_up(ledger, view)  # the demo's history, projected once
        view.close()
        ledger.close()
        processes = Fleet(url, env)
        try:
            yield processes, smtp, f"http://127.0.0.1:{portal.server_address[1]}/ap"
        finally:
            processes.down()
            portal.shutdown()
            portal.server_close()
            smtp.down()


def stream_through(bases: list[str], stream: Stream, n: int, pause: float) -> None:
    for i in range(n):
        stream.one(bases[i % len(bases)])
        time.sleep(pause)


def test_three_api_processes_and_two_workers_survive_the_leader_killed_twice(
    fleet: tuple[Fleet, Smtp, str],
) -> None:
    processes, smtp, portal_url = fleet
    before = processes.connections()
    peak: list[Counter[str]] = [Counter()]
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.wait(0.1):
            now = processes.connections() - before
            if now.total() > peak[0].total():
                peak[0] = now

    threading.Thread(target=sample, daemon=True).start()
    bases = [processes.api() for _ in range(3)]
    started = [processes.worker(), processes.worker()]
    for base in bases:
        processes.up(base)
    for worker in started:
        processes.standing_by(worker)
    ledger = Ledger(processes.url)
    view = views.open_views(processes.url)
    deadline = time.monotonic() + 60  # the outbox starts at the head: wait for its first round
    while not outbox_started(view) and time.monotonic() < deadline:
        time.sleep(0.1)
    buyer = company(ledger, "Portal Buyer", channels=("AP_PORTAL",), ap_portal_url=portal_url)

    stream = Stream.of(bases[0])
    sender = threading.Thread(target=stream_through, args=(bases, stream, 36, 0.05))
    sender.start()
    takeovers = []
    for _ in range(2):
        web_invoice(ledger, buyer, line("1", "1", "10.00"))
        time.sleep(1.0)
        takeovers.append(processes.kill_leader())
        processes.standing_by(processes.worker())  # two workers again: a standby for the next
    web_invoice(ledger, buyer, line("1", "1", "10.00"))
    sender.join(timeout=120)

    assert stream.masked == [], stream.masked
    assert stream.refused == [], stream.refused
    assert len(stream.acknowledged) == 36
    assert max(takeovers) < TAKEOVER, takeovers
    sampling.set()
    assert peak[0].total() <= BUDGET, peak[0]
    for result in stream.results:
        for name, value in result.items():
            if name.endswith("_id"):
                assert ledger.find(UUID(value)) is not None, (name, value)

    settled = wait_for_the_outbox(view, ledger)
    emails = Counter(str(m["Message-ID"]) for m in smtp.inbox.messages)
    assert emails and max(emails.values()) == 1, emails
    assert Portal.keys and max(Portal.keys.values()) == 1, Portal.keys
    delivered = {row["dispatch_id"]: row["transport"] for row in settled
                 if row["status"] == "DELIVERED"}  # fmt: skip
    stuck = [row for row in settled if row["status"] != "DELIVERED"]
    # A leader killed between recording an attempt and its outcome leaves the attempt to
    # be retried after STALE_ATTEMPT (10 min), with the same Message-ID: at most one per kill.
    assert len(stuck) <= 2, stuck
    assert len(emails) >= sum(1 for t in delivered.values() if t == "EMAIL")
    assert len(Portal.keys) >= sum(1 for t in delivered.values() if t == "AP_PORTAL")
    assert sum(1 for row in settled if row["transport"] == "AP_PORTAL") == 3

    for process in processes.workers:  # no worker: no leader, not ready
        process.kill()
    not_ready = httpx.get(f"{bases[1]}/ready", timeout=10)
    assert not_ready.status_code == 503
    assert "no leader holds the projections job" in not_ready.json()["reasons"]
    processes.worker()
    deadline = time.monotonic() + 30
    while httpx.get(f"{bases[1]}/ready", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, httpx.get(f"{bases[1]}/ready").json()
        time.sleep(0.2)

    for process in processes.workers:  # the views as they are, against a rebuild
        process.terminate()
        process.wait(timeout=20)
    live = view.digest()
    views.rebuild(ledger, view)
    assert view.digest() == live
    verified = subprocess.run([sys.executable, "-m", "cli.main", "--database", processes.url,
                               "verify", "--quiet"], capture_output=True, text=True)  # fmt: skip
    assert verified.returncode == 0, verified.stderr
    view.close()
    ledger.close()


def outbox_started(view: views.ViewRecorder) -> bool:
    with view.rows() as (rows, _):
        return bool(rows.select("SELECT position FROM outbox_position"))


def wait_for_the_outbox(view: views.ViewRecorder, ledger: Ledger) -> list[dict[str, Any]]:
    """Until the outbox has planned the whole log and nothing is pending."""
    deadline = time.monotonic() + 40
    while True:
        with view.rows() as (rows, _):
            planned = rows.select("SELECT position FROM outbox_position")[0]["position"]
            found = rows.select("SELECT dispatch_id, transport, status FROM dispatches")
        tracked = view.max_tracking_id(views.APP) or 0
        if (
            planned >= ledger.event_count()
            and tracked >= ledger.event_count()
            and not any(row["status"] == "PENDING" for row in found)
        ):
            return found
        assert time.monotonic() < deadline, found
        time.sleep(0.2)


def test_a_worker_stopped_with_sigterm_hands_its_jobs_over_at_once(pg_url: str) -> None:
    """Graceful shutdown: the rounds finish, the locks are released (no wait for the
    session to end), the process exits 0, and the standby leads within a retry."""
    processes = Fleet(pg_url, {**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        first = processes.worker()
        processes.standing_by(first)
        deadline = time.monotonic() + 30
        while processes.leader_pid("outbox") != first.pid:
            assert time.monotonic() < deadline, processes.output()
            time.sleep(0.05)
        second = processes.worker()
        processes.standing_by(second)
        first.terminate()
        stopped = time.monotonic()
        while {processes.leader_pid(job) for job in ("projections", "outbox")} != {second.pid}:
            assert time.monotonic() - stopped < 1.5, processes.output()
            time.sleep(0.05)
        assert first.wait(timeout=20) == 0, processes.output()
    finally:
        processes.down()
