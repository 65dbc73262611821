"""Imports and documents: Magento orders and Sage invoices from files, e-invoices per second.

    python bench/imports.py [--orders 100000] [--invoices 100000] [--documents 200]
                            [--pg-url postgresql://postgres@127.0.0.1:5432/test]

On PostgreSQL, in a fresh schema, with generated files in the real shapes:

1. `companies.json` (50 companies, 3 users each) is imported untimed.
2. `orders.json`: `--orders` Magento orders (1-3 items, 21 % tax, totals to the cent),
   imported with `adapters.magento.import_payload`: records/s.
3. `sales_invoices.json`: `--invoices` Sage invoices, one per imported order (so each
   is matched to its web order, line by line), imported with `adapters.sage`: records/s.
4. Baseline, same run, same database: the append bench's raw eventsourcing
   issue-invoice step (`bench/append.py`: read the company, write an invoice, a company
   event and a marker in one transaction) for `--baseline` commands: cmd/s. An import
   record costs one ledger command plus parsing, matching and checking, so the ratio
   says what the adapter adds on top of the cheapest correct write.
5. Documents: for `--documents` invoices, UBL, CII, PDF and Factur-X generation per
   second, and EN16931 validation (XSD + schematron) per second, apart.

Figures go to stdout with the machine line; nothing is asserted (a bench, not a test).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters import einvoice, magento, pdf, sage  # noqa: E402
from adapters.documents import load_document  # noqa: E402
from adapters.importing import load_json  # noqa: E402
from bench.append import run_steps  # noqa: E402
from bench.append_steps import Raw, raw_issue_step  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.store import environment  # noqa: E402

CENT = Decimal("0.01")
SKUS = [(f"SKU-{n:04d}", f"Article {n}", Decimal(random.Random(n).randint(100, 20000)) / 100)
        for n in range(300)]  # fmt: skip


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP))


def companies(count: int) -> dict[str, Any]:
    found: dict[str, Any] = {"companies": [], "customers": [], "hierarchy": {}}
    for n in range(1, count + 1):
        users = [1000 + n * 10 + k for k in range(3)]
        found["companies"].append({
            "id": n, "company_name": f"Buyer {n}", "legal_name": f"Buyer {n} B.V.",
            "company_email": f"ap@buyer{n}.example", "super_user_id": users[0],
            "vat_tax_id": f"NL{n:09d}B01", "street": [f"Street {n}"], "city": "Utrecht",
            "postcode": "3511 ED", "country_id": "NL",
            "extension_attributes": {"company_credit": {"credit_limit": "100000000"}},
        })  # fmt: skip
        for user in users:
            found["customers"].append({"id": user, "email": f"u{user}@buyer{n}.example",
                                       "firstname": "User", "lastname": str(user)})  # fmt: skip
        found["hierarchy"][str(n)] = [{"entity_id": users[0], "entity_type": "customer",
            "children": [{"entity_id": users[1], "entity_type": "customer", "children": [
                {"entity_id": users[2], "entity_type": "customer", "children": []}]}]}]  # fmt: skip
    return found


def orders(count: int, company_count: int, rng: random.Random) -> tuple[dict[str, Any], list[Any]]:
    items, plans = [], []
    for n in range(count):
        company = rng.randint(1, company_count)
        user = 1000 + company * 10 + rng.randint(0, 2)
        lines, exact = [], Decimal(0)
        for k, (sku, name, price) in enumerate(rng.sample(SKUS, rng.randint(1, 3))):
            qty = rng.randint(1, 20)
            net = (price * qty).quantize(CENT)
            # Magento's default TOTAL_BASE_CALCULATION: each row's rounding carries on
            before, exact = exact, exact + net * Decimal("0.21")
            tax = exact.quantize(CENT, ROUND_HALF_UP) - before.quantize(CENT, ROUND_HALF_UP)
            lines.append({"item_id": n * 10 + k, "sku": sku, "name": name, "qty_ordered": qty,
                          "price": price, "row_total": net, "discount_amount": 0,
                          "tax_percent": 21, "tax_amount": tax})  # fmt: skip
        net = sum((ln["row_total"] for ln in lines), Decimal(0))
        tax = sum((ln["tax_amount"] for ln in lines), Decimal(0))
        number = f"{100000000 + n}"
        items.append({
            "entity_id": 500000 + n, "increment_id": number, "state": "processing",
            "customer_email": f"u{user}@buyer{company}.example", "order_currency_code": "EUR",
            "subtotal": net, "tax_amount": tax, "shipping_amount": 0, "grand_total": net + tax,
            "items": lines,
            "extension_attributes": {"company_order_attributes": {"company_id": company}},
        })  # fmt: skip
        plans.append((number, company, lines, net, tax))
    return {"items": items, "total_count": count}, plans


def sage_invoices(plans: list[Any]) -> dict[str, Any]:
    items = []
    for n, (number, company, lines, net, _) in enumerate(plans):
        # Sage rounds each line's tax (the web order's rounding was Magento's)
        taxes = [(ln["row_total"] * Decimal("0.21")).quantize(CENT, ROUND_HALF_UP) for ln in lines]
        tax = sum(taxes, Decimal(0))
        items.append({
            "invoice_number": f"SI-{n + 1:07d}", "contact_reference": f"BUYER{company}",
            "date": "2026-11-05", "due_date": "2026-12-05", "reference": number,
            "currency": {"id": "EUR"}, "net_amount": money(net), "tax_amount": money(tax),
            "total_amount": money(net + tax), "payment_terms": 30,
            "invoice_lines": [{
                "id": f"d{k}", "description": ln["name"], "product": {"displayed_as": ln["sku"]},
                "quantity": str(ln["qty_ordered"]), "unit_price": str(ln["price"]),
                "net_amount": money(ln["row_total"]),
                "tax_rate": {"displayed_as": "Standard 21.00%"},
                "tax_amount": money(t),
                "total_amount": money(ln["row_total"] + t),
            } for k, (ln, t) in enumerate(zip(lines, taxes, strict=True))],
        })  # fmt: skip
    return {"$items": items, "$total": len(items)}


def write(path: Path, payload: Any) -> Path:
    path.write_text(json.dumps(payload, default=str))
    return path


def timed(what: str, count: int, work: Any) -> float:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    rate = count / seconds
    print(f"{what:<44} {count:>8,} in {seconds:7.1f} s = {rate:9,.0f} /s", flush=True)
    if hasattr(result, "counts"):  # an import summary
        print(f"{'':<44} {result.counts}")
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=3000)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg-url", default=os.environ.get(
        "ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))  # fmt: skip
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cpus; python {platform.python_version()}; load {load:.2f}; "
          f"orders {args.orders:,}, invoices {args.invoices:,}")  # fmt: skip
    schema = f"bench_import_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{args.pg_url}?schema={schema}"
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="arledger-bench-"))
    try:
        company_file = write(folder / "companies.json", companies(50))
        order_payload, plans = orders(args.orders, 50, rng)
        order_file = write(folder / "orders.json", order_payload)
        sage_file = write(folder / "sales_invoices.json", sage_invoices(plans[: args.invoices]))
        print(f"files: {order_file.stat().st_size / 1e6:.0f} MB orders, "
              f"{sage_file.stat().st_size / 1e6:.0f} MB invoices")  # fmt: skip
        ledger = Ledger(url)
        magento.import_payload(ledger, load_json(company_file.read_bytes(), "companies"))
        ours_orders = timed(
            "magento orders (parse + import)", args.orders,
            lambda: magento.import_payload(ledger, load_json(order_file.read_bytes(), "orders")),
        )  # fmt: skip
        ours_invoices = timed(
            "sage invoices (parse + match + import)", min(args.invoices, args.orders),
            lambda: sage.import_file(ledger, sage_file.read_bytes(), "sales_invoices.json"),
        )  # fmt: skip
        raw = Raw(env=environment(url))  # tables raw_events, beside ours
        step = raw_issue_step(raw)
        run_steps(step, 200)  # warm up
        seconds, _ = run_steps(step, args.baseline)
        baseline = args.baseline / seconds
        print(f"{'baseline: raw eventsourcing issue-invoice':<44} {args.baseline:>8,} in "
              f"{seconds:7.1f} s = {baseline:9,.0f} /s")  # fmt: skip
        print(
            f"ratio orders / baseline {ours_orders / baseline:.2f}; "
            f"invoices / baseline {ours_invoices / baseline:.2f}"
        )
        ids = [e.originator_id for e in ledger.all_events()
               if type(e).__qualname__ == "Invoice.Issued"][: args.documents]  # fmt: skip
        docs = [load_document(ledger, i) for i in ids]
        n = len(docs)
        timed("UBL (Peppol BIS 3) generation", n, lambda: [einvoice.ubl(d) for d in docs])
        timed("CII (EN16931) generation", n, lambda: [einvoice.cii(d) for d in docs])
        ubls = [einvoice.ubl(d) for d in docs]
        timed("UBL validation (XSD + schematron)", n,
              lambda: [einvoice.validate(x, einvoice.UBL) for x in ubls])  # fmt: skip
        from tests.oracles.schematron import receiver_findings  # Peppol's .sch, as the tests

        timed("UBL: CEN + Peppol rules from Peppol's .sch", n,
              lambda: [receiver_findings(x, einvoice.UBL) for x in ubls])  # fmt: skip
        timed("PDF rendering", n, lambda: [pdf.render_pdf(d) for d in docs])
        timed("Factur-X (PDF + CII embedded)", n, lambda: [pdf.facturx_pdf(d) for d in docs])
        ledger.close()
    finally:
        with psycopg.connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    return 0


if __name__ == "__main__":
    sys.exit(main())
