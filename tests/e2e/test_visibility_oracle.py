"""Which invoices each person sees, computed without `graphql_api/visibility.py`.

The expected rows come from the demo plan's people (`cli/demo.py`: who reports to whom,
who may view all) and from the ledger's own events folded in Python (`ledger.books.fold`:
which user placed each order, which order each invoice bills), with the reports-to tree
walked here. The rules (README, "Who sees what"): a buyer sees invoices of orders they
placed or that people below them placed, or the whole company when allowed to view all;
sales see their assigned companies (the demo's sales rep: Acme); AR managers, auditors,
customer service and delivery see every company. Each person's set is then compared with
what the API pages out to them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest

from cli import demo
from ledger.application import Ledger
from ledger.books import Books, fold
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.orders import Order
from ledger.users import Staff, User
from tests.e2e.conftest import codes

pytestmark = pytest.mark.postgres

# Staff who see every company, and the sales rep with the companies they are assigned
# (README, "Demo users": sales@seller.example is assigned to Acme).
ALL_COMPANIES = ("ar@seller.example", "auditor@seller.example", "cs@seller.example",
                 "delivery@seller.example")  # fmt: skip
SALES = {"sales@seller.example": {"Acme Industrial GmbH"}}


@pytest.fixture(scope="module")
def books(demo_store_url: str, server_url: str) -> Iterator[Books]:
    """The whole log folded, read when this module runs (after any earlier e2e writes)."""
    ledger = Ledger(demo_store_url)
    try:
        yield fold(ledger.all_events())
    finally:
        ledger.close()


def people() -> dict[str, tuple[str, str | None, bool]]:
    """email -> (company name, reports to, views all), as the demo plan registers them."""
    return {
        email: (buyer.name, boss, view_all)
        for buyer in demo.BUYERS
        for email, _name, boss, view_all in buyer.users
    }


def below(email: str) -> set[str]:
    """The person and everyone under them, walking the reports-to tree down."""
    reports: dict[str, list[str]] = {}
    for who, (_company, boss, _all) in people().items():
        if boss is not None:
            reports.setdefault(boss, []).append(who)
    found, todo = set(), [email]
    while todo:
        who = todo.pop()
        if who not in found:
            found.add(who)
            todo += reports.get(who, [])
    return found


def invoices_by_company_and_placer(books: Books) -> list[tuple[str, str, str]]:
    """(invoice id, company name, e-mail of who placed the order it bills) for each invoice."""
    companies = {c.id: c.name for c in books.of_type(Company)}
    users = {u.id: u.email for u in books.of_type(User)}
    orders: dict[UUID, Order] = {o.id: o for o in books.of_type(Order)}
    rows = []
    for invoice in books.of_type(Invoice):
        header = invoice.header
        order = orders.get(header.order_id)
        placed_by = order.placed_by if order is not None else header.ordered_by
        assert placed_by is not None, f"invoice {header.number}: no order and no orderer"
        rows.append((str(invoice.id), companies[header.company_id], users[placed_by]))
    return rows


def expected(books: Books, email: str) -> set[str]:
    rows = invoices_by_company_and_placer(books)
    if email in ALL_COMPANIES:
        return {invoice for invoice, _, _ in rows}
    if email in SALES:
        return {invoice for invoice, company, _ in rows if company in SALES[email]}
    company, _boss, view_all = people()[email]
    if view_all:
        return {invoice for invoice, of, _ in rows if of == company}
    team = below(email)
    return {invoice for invoice, of, placer in rows if of == company and placer in team}


def seen(client: Any) -> tuple[set[str], int]:
    """Every invoice id the API pages out to this person, and its totalCount."""
    ids: list[str] = []
    after: str | None = None
    while True:
        body = client(
            "query($after: String) { invoices(first: 100, after: $after) { totalCount "
            "pageInfo { hasNextPage endCursor } edges { node { id } } } }",
            after=after,
        )
        assert "errors" not in body, body
        page = body["data"]["invoices"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(ids) == len(set(ids)), "an invoice came twice while paging"
    return set(ids), page["totalCount"]


def test_the_demo_ran_the_plans_people(books: Books) -> None:
    """The tree walked here is the one in the store: every user, manager and view-all flag."""
    users = {u.id: u for u in books.of_type(User)}
    companies = {c.id: c.name for c in books.of_type(Company)}
    stored = {
        u.email: (
            companies[u.company_id],
            users[u.reports_to].email if u.reports_to is not None else None,
            u.can_view_all_invoices,
        )
        for u in users.values()
    }
    assert stored == people()
    staff = {s.email: s for s in books.of_type(Staff)}
    assert set(staff) == set(ALL_COMPANIES) | set(SALES)
    for email, names in SALES.items():
        assert {companies[c] for c in staff[email].companies} == names


def test_the_oracle_is_not_trivial(books: Books) -> None:
    """Every demo buyer outside Initech sees something (Initech goes on hold, and its
    refused orders leave some of its people with none), and the hierarchy splits what
    the company has."""
    everything = expected(books, "ar@seller.example")
    for email in demo.demo_buyers():
        mine = expected(books, email)
        company = people()[email][0]
        assert mine or company == "Initech SARL", f"{email} has no invoices in the demo"
        whole = {i for i, of, _ in invoices_by_company_and_placer(books) if of == company}
        assert mine <= whole < everything
    assert expected(books, "carol@acme.example") < expected(books, "bob@acme.example")
    assert expected(books, "dave@acme.example") < expected(books, "erin@acme.example")
    assert expected(books, "bob@acme.example").isdisjoint(expected(books, "erin@acme.example"))


@pytest.mark.parametrize("email", [*demo.demo_buyers(), *ALL_COMPANIES, *SALES])
def test_each_person_sees_exactly_the_invoices_the_rules_give(
    as_user: Any, books: Books, email: str
) -> None:
    want = expected(books, email)
    got, total = seen(as_user(email))
    assert sorted(got - want) == [], f"{email} sees invoices the rules do not give them"
    assert sorted(want - got) == [], f"{email} misses invoices the rules give them"
    assert total == len(want)


def nearest_outside(books: Books, email: str) -> list[str]:
    """Invoices the rules keep from this person, hardest first: their own company's, then
    others' (a few of each, chosen by id so the choice is stable)."""
    mine = expected(books, email)
    rows = invoices_by_company_and_placer(books)
    company = people()[email][0] if email in people() else None
    same = sorted(i for i, of, _ in rows if of == company and i not in mine)
    other = sorted(i for i, of, _ in rows if of != company and i not in mine)
    return same[:3] + other[:3]


@pytest.mark.parametrize("email", [*demo.demo_buyers(), *ALL_COMPANIES, *SALES])
def test_an_invoice_outside_what_the_rules_give_is_not_found_by_id(
    as_user: Any, books: Books, email: str
) -> None:
    """The lookup by id follows the same rows: a teammate's or another company's invoice
    answers NOT_FOUND, one of the person's own is found."""
    client = as_user(email)
    for invoice in nearest_outside(books, email):
        body = client(f'{{ invoice(id: "{invoice}") {{ id }} }}')
        assert codes(body) == {"NOT_FOUND"}, (email, invoice, body)
    for invoice in sorted(expected(books, email))[:3]:
        body = client(f'{{ invoice(id: "{invoice}") {{ id }} }}')
        assert body.get("data", {}).get("invoice", {}).get("id") == invoice, (email, body)
