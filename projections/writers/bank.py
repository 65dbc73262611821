"""Bank statement entries: matched, suggested or waiting for a person, and how each ended."""

from __future__ import annotations

import json
from typing import Any

from ledger.bank_entries import BankEntry
from projections.rows import Rows
from projections.schema import day, moment
from projections.writers.base import Family, sid, units

FAMILY = Family("bank")
on = FAMILY.on


@on(BankEntry.Received)
def bank_entry_received(rows: Rows, e: BankEntry.Received, position: int) -> None:
    rows.put(
        "bank_entries",
        {
            "entry_id": str(e.originator_id),
            "reference": e.reference,
            "booked_on": day(e.booked_on),
            "currency": e.currency,
            "amount": units(e.amount),
            "payer": e.payer,
            "payer_account": e.payer_account,
            "remittance": e.remittance,
            "company_id": sid(e.company_id),
            "payment_id": sid(e.payment_id),
            "status": BankEntry.Received.status_of(e),
            "suggestions": json.dumps(
                [
                    {
                        "invoiceId": str(s.invoice_id),
                        "number": s.number,
                        "amount": str(s.amount),
                        "reason": s.reason,
                    }
                    for s in e.suggestions
                ]
            ),
            "received_at": moment(e.timestamp),
            "position": position,
        },
    )


@on(BankEntry.SuggestionAccepted, BankEntry.Dismissed)
def bank_entry_settled(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("bank_entries", str(e.originator_id))
    assert row is not None
    if isinstance(e, BankEntry.SuggestionAccepted):
        row.update(status="SETTLED", settled_invoice_id=str(e.invoice_id))
    else:
        row.update(status="DISMISSED", note=e.reason)
    row["position"] = position
    rows.put("bank_entries", row)
