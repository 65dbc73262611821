"""Sage Business Cloud Accounting v3.1 documents as the API really returns them.

The fixtures follow Sage's documented models (`SalesInvoice`, `SalesInvoiceLineItem`,
`SalesCreditNote`, `GET /sales_invoices?attributes=all`): shipping in header fields,
a line's `net_amount` after its `discount_amount`, a `status` that may be DRAFT or VOID
with a `void_reason`, and credit notes that name no invoice number, only the original
invoice's date and a free-text reference. Figures are written out by hand.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.application import AggregateNotFoundError

from adapters import sage
from adapters.importing import FAILED, IMPORTED, SKIPPED, UNCHANGED, RecordError
from ledger import commands as c
from ledger.application import Ledger
from ledger.invoices import Invoice, erp_invoice_id
from ledger.payments import Payment, erp_credit_id

STANDARD = {
    "id": "GB_STANDARD",
    "displayed_as": "Standard 20.00%",
    "$path": "/tax_rates/GB_STANDARD",
}
ACME = {"id": "c0ffee01", "displayed_as": "Acme Trading (ACME01)", "$path": "/contacts/c0ffee01"}


def line(n: int, description: str, quantity: str, unit_price: str, net: str, tax: str,
         total: str, discount: str = "0.0", percentage: str = "0.0") -> dict[str, Any]:  # fmt: skip
    return {
        "id": f"ln{n}",
        "displayed_as": description,
        "description": description,
        "product": {"id": f"p{n}", "displayed_as": f"SKU-{n}", "$path": f"/products/p{n}"},
        "quantity": quantity,
        "unit_price": unit_price,
        "net_amount": net,
        "tax_rate": STANDARD,
        "tax_amount": tax,
        "total_amount": total,
        "discount_amount": discount,
        "discount_percentage": percentage,
        "unit_price_includes_tax": False,
    }


def invoice(number: str = "SI-4601", **changes: Any) -> dict[str, Any]:
    """A posted invoice: 10 x 12.50 and 2 x 40.00 with 15.00 carriage in the header."""
    document = {
        "id": f"id-{number}",
        "displayed_as": number,
        "$path": f"/sales_invoices/id-{number}",
        "invoice_number": number,
        "contact": ACME,
        "contact_name": "Acme Trading",
        "contact_reference": "ACME01",
        "date": "2026-11-10",
        "due_date": "2026-12-10",
        "reference": "",
        "status": {"id": "UNPAID", "displayed_as": "Unpaid"},
        "void_reason": None,
        "currency": {"id": "GBP", "displayed_as": "Pound Sterling (GBP)"},
        "exchange_rate": "1.0",
        "shipping_net_amount": "15.0",
        "shipping_tax_rate": STANDARD,
        "shipping_tax_amount": "3.0",
        "shipping_total_amount": "18.0",
        "net_amount": "220.0",
        "tax_amount": "44.0",
        "total_amount": "264.0",
        "total_discount_amount": "0.0",
        "outstanding_amount": "264.0",
        "invoice_lines": [
            line(1, "Widget", "10.0", "12.5", "125.0", "25.0", "150.0"),
            line(2, "Gadget", "2.0", "40.0", "80.0", "16.0", "96.0"),
        ],
    }
    document.update(changes)
    return document


def page(*items: dict[str, Any]) -> bytes:
    return json.dumps(
        {"$total": len(items), "$page": 1, "$next": None, "$items": list(items)}
    ).encode()


def statuses(summary: Any) -> dict[str, str]:
    return {o.source: o.status for o in summary.outcomes}


@pytest.fixture
def acme(ledger: Ledger) -> Ledger:
    ledger.execute(c.RegisterCompany("acme-gb", "Acme Trading", "GBP", erp_account="ACME01"))
    return ledger


def booked(ledger: Ledger, number: str) -> Invoice:
    found = ledger.load(erp_invoice_id(number))
    assert isinstance(found, Invoice)
    return found


def test_sage_shipping_in_header_fields_books_as_a_carriage_line(acme: Ledger) -> None:
    summary = sage.import_file(acme, page(invoice()), "sales_invoices.json")
    assert statuses(summary) == {"sage invoice SI-4601": IMPORTED}
    booked_invoice = booked(acme, "SI-4601")
    assert booked_invoice.totals.gross.amount == Decimal("264.00")
    shipping = [ln for ln in booked_invoice.lines if ln.line_id == "erp-shipping"]
    assert [(ln.net, ln.tax, ln.tax_rate) for ln in shipping] == [
        (Decimal("15.00"), Decimal("3.00"), Decimal("0.2"))
    ]


def test_sage_shipping_whose_tax_disagrees_with_its_rate_is_refused_with_the_figures(
    acme: Ledger,
) -> None:
    wrong = invoice(shipping_tax_amount="3.5", shipping_total_amount="18.5", tax_amount="44.5",
                    total_amount="264.5")  # fmt: skip
    summary = sage.import_file(acme, page(wrong), "sales_invoices.json")
    (outcome,) = summary.outcomes
    assert outcome.status == FAILED
    assert "shipping" in outcome.detail and "3.5" in outcome.detail and "3.00" in outcome.detail
    with pytest.raises(AggregateNotFoundError):
        acme.load(erp_invoice_id("SI-4601"))


def test_a_sage_line_net_after_its_discount_books_as_sage_did(acme: Ledger) -> None:
    # Sage's own example in the issue: 9 x 42.00 = 378.00, 10 % off (37.80), net 340.20.
    discounted = invoice(
        "SI-4602",
        shipping_net_amount="0.0", shipping_tax_amount="0.0", shipping_total_amount="0.0",
        net_amount="340.2", tax_amount="68.04", total_amount="408.24",
        total_discount_amount="37.8",
        invoice_lines=[line(1, "Drill", "9.0", "42.0", "340.2", "68.04", "408.24",
                            discount="37.8", percentage="10.0")],
    )  # fmt: skip
    summary = sage.import_file(acme, page(discounted), "sales_invoices.json")
    assert statuses(summary) == {"sage invoice SI-4602": IMPORTED}, summary.outcomes
    (drill,) = booked(acme, "SI-4602").lines
    assert (drill.quantity, drill.unit_price) == (Decimal(9), Decimal(42))  # price kept
    assert (drill.allowance, drill.allowance_reason, drill.net, drill.tax, drill.gross) == (
        Decimal("37.80"), "discount", Decimal("340.20"), Decimal("68.04"), Decimal("408.24"),
    )  # fmt: skip


def test_a_sage_draft_is_never_booked(acme: Ledger) -> None:
    before = acme.event_count()
    drafts = [invoice("SI-DRAFT", status={"id": "DRAFT", "displayed_as": "Draft"}, id=f"d{n}")
              for n in (1, 2)]  # fmt: skip
    summary = sage.import_file(acme, page(*drafts), "sales_invoices.json")
    assert [o.status for o in summary.outcomes] == [SKIPPED, SKIPPED]
    assert "draft" in summary.outcomes[0].detail
    assert acme.event_count() == before
    assert summary.ok


def test_a_sage_invoice_voided_after_booking_voids_the_booked_invoice(acme: Ledger) -> None:
    sage.import_file(acme, page(invoice()), "sales_invoices.json")
    voided = invoice(status={"id": "VOID", "displayed_as": "Void"}, void_reason="Raised in error",
                     outstanding_amount="0.0")  # fmt: skip
    summary = sage.import_file(acme, page(voided), "sales_invoices.json")
    assert statuses(summary) == {"sage invoice SI-4601": IMPORTED}
    invoice_now = booked(acme, "SI-4601")
    assert invoice_now.voided
    reasons = [e.reason for e in acme.all_events() if isinstance(e, Invoice.Voided)]
    assert reasons == ["Raised in error"]
    before = acme.event_count()
    again = sage.import_file(acme, page(voided), "sales_invoices.json")
    assert statuses(again) == {"sage invoice SI-4601": UNCHANGED}
    assert acme.event_count() == before


def test_a_sage_invoice_void_before_it_was_ever_booked_is_skipped(acme: Ledger) -> None:
    before = acme.event_count()
    voided = invoice(status={"id": "VOID", "displayed_as": "Void"}, void_reason="Duplicate")
    summary = sage.import_file(acme, page(voided), "sales_invoices.json")
    assert statuses(summary) == {"sage invoice SI-4601": SKIPPED}
    assert "void" in summary.outcomes[0].detail and "Duplicate" in summary.outcomes[0].detail
    assert acme.event_count() == before


def test_a_page_fetched_without_attributes_all_is_refused_whole(
    acme: Ledger, tmp_path: Path
) -> None:
    bare = [{"id": f"id{n}", "displayed_as": f"SI-47{n}", "$path": f"/sales_invoices/id{n}"}
            for n in range(3)]  # fmt: skip
    with pytest.raises(RecordError, match="attributes=all"):
        sage.documents(page(invoice(), *bare), "sales_invoices.json")
    file = tmp_path / "sales_invoices.json"
    file.write_bytes(page(invoice(), *bare))
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    run = subprocess.run(
        [sys.executable, "-m", "cli.main", "--database", url, "import", "sage", str(file)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0
    assert "attributes=all" in run.stderr and "3 of 4" in run.stderr


def credit_note(number: str = "SCN-11", **changes: Any) -> dict[str, Any]:
    """A credit note as Sage returns it: no invoice number, the original's date, a free text."""
    document = {
        "id": f"id-{number}",
        "displayed_as": number,
        "$path": f"/sales_credit_notes/id-{number}",
        "credit_note_number": number,
        "contact": ACME,
        "contact_name": "Acme Trading",
        "contact_reference": "ACME01",
        "date": "2026-11-20",
        "original_invoice_date": "2026-11-10",
        "reference": "Damaged drill",
        "status": {"id": "UNPAID", "displayed_as": "Unpaid"},
        "currency": {"id": "GBP", "displayed_as": "Pound Sterling (GBP)"},
        "shipping_net_amount": "0.0",
        "shipping_tax_amount": "0.0",
        "shipping_total_amount": "0.0",
        "net_amount": "80.0",
        "tax_amount": "16.0",
        "total_amount": "96.0",
        "credit_note_lines": [line(2, "Gadget", "2.0", "40.0", "80.0", "16.0", "96.0")],
    }
    document.update(changes)
    return document


