"""The web app against a real `arledger serve --demo`, with a real SMTP server for links.

Package-scoped, not session-scoped: the server's pools held some 30 PostgreSQL
connections through every later test, and the fleet test (3 API processes, 2 workers)
then met "too many clients" on a server with the stock max_connections of 100.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import time
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.demo_store import demo_schema
from tests.e2e.conftest import _serve
from tests.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def link_for(self, address: str, after: int = 0, timeout: float = 10) -> str:
        """The sign-in link in the newest message to `address` past the first `after`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)[after:]
            if found:
                text = found[-1].get_body(("plain",))  # type: ignore[attr-defined]
                match = re.search(r"http\S+/auth/callback\?token=\S+", text.get_content())
                assert match, text.get_content()
                return match.group(0)
            time.sleep(0.05)
        raise AssertionError(f"no sign-in message to {address}")


@pytest.fixture(scope="package")
def mailbox() -> Iterator[Inbox]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


def web_env(mailbox: Inbox) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARLEDGER_")}
    env.update(ARLEDGER_SMTP_HOST="127.0.0.1", ARLEDGER_SMTP_PORT=str(mailbox.port))
    return env


@pytest.fixture(scope="package")
def web_store(pg_server: str) -> Iterator[str]:
    with demo_schema(pg_server, "web") as url:
        yield url


@pytest.fixture(scope="package")
def web(web_store: str, mailbox: Inbox) -> Iterator[str]:
    """`serve --demo` as a newcomer starts it, mailing through the test's SMTP server."""
    yield from _serve(web_store, ("--demo",), web_env(mailbox))
