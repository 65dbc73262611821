"""Signing in to the web app: an e-mailed one-time link, a session cookie, CSRF, sign-out.

Over HTTP against `serve --demo` on PostgreSQL, with the link read from a real
SMTP server; a second server process on the same database proves sessions live
in the database, not in one process's memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import _serve
from tests.e2e.web.conftest import Inbox, web_env

pytestmark = pytest.mark.postgres
VIEWER = {"query": "{ viewer { email roles } }"}


OPEN: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def close_clients() -> Iterator[None]:
    yield
    while OPEN:
        OPEN.pop().close()


def new_client(base: str, cookies: Any = None) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10, cookies=cookies)
    OPEN.append(client)
    return client


def ask_link(base: str, address: str) -> httpx.Response:
    return httpx.post(f"{base}/auth/link", json={"email": address}, timeout=10)


def follow(link: str, **headers: str) -> httpx.Response:
    return httpx.get(link, follow_redirects=False, timeout=10, headers=headers)


def signed_in_client(web: str, mailbox: Inbox, address: str) -> httpx.Client:
    before = len(mailbox.to(address))
    assert ask_link(web, address).status_code == 202
    answer = follow(mailbox.link_for(address, before))
    assert answer.status_code == 303, answer.text
    return new_client(web, answer.cookies)


def csrf(client: httpx.Client) -> dict[str, str]:
    return {"X-CSRF-Token": client.cookies["arledger_csrf"]}


def test_a_stranger_and_a_user_get_the_same_answer_and_only_the_user_gets_mail(
    web: str, mailbox: Inbox
) -> None:
    stranger, user = "nobody@nowhere.example", "alice@acme.example"
    answers = [ask_link(web, stranger), ask_link(web, user)]
    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].json() == answers[1].json()
    mailbox.link_for(user)
    assert mailbox.to(stranger) == []


def test_the_emailed_link_signs_in_once_with_a_safe_cookie(web: str, mailbox: Inbox) -> None:
    before = len(mailbox.to("grace@globex.example"))
    ask_link(web, "grace@globex.example")
    link = mailbox.link_for("grace@globex.example", before)
    answer = follow(link)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookies = {c.split("=")[0]: c.lower() for c in answer.headers.get_list("set-cookie")}
    session = cookies["arledger_session"]
    assert "httponly" in session and "samesite=lax" in session and "path=/" in session
    assert "secure" not in session  # plain HTTP here; see the TLS test
    assert "httponly" not in cookies["arledger_csrf"]  # the app must read it to echo it
    client = new_client(web, answer.cookies)
    body = client.post("/graphql", json=VIEWER, headers=csrf(client)).json()
    assert body["data"]["viewer"]["email"] == "grace@globex.example"
    again = follow(link)
    assert again.status_code == 303 and "expired" in again.headers["location"]
    assert "arledger_session" not in again.cookies


def test_behind_tls_the_session_cookie_is_secure(web: str, mailbox: Inbox) -> None:
    before = len(mailbox.to("henry@globex.example"))
    ask_link(web, "henry@globex.example")
    answer = follow(
        mailbox.link_for("henry@globex.example", before), **{"X-Forwarded-Proto": "https"}
    )
    session = next(c for c in answer.headers.get_list("set-cookie") if "arledger_session" in c)
    assert "secure" in session.lower()


def test_a_signed_in_post_without_the_csrf_header_is_refused(web: str, mailbox: Inbox) -> None:
    client = signed_in_client(web, mailbox, "bob@acme.example")
    refused = client.post("/graphql", json=VIEWER)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "CSRF"
    wrong = client.post("/graphql", json=VIEWER, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert client.post("/graphql", json=VIEWER, headers=csrf(client)).status_code == 200


def test_signing_out_ends_the_session(web: str, mailbox: Inbox) -> None:
    client = signed_in_client(web, mailbox, "carol@acme.example")
    cookies = dict(client.cookies)
    assert client.post("/auth/signout").status_code == 403  # CSRF here too
    assert client.post("/auth/signout", headers=csrf(client)).status_code == 204
    replay = new_client(web, cookies)
    body = replay.post("/graphql", json=VIEWER, headers={"X-CSRF-Token": cookies["arledger_csrf"]})
    assert body.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_bearer_tokens_still_work_beside_sessions(web: str) -> None:
    from graphql_api.auth import mint

    bearer = {"Authorization": f"Bearer {mint('ar@seller.example')}"}
    body = httpx.post(f"{web}/graphql", json=VIEWER, timeout=10, headers=bearer).json()
    assert body["data"]["viewer"]["roles"] == ["AR_MANAGER"]


def test_every_demo_user_has_one_click_sign_in_in_the_demo(web: str) -> None:
    options = httpx.get(f"{web}/auth/options", timeout=10).json()
    assert {"dave@acme.example", "ar@seller.example", "delivery@seller.example"} <= set(
        options["demoUsers"]
    )
    for address in ("dave@acme.example", "delivery@seller.example"):
        answer = httpx.post(f"{web}/auth/demo", json={"email": address}, timeout=10)
        client = new_client(web, answer.cookies)
        body = client.post("/graphql", json=VIEWER, headers=csrf(client)).json()
        assert body["data"]["viewer"]["email"] == address


def test_outside_the_demo_there_is_no_one_click_sign_in(server_url: str) -> None:
    answer = httpx.post(f"{server_url}/auth/demo", json={"email": "alice@acme.example"})
    assert answer.status_code == 403
    assert httpx.get(f"{server_url}/auth/options").json()["demoUsers"] == []


@pytest.fixture(scope="module")
def second_process(web_store: str, mailbox: Inbox, web: str) -> Iterator[str]:
    yield from _serve(web_store, ("--demo",), web_env(mailbox))


def test_a_session_opened_on_one_process_works_on_another(
    web: str, second_process: str, mailbox: Inbox
) -> None:
    client = signed_in_client(web, mailbox, "erin@acme.example")
    other = new_client(second_process, dict(client.cookies))
    body: Any = other.post("/graphql", json=VIEWER, headers=csrf(client)).json()
    assert body["data"]["viewer"]["email"] == "erin@acme.example"