def test_a_sage_credit_note_is_matched_by_contact_date_and_amount(acme: Ledger) -> None:
    other_day = invoice("SI-4600", date="2026-11-09")
    sage.import_file(acme, page(other_day, invoice()), "sales_invoices.json")
    summary = sage.import_file(acme, page(credit_note()), "sales_credit_notes.json")
    assert statuses(summary) == {"sage credit note SCN-11": IMPORTED}
    assert booked(acme, "SI-4601").open_amount.amount == Decimal("168.00")
    assert booked(acme, "SI-4600").open_amount.amount == Decimal("264.00")
    before = acme.event_count()
    again = sage.import_file(acme, page(credit_note()), "sales_credit_notes.json")
    assert statuses(again) == {"sage credit note SCN-11": UNCHANGED}
    assert acme.event_count() == before


def test_an_ambiguous_sage_credit_note_is_a_credit_on_the_account_with_suggestions(
    acme: Ledger,
) -> None:
    twins = (invoice("SI-4601"), invoice("SI-4603", id="id-twin"))
    sage.import_file(acme, page(*twins), "sales_invoices.json")
    summary = sage.import_file(acme, page(credit_note()), "sales_credit_notes.json")
    (outcome,) = summary.outcomes
    assert outcome.status == IMPORTED
    assert "credit on account" in outcome.detail
    assert "SI-4601" in outcome.detail and "SI-4603" in outcome.detail  # AR's suggestions
    credit = acme.load(erp_credit_id("SCN-11"))
    assert isinstance(credit, Payment)
    assert (credit.method, credit.unapplied.amount) == ("ERP_CREDIT_NOTE", Decimal("96.00"))
    for number in ("SI-4601", "SI-4603"):
        assert booked(acme, number).open_amount.amount == Decimal("264.00")
    # AR allocates it like any credit on the account
    acme.execute(c.AllocatePayment("ar-applies-credit", credit.id, erp_invoice_id("SI-4603"),
                                   "96.00"))  # fmt: skip
    assert booked(acme, "SI-4603").open_amount.amount == Decimal("168.00")


