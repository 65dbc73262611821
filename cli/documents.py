"""`arledger invoice export` and `arledger post batch`: documents on disk.

    arledger invoice export INV-000123 --format pdf|ubl|cii|facturx -o FILE
    arledger post batch [--date 2026-11-25] -o batch.pdf

E-invoices are validated (EN16931 XSD and schematron) before they are written;
an invalid one is not written and the command fails naming the rules it broke.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ledger import clock
from ledger.application import Ledger


def cmd_export(
    args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]
) -> int:
    from adapters import einvoice, pdf
    from adapters.credit_notes import load_credit_note
    from adapters.documents import invoice_id_by_number, load_document
    from cli.wiring import read_models

    ledger = open_ledger(args)
    try:
        invoice_id = invoice_id_by_number(ledger, read_models(ledger), args.number)
        doc = load_document(ledger, invoice_id)
        if doc.number != args.number:  # the number of a credit note on that invoice
            doc = load_credit_note(ledger, invoice_id, args.number)
    finally:
        ledger.close()
    if args.format == "pdf":
        data = pdf.render_pdf(doc)
    else:
        write = {"ubl": einvoice.ubl, "cii": einvoice.cii, "facturx": einvoice.facturx_cii}
        xml = write[args.format](doc)
        report = einvoice.validate(xml, "ubl" if args.format == "ubl" else "cii")
        if not report.ok:
            print(f"error: {args.number} is not a valid {args.format.upper()} invoice:",
                  *report.errors, sep="\n  ", file=sys.stderr)  # fmt: skip
            return 1
        data = pdf.facturx_pdf(doc) if args.format == "facturx" else xml
    Path(args.output).write_bytes(data)
    print(f"{args.number}: {args.format} written to {args.output} ({len(data):,} bytes)")
    return 0


def cmd_post(args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]) -> int:
    from adapters import post
    from cli.wiring import read_models

    ledger = open_ledger(args)
    try:
        day = date.fromisoformat(args.date) if args.date else clock.today()
        batch = post.prepare(ledger, read_models(ledger), day)
        if batch.pdf is None:
            print(f"post {day}: nothing to print")
            return 0
        Path(args.output).write_bytes(batch.pdf)
        post.confirm(ledger, batch)  # only once the print file is on disk
    finally:
        ledger.close()
    print(json.dumps({**post.summary(batch), "file": args.output}))
    return 0


def add_commands(sub: Any, open_ledger: Callable[[argparse.Namespace], Ledger]) -> None:
    invoice = sub.add_parser("invoice", help="invoice documents")
    actions = invoice.add_subparsers(dest="action", required=True)
    export = actions.add_parser("export", help="write an invoice as PDF, UBL, CII or Factur-X")
    export.add_argument("number")
    export.add_argument("--format", choices=["pdf", "ubl", "cii", "facturx"], default="pdf")
    export.add_argument("-o", "--output", required=True)
    export.set_defaults(run=lambda args: cmd_export(args, open_ledger))
    post = sub.add_parser("post", help="paper invoices")
    post_actions = post.add_subparsers(dest="action", required=True)
    batch = post_actions.add_parser("batch", help="the day's print batch as one PDF")
    batch.add_argument("--date", help="YYYY-MM-DD (default: today)")
    batch.add_argument("-o", "--output", required=True)
    batch.set_defaults(run=lambda args: cmd_post(args, open_ledger))
