"""The statement as a PDF (`/documents/statements/{companyId}.pdf?from=&to=`) over HTTP.

It carries what `company.statement(from, to)` and `company.aging` answer on /graphql:
opening balance, every line, closing balance and the aged debt, read here from the PDF's
text. It is shown to whoever may read the statement (the company's finance buyer, AR, the
auditor) and to them only for companies they see: another company's buyer gets the 404 of
a missing company, roles the matrix keeps from `Statement` a 403, bad dates a 400.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import httpx
import pytest
from pypdf import PdfReader

from graphql_api.auth import mint
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres
FINANCE = "alice@acme.example"  # Acme's buyer who may view all its invoices
STATEMENT = """query($id: ID!, $from: Date!, $to: Date!) { company(id: $id) { name
  statement(from: $from, to: $to) { opening { amount currency } closing { amount }
    lines { date kind document amount { amount } balance { amount } } }
  aging { current days1To30 days31To60 days61To90 days90Plus } } }"""


def bearer(email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint(email)}"}


def acme(web: str) -> str:
    body = Client(web, FINANCE)("{ viewer { company { id } } }")
    return str(body["data"]["viewer"]["company"]["id"])


def period() -> tuple[str, str]:
    today = date.today()
    return (today - timedelta(days=45)).isoformat(), today.isoformat()


def figure(value: Any) -> str:
    """An amount as the PDF prints it: in thousands, at the cent."""
    return f"{Decimal(value):,.2f}"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_statement_pdf_shows_the_figures_the_api_answers(web: str) -> None:
    company, (start, end) = acme(web), period()
    body = Client(web, FINANCE)(STATEMENT, id=company, **{"from": start, "to": end})
    assert "errors" not in body, body
    answered = body["data"]["company"]
    with httpx.Client(base_url=web, timeout=60) as browser:  # the web app's cookie, no token
        assert browser.post("/auth/demo", json={"email": FINANCE}).status_code == 200
        answer = browser.get(f"/documents/statements/{company}.pdf",
                             params={"from": start, "to": end})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="statement-{start}-{end}.pdf"'
    )
    text = pdf_text(answer.content)
    statement = answered["statement"]
    assert answered["name"] in text
    assert f"{start} to {end}" in text
    currency = statement["opening"]["currency"]
    assert f"Opening balance {currency} {figure(statement['opening']['amount'])}" in text
    assert f"Closing balance {currency} {figure(statement['closing']['amount'])}" in text
    assert statement["lines"], "a period of 45 days of the demo has lines"
    for line in statement["lines"]:
        assert line["document"] in text, line
        assert figure(line["balance"]["amount"]) in text, line
    for bucket in ("current", "days1To30", "days31To60", "days61To90", "days90Plus"):
        assert figure(answered["aging"][0][bucket]) in text, bucket


def test_staff_who_may_read_statements_download_one_too(web: str) -> None:
    company, (start, end) = acme(web), period()
    for email in ("ar@seller.example", "auditor@seller.example"):
        answer = httpx.get(f"{web}/documents/statements/{company}.pdf", headers=bearer(email),
                           params={"from": start, "to": end}, timeout=60)  # fmt: skip
        assert answer.status_code == 200, (email, answer.text)
        assert answer.content.startswith(b"%PDF")


def test_without_dates_the_period_is_the_month_so_far_as_on_graphql(web: str) -> None:
    company, today = acme(web), date.today()
    answer = httpx.get(f"{web}/documents/statements/{company}.pdf", headers=bearer(FINANCE),
                       timeout=60)  # fmt: skip
    assert answer.status_code == 200, answer.text
    month = today.replace(day=1).isoformat()
    assert f"{month} to {today.isoformat()}" in pdf_text(answer.content)


@pytest.mark.parametrize(
    "query",
    [{"from": "2026-13-01"}, {"to": "yesterday"}, {"from": "2026-05-02", "to": "2026-05-01"}],
)
def test_bad_dates_are_refused_with_a_code(web: str, query: dict[str, str]) -> None:
    answer = httpx.get(f"{web}/documents/statements/{acme(web)}.pdf", params=query,
                       headers=bearer(FINANCE), timeout=30)  # fmt: skip
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_who_may_not_read_this_statement_does_not_get_it(web: str) -> None:
    company = acme(web)
    url = f"{web}/documents/statements/{company}.pdf"
    hidden = httpx.get(url, headers=bearer("henry@globex.example"), timeout=30)
    missing_id = str(uuid4())
    missing = httpx.get(f"{web}/documents/statements/{missing_id}.pdf",
                        headers=bearer("henry@globex.example"), timeout=30)  # fmt: skip
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert hidden.text.replace(company, "X") == missing.text.replace(missing_id, "X")
    for email in ("dave@acme.example", "sales@seller.example", "cs@seller.example",
                  "delivery@seller.example"):  # fmt: skip
        refused = httpx.get(url, headers=bearer(email), timeout=30)
        assert refused.status_code == 403, email
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert httpx.get(url, timeout=30).status_code == 401
