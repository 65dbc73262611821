"""`arledger import magento|sage|bank FILE`: bring records from the web store or the ERP in.

Prints one line per record that was not simply imported (failed, parked,
skipped), then the counts; exits 1 when any record failed. Re-running an import
writes nothing new.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from adapters.importing import IMPORTED, UNCHANGED, RecordError, Summary
from ledger.application import Ledger


def cmd_import(
    args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]
) -> int:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as error:
        print(f"error: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    ledger = open_ledger(args)
    try:
        summary = run(args, ledger, raw)
    except RecordError as error:
        print(f"error ({error.code}): {args.file}: {error.message}", file=sys.stderr)
        return 1
    finally:
        ledger.close()
    if args.json:
        print(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
    else:
        for outcome in summary.outcomes:
            if outcome.status not in (IMPORTED, UNCHANGED) or args.verbose:
                print(outcome.line())
        print(f"{args.source} {Path(args.file).name}: {summary.text()}")
    return 0 if summary.ok else 1


def run(args: argparse.Namespace, ledger: Ledger, raw: bytes) -> Summary:
    from adapters.importing import load_json

    if args.source == "magento":
        from adapters import magento
        from adapters.magento_tax import TaxConfig

        options = magento.Options(
            invoice_timing=args.invoice_timing,
            currency=args.currency,
            credit_limit=args.credit_limit,
            shipped_is_delivered=args.shipped_is_delivered,
            tax=TaxConfig(  # the store's Stores > Configuration > Sales > Tax settings
                algorithm=args.tax_algorithm,
                prices_include_tax=args.prices_include_tax,
                shipping_includes_tax=args.shipping_includes_tax,
                apply_after_discount=not args.tax_before_discount,
            ),
        )
        return magento.import_payload(ledger, load_json(raw, args.file), options)
    if args.source == "bank":
        from adapters import bank
        from cli.wiring import read_models

        return bank.import_statement(ledger, read_models(ledger), raw, args.file)
    from adapters import sage

    return sage.import_file(ledger, raw, args.file)


def add_commands(sub: Any, open_ledger: Callable[[argparse.Namespace], Ledger]) -> None:
    parser = sub.add_parser("import", help="import web store or ERP records from a file")
    sources = parser.add_subparsers(dest="source", required=True)
    m = sources.add_parser("magento", help="Magento 2 orders, invoices, shipments or companies")
    m.add_argument("file")
    m.add_argument(
        "--invoice-timing",
        choices=["STORE_INVOICE", "AT_ORDER", "AT_SHIPMENT"],
        default="STORE_INVOICE",
        help="when the web invoice is issued (default: when the store invoices)",
    )
    m.add_argument("--currency", default="EUR", help="currency of imported companies")
    m.add_argument("--credit-limit", default="50000", help="limit when Magento states none")
    m.add_argument("--shipped-is-delivered", action="store_true")
    m.add_argument(
        "--tax-algorithm",
        choices=["TOTAL_BASE_CALCULATION", "ROW_BASE_CALCULATION", "UNIT_BASE_CALCULATION"],
        default="TOTAL_BASE_CALCULATION",
        help="the store's tax/calculation/algorithm (default: Magento's, TOTAL_BASE)",
    )
    m.add_argument("--prices-include-tax", action="store_true", help="catalog prices incl. tax")
    m.add_argument("--shipping-includes-tax", action="store_true", help="shipping incl. tax")
    m.add_argument(
        "--tax-before-discount", action="store_true", help="tax on prices before discount"
    )
    s = sources.add_parser("sage", help="Sage sales invoices and credit notes (JSON or CSV)")
    s.add_argument("file")
    b = sources.add_parser("bank", help="bank statement: camt.054 or MT940")
    b.add_argument("file")
    for p in (m, s, b):
        p.add_argument("--json", action="store_true", help="print the summary as JSON")
        p.add_argument("-v", "--verbose", action="store_true", help="a line for every record")
        p.set_defaults(run=lambda args: cmd_import(args, open_ledger))