def test_a_sage_credit_note_for_an_unknown_invoice_is_still_booked_on_the_account(
    acme: Ledger,
) -> None:
    summary = sage.import_file(acme, page(credit_note()), "sales_credit_notes.json")
    assert statuses(summary) == {"sage credit note SCN-11": IMPORTED}
    assert "no booked invoice" in summary.outcomes[0].detail
    credit = acme.load(erp_credit_id("SCN-11"))
    assert isinstance(credit, Payment) and credit.unapplied.amount == Decimal("96.00")


def test_a_credit_on_account_cannot_be_refunded_as_cash(acme: Ledger) -> None:
    sage.import_file(acme, page(credit_note()), "sales_credit_notes.json")
    from ledger.errors import BadInput

    with pytest.raises(BadInput, match="ERP"):
        acme.execute(c.RefundPayment("refund-credit", erp_credit_id("SCN-11"),
                                     "96.00", "customer asked"))  # fmt: skip


def test_a_sage_credit_note_of_an_unknown_contact_is_parked_for_ar(ledger: Ledger) -> None:
    stranger = credit_note(contact_reference="NOBODY", contact={"id": "x", "displayed_as": "?"})
    summary = sage.import_file(ledger, page(stranger), "sales_credit_notes.json")
    (outcome,) = summary.outcomes
    assert outcome.status == "parked" and "NOBODY" in outcome.detail


