"""Which invoices and companies each person sees, against the service in this process.

The same independent oracle as `tests/e2e/test_visibility_oracle.py` (the demo plan's
reports-to tree walked in Python, the orders' placers folded from the ledger's events), but
with the API served in-process, so the mutation run over `graphql_api/visibility.py` (issue
16) reaches it; plus the cases the demo does not have: a sales rep with no companies, a sales
rep who is also customer service, and the company lookup by id for each kind of viewer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from cli import demo
from graphql_api.app import create_app
from graphql_api.auth import mint
from ledger import commands as c
from ledger.application import Ledger
from ledger.books import Books, fold
from ledger.companies import Company
from tests.builders import key
from tests.demo_store import demo_schema
from tests.e2e.test_visibility_oracle import ALL_COMPANIES, SALES, expected, people, seen
from tests.servers import serving

pytestmark = pytest.mark.postgres

NOBODYS_REP = "new-rep@seller.example"  # SALES, no company assigned yet
# A sales rep (assigned Acme) who also holds a role that sees every company.
SALES_AND = {
    role: f"sales-{role.lower()}@seller.example"
    for role in ("AR_MANAGER", "AUDITOR", "CUSTOMER_SERVICE", "DELIVERY")
}

Ask = Callable[..., dict[str, Any]]


@pytest.fixture(scope="module")
def store(pg_server: str) -> Iterator[tuple[str, Books]]:
    with demo_schema(pg_server, "visrules") as url:
        ledger = Ledger(url)
        try:
            books = fold(ledger.all_events())
            acme = next(
                co.id for co in books.of_type(Company) if co.name in SALES[next(iter(SALES))]
            )
            ledger.execute(c.RegisterStaff(key(), NOBODYS_REP, "New rep", ("SALES",)))
            for role, email in SALES_AND.items():
                ledger.execute(c.RegisterStaff(key(), email, "Rep", ("SALES", role), (acme,)))
        finally:
            ledger.close()
        yield url, books


@pytest.fixture(scope="module")
def base(store: tuple[str, Books]) -> Iterator[str]:
    with serving(create_app(store[0]), ready_path="/health") as url:
        yield url


@pytest.fixture(scope="module")
def books(store: tuple[str, Books]) -> Books:
    return store[1]


@pytest.fixture(scope="module")
def as_user(base: str) -> Callable[[str], Ask]:
    def make(email: str) -> Ask:
        def ask(query: str, **variables: Any) -> dict[str, Any]:
            response = httpx.post(
                f"{base}/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {mint(email)}"},
                timeout=60,
            )
            body: dict[str, Any] = response.json()
            return body

        return ask

    return make


def companies_by_name(books: Books) -> dict[str, str]:
    return {co.name: str(co.id) for co in books.of_type(Company)}


def company_seen(ask: Ask, company_id: str) -> bool:
    body = ask(f'{{ company(id: "{company_id}") {{ id }} }}')
    if body.get("data") and body["data"].get("company"):
        return True
    assert {e["extensions"]["code"] for e in body["errors"]} == {"NOT_FOUND"}, body
    return False


@pytest.mark.parametrize("email", [*demo.demo_buyers(), *ALL_COMPANIES, *SALES])
def test_each_person_sees_exactly_the_invoices_the_rules_give(
    as_user: Callable[[str], Ask], books: Books, email: str
) -> None:
    want = expected(books, email)
    got, total = seen(as_user(email))
    assert sorted(got - want) == [], f"{email} sees invoices the rules do not give them"
    assert sorted(want - got) == [], f"{email} misses invoices the rules give them"
    assert total == len(want)


def test_a_sales_rep_with_no_company_yet_sees_no_invoice_and_no_company(
    as_user: Callable[[str], Ask], books: Books
) -> None:
    ask = as_user(NOBODYS_REP)
    assert seen(ask) == (set(), 0)
    assert not any(company_seen(ask, co) for co in companies_by_name(books).values())


@pytest.mark.parametrize("role", sorted(SALES_AND))
def test_a_sales_rep_who_also_holds_a_role_that_sees_everything_sees_every_company(
    as_user: Callable[[str], Ask], books: Books, role: str
) -> None:
    """AR, auditors, customer service and delivery see every account; being a sales rep as
    well takes nothing away."""
    everything = expected(books, "ar@seller.example")
    ask = as_user(SALES_AND[role])
    assert seen(ask) == (everything, len(everything))
    assert all(company_seen(ask, co) for co in companies_by_name(books).values())


@pytest.mark.parametrize("email", [*demo.demo_buyers(), *ALL_COMPANIES, *SALES])
def test_each_person_finds_by_id_exactly_the_companies_the_rules_give(
    as_user: Callable[[str], Ask], books: Books, email: str
) -> None:
    """A buyer finds their own company only; the sales rep their assigned ones; other staff
    every company. Any other id answers NOT_FOUND, as a missing one does."""
    names = companies_by_name(books)
    if email in ALL_COMPANIES:
        want = set(names)
    elif email in SALES:
        want = SALES[email]
    else:
        want = {people()[email][0]}
    ask = as_user(email)
    assert {name for name, co in names.items() if company_seen(ask, co)} == want
