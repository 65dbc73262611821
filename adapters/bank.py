"""Bank statements in (MT940 and camt.054), matched to open invoices.

Parsing: MT940 with the maintained `mt-940` library; camt.054 (ISO 20022) with
lxml, entities and network access off. Each credit entry becomes one
`RecordBankEntry`, keyed by the bank's references, so importing a statement
again writes nothing.

Matching, per entry:

* Its remittance text is searched for our invoice numbers, and for order
  numbers (digits compared as numbers: "WEB-2026-000123" names order 000000123).
* If the invoices it names belong to one company and their open amounts add up to
  the entry's amount exactly, the payment is allocated to them, in the same
  transaction as it is recorded.
* Otherwise the payment is recorded on the company's account (from the named
  invoices, or from the payer's name) with suggestions: the named invoices
  ("paid 500.00 of 1,379.40 open"), or open invoices of exactly that amount.
* If the payer cannot be told at all, the entry is kept as unidentified.
AR accepts or dismisses suggestions (`arledger`'s GraphQL `paymentSuggestions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from lxml import etree

from adapters.importing import FAILED, IMPORTED, UNCHANGED, Outcome, Summary, amount
from adapters.read_models import ReadModels
from ledger import commands as c
from ledger.application import Ledger
from ledger.bank_entries import Suggestion, bank_entry_id
from ledger.errors import Conflict, LedgerError, RecordError

CAMT = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"}
LEGAL_FORMS = {"bv", "nv", "gmbh", "ltd", "sarl", "sa", "ag", "inc", "llc", "plc", "bvba"}


@dataclass(frozen=True)
class Entry:
    reference: str
    booked_on: date
    amount: Decimal
    currency: str
    payer: str
    payer_account: str
    remittance: str


# -- reading --------------------------------------------------------------------------


def entries(raw: bytes, name: str) -> list[Entry]:
    head = raw.lstrip()[:200]
    if head.startswith(b"<"):
        return camt054(raw, name)
    if b":20:" in head or b":25:" in head:
        return mt940(raw, name)
    raise RecordError(f"{name}: neither a camt.054 nor an MT940 statement")


def mt940(raw: bytes, name: str) -> list[Entry]:
    import mt940 as lib

    try:
        transactions = lib.models.Transactions()
        transactions.parse(raw.decode("utf-8", errors="strict"))
    except Exception as error:  # the library raises plain exceptions on bad input
        raise RecordError(f"{name}: not a readable MT940 statement: {error}") from None
    statement = transactions.data.get("transaction_reference", "")
    found = []
    for transaction in transactions:
        data = transaction.data
        if data.get("status") != "C":
            continue  # money out: not ours to match
        details = " ".join(str(data.get("transaction_details", "")).split())
        fields = dict(re.findall(r"/(TRTP|IBAN|NAME|REMI|EREF|BIC)/([^/]*)", details))
        found.append(
            Entry(
                reference=f"mt940:{statement}:{data.get('bank_reference') or data.get('id')}",
                booked_on=date(data["date"].year, data["date"].month, data["date"].day),
                amount=Decimal(data["amount"].amount),
                currency=data["currency"],
                payer=fields.get("NAME", "").strip(),
                payer_account=fields.get("IBAN", "").strip(),
                remittance=fields.get("REMI", details).strip(),
            )
        )
    return found


def camt054(raw: bytes, name: str) -> list[Entry]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise RecordError(f"{name}: not well-formed XML: {error}") from None
    if root.find("c:BkToCstmrDbtCdtNtfctn", CAMT) is None:
        raise RecordError(f"{name}: not a camt.054.001.02 notification")
    found = []
    for notification in root.iterfind(".//c:Ntfctn", CAMT):
        note_id = notification.findtext("c:Id", "", CAMT)
        for n, entry in enumerate(notification.iterfind("c:Ntry", CAMT), start=1):
            if entry.findtext("c:CdtDbtInd", "", CAMT) != "CRDT":
                continue
            where = f"{name} notification {note_id} entry {n}"
            amt = entry.find("c:Amt", CAMT)
            if amt is None:
                raise RecordError(f"{where}: no amount")
            for tx_n, tx in enumerate(entry.iterfind(".//c:TxDtls", CAMT), start=1):
                tx_amount = tx.find(".//c:TxAmt/c:Amt", CAMT)
                source = tx_amount if tx_amount is not None else amt
                refs = [
                    tx.findtext(f".//c:Refs/c:{tag}", "", CAMT)
                    for tag in ("EndToEndId", "TxId", "AcctSvcrRef")
                ]
                remittance = " ".join(
                    text.strip()
                    for text in [
                        *(r.text or "" for r in tx.iterfind(".//c:RmtInf/c:Ustrd", CAMT)),
                        *(r.text or "" for r in tx.iterfind(".//c:CdtrRefInf/c:Ref", CAMT)),
                    ]
                    if text.strip()
                )
                first_ref = next((r for r in refs if r), "")
                found.append(
                    Entry(
                        reference=f"camt054:{note_id}:{n}:{tx_n}:{first_ref}",
                        booked_on=date.fromisoformat(
                            entry.findtext("c:BookgDt/c:Dt", "", CAMT)
                            or entry.findtext("c:ValDt/c:Dt", "", CAMT)
                        ),
                        amount=amount(source.text, f"{where}: amount"),
                        currency=source.get("Ccy", ""),
                        payer=tx.findtext(".//c:RltdPties/c:Dbtr/c:Nm", "", CAMT),
                        payer_account=tx.findtext(".//c:DbtrAcct/c:Id/c:IBAN", "", CAMT),
                        remittance=remittance,
                    )
                )
    return found


# -- matching -------------------------------------------------------------------------


def normalised(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower().replace("b.v.", "bv"))
    return "".join(w for w in words if w not in LEGAL_FORMS)


def named_invoices(rows: Any, remittance: str) -> list[dict[str, Any]]:
    """Open invoices the remittance text names, by number or by order number."""
    tokens = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9\-/.]{2,}", remittance))
    found: dict[str, dict[str, Any]] = {}
    for token in tokens:
        for row in rows.select(
            "SELECT * FROM invoices WHERE number = %(t)s AND open > 0 AND voided = 0", {"t": token}
        ):
            found[row["invoice_id"]] = row
    for digits in {d.lstrip("0") for d in re.findall(r"\d{3,}", remittance)} - {""}:
        for row in rows.select(
            "SELECT * FROM invoices WHERE order_number LIKE %(t)s AND open > 0 AND voided = 0",
            {"t": f"%{digits}"},
        ):
            if row["order_number"].isdigit() and int(row["order_number"]) == int(digits):
                found[row["invoice_id"]] = row
    return list(found.values())


def company_by_name(rows: Any, payer: str) -> str | None:
    wanted = normalised(payer)
    if not wanted:
        return None
    hits = [r["company_id"] for r in rows.select("SELECT company_id, name FROM companies")
            if normalised(r["name"]) == wanted]  # fmt: skip
    return hits[0] if len(hits) == 1 else None


def command_for(ledger: Ledger, view: ReadModels, entry: Entry) -> c.RecordBankEntry:
    money = view.amount
    with view.rows() as (rows, _):
        named = named_invoices(rows, entry.remittance)
        companies = {row["company_id"] for row in named}
        company = companies.pop() if len(companies) == 1 else None
        if company is None and not named:
            company = company_by_name(rows, entry.payer)
        same_currency = [r for r in named if r["currency"] == entry.currency]
        allocations: tuple[c.Allocation, ...] = ()
        suggestions: list[Suggestion] = []
        open_total = sum((money(r["open"], r["currency"]) for r in same_currency), Decimal(0))
        if (
            company
            and same_currency
            and len(same_currency) == len(named)
            and (open_total == entry.amount)
        ):
            allocations = tuple(
                c.Allocation(UUID(r["invoice_id"]), money(r["open"], r["currency"]))
                for r in same_currency
            )
        elif company:
            for row in same_currency:
                open_amount = money(row["open"], row["currency"])
                suggestions.append(
                    Suggestion(
                        UUID(row["invoice_id"]),
                        row["number"],
                        min(entry.amount, open_amount),
                        f"reference names {row['number']}; paid {entry.amount} of "
                        f"{open_amount} open",
                    )
                )
            if not named:
                for row in rows.select(
                    "SELECT * FROM invoices WHERE company_id = %(c)s AND open > 0 AND "
                    "voided = 0 AND currency = %(cur)s ORDER BY due_date LIMIT 200",
                    {"c": company, "cur": entry.currency},
                ):
                    if money(row["open"], row["currency"]) == entry.amount:
                        suggestions.append(
                            Suggestion(UUID(row["invoice_id"]), row["number"], entry.amount,
                                       f"amount equals what is open on {row['number']}")
                        )  # fmt: skip
    return c.RecordBankEntry(
        f"bank:{entry.reference}",
        entry.reference,
        entry.booked_on,
        entry.amount,
        entry.currency,
        entry.payer,
        entry.payer_account,
        entry.remittance,
        UUID(company) if company else None,
        allocations,
        tuple(suggestions[:10]),
    )


def import_statement(ledger: Ledger, view: ReadModels, raw: bytes, name: str) -> Summary:
    summary = Summary()
    for entry in entries(raw, name):
        view.catch_up()  # earlier entries' allocations change what is open
        source = f"bank entry {entry.reference}"
        if ledger.find(bank_entry_id(entry.reference)) is not None:
            summary.add(Outcome(source, UNCHANGED))  # matched when first seen: as it was
            continue
        try:
            command = command_for(ledger, view, entry)
        except RecordError as error:
            summary.add(Outcome(source, FAILED, error.message))
            continue
        try:
            executed = ledger.run(command)
        except Conflict as error:
            if "already recorded" in error.message:
                summary.add(Outcome(source, UNCHANGED))
                continue
            summary.add(Outcome(source, FAILED, f"{error.code}: {error.message}"))
            continue
        except LedgerError as error:
            summary.add(Outcome(source, FAILED, f"{error.code}: {error.message}"))
            continue
        how = ("allocated" if command.allocations else
               f"{len(command.suggestions)} suggestion(s)" if command.company_id else
               "payer unknown: kept for AR")  # fmt: skip
        status = IMPORTED if executed.wrote else UNCHANGED  # by this run, not another
        summary.add(Outcome(source, status, how, result=executed.result))
    return summary
