"""The API shows one status vocabulary: the domain's (`ledger.status`), for an invoice now
and for each version in its history."""

from __future__ import annotations

from typing import Any

from graphql_api.auth import mint
from graphql_api.schema import schema
from ledger import commands as c
from ledger.application import Ledger
from ledger.status import STATUSES
from tests.api.test_safe_defaults import calls, graphql
from tests.builders import allocate, company, payment, web_invoice


def history_of(url: str, invoice_id: Any) -> dict[str, Any]:
    (answer,) = calls(url)(
        graphql(
            f'{{ invoice(id: "{invoice_id}") {{ status history {{ status invoiceStatus }} }} }}',
            mint("ar@seller.example"),
        )
    )
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    return dict(body["data"]["invoice"])


def test_each_version_of_a_paid_invoice_has_the_status_the_invoice_had_then(
    sqlite_url: str,
) -> None:
    ledger = Ledger(sqlite_url)
    ledger.execute(c.RegisterStaff("staff-ar", "ar@seller.example", "Ava", ("AR_MANAGER",)))
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer)  # 100.00 + 21 % VAT
    paid = payment(ledger, buyer, "121.00")
    allocate(ledger, paid, invoice_id, "50.00")
    allocate(ledger, paid, invoice_id, "71.00")
    ledger.close()

    found = history_of(sqlite_url, invoice_id)

    assert found["status"] == "PAID"
    assert [v["invoiceStatus"] for v in found["history"]] == ["OPEN", "PARTIALLY_PAID", "PAID"]
    # the deprecated field keeps its old answers for the clients that still read it
    assert [v["status"] for v in found["history"]] == ["OPEN", "OPEN", "SETTLED"]


def test_the_old_version_status_is_deprecated_in_favour_of_the_domains() -> None:
    fields = schema._schema.type_map["InvoiceVersion"].fields  # type: ignore[attr-defined]
    assert "invoiceStatus" in (fields["status"].deprecation_reason or "")
    assert fields["invoiceStatus"].deprecation_reason is None


def test_the_status_enum_holds_the_domains_statuses_and_no_others() -> None:
    enum = schema._schema.type_map["InvoiceStatus"]
    assert list(enum.values) == list(STATUSES)  # type: ignore[attr-defined]