def test_the_old_credit_note_shape_naming_its_invoice_still_credits_it(acme: Ledger) -> None:
    sage.import_file(acme, page(invoice(), invoice("SI-4603", id="id-twin")), "inv.json")
    named = credit_note(reference="SI-4603")
    summary = sage.import_file(acme, page(named), "sales_credit_notes.json")
    assert statuses(summary) == {"sage credit note SCN-11": IMPORTED}
    assert booked(acme, "SI-4603").open_amount.amount == Decimal("168.00")


def test_an_invoice_with_a_wrong_discount_is_refused_with_the_figures(acme: Ledger) -> None:
    wrong = copy.deepcopy(invoice())
    wrong["invoice_lines"][0].update(discount_amount="12.5", net_amount="125.0")
    summary = sage.import_file(acme, page(wrong), "sales_invoices.json")
    (outcome,) = summary.outcomes
    assert outcome.status == FAILED
    assert "112.50" in outcome.detail and "125" in outcome.detail


def test_a_sage_credit_note_with_a_malformed_date_fails_naming_the_field(acme: Ledger) -> None:
    before = acme.event_count()
    summary = sage.import_file(acme, page(credit_note(original_invoice_date="10/11/2026")), "n")
    (outcome,) = summary.outcomes
    assert outcome.status == FAILED
    assert "original_invoice_date is not a date: '10/11/2026'" in outcome.detail
    assert acme.event_count() == before


def test_credit_notes_in_one_page_with_their_invoices_find_them(acme: Ledger) -> None:
    """The invoices-by-day index is read once per import and again after the run books one."""
    first = credit_note("SCN-10", original_invoice_date="2026-11-09")
    later = invoice("SI-4600", date="2026-11-09")
    summary = sage.import_file(acme, page(first, invoice(), later, credit_note()), "mixed.json")
    assert [o.status for o in summary.outcomes] == [IMPORTED] * 4
    assert "credit on account" in summary.outcomes[0].detail  # SI-4600 not booked yet
    assert booked(acme, "SI-4601").open_amount.amount == Decimal("168.00")
    assert booked(acme, "SI-4600").open_amount.amount == Decimal("264.00")
