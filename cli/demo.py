"""Realistic demo data, written through the same commands the API uses.

The demo plans a history of about five months (orders, web and ERP invoices,
deliveries, payments in full and in part, remittance advice, queries and
disputes, a bounced payment, a write-off) and runs it in time order with the
clock set to each moment, so aged debt, DSO and "as of" questions have
something real to chew on. Everything derives from a seed: same seed, same
books. Ids are derived from idempotency keys, so the plan knows them up front.

Who takes part (catalogue, staff, buyers) is `cli.demo_cast`; the timed steps and running
them, `cli.demo_steps`. Their public names are named here too (`demo.BUYERS`, `demo.run`),
as the CLI, the portal and the tests have always read them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from cli import demo_bank
from cli.demo_cast import BUYERS, CATALOG, STAFF, Buyer, billing, demo_buyers, parties, peppol
from cli.demo_steps import DemoResult, Plan, Step, run, summary
from ledger import commands as c
from ledger.commands import new_id
from ledger.invoices import erp_invoice_id
from ledger.lines import PER_LINE, PER_RATE_GROUP, Line, LineInput, price_lines, totals
from ledger.orders import order_id
from ledger.payments import AdviceItem

__all__ = ["BUYERS", "DemoResult", "Plan", "Step", "demo_buyers", "plan", "run", "summary"]


def plan(
    seed: int = 7,
    orders: int = 320,
    now: datetime | None = None,
    companies: int = 4,
    days: int = 150,
    tax_rule: str = PER_RATE_GROUP,
) -> list[Step]:
    """The demo's commands, each at its moment; `tax_rule` is the loading ledger's."""
    now = now or datetime.now(UTC)
    start = now - timedelta(days=days)
    p = Plan(seed)
    rng = p.rng
    buyers = parties(companies, rng)

    for n, buyer in enumerate(buyers):
        cmd = p.add(
            start,
            lambda k, b=buyer: c.RegisterCompany(
                k,
                b.name,
                b.currency,
                b.terms[0],
                b.terms[1],
                b.credit_limit,
                web_company_id="".join(ch for ch in b.name.lower() if ch.isalnum()),
                erp_account="C" + "".join(ch for ch in b.name.upper() if ch.isalnum())[:11],
                channels=b.channels,
                invoice_email=f"ap@{b.users[0][0].split('@')[1]}",
                billing=billing(b),
            ),
            f"company-{buyer.name}",
        )
        buyer.company_id = new_id(cmd, "company")
        scheme, identifier = peppol(buyer, n)
        p.add(
            start,
            lambda k, b=buyer, s=scheme, i=identifier: c.SetPeppolParticipant(
                k,
                b.company_id,
                s,
                i,  # type: ignore[arg-type]
            ),
            f"peppol-{buyer.name}",
        )
        for email, name, boss, view_all in buyer.users:
            p.add(
                start + timedelta(minutes=1),
                lambda k, b=buyer, e=email, n=name, r=boss, v=view_all: c.RegisterUser(
                    k,
                    b.company_id,
                    e,
                    n,
                    r,
                    v,  # type: ignore[arg-type]
                ),
                f"user-{email}",
            )
        buyer.buyers = [u[0] for u in buyer.users]
    acme = buyers[0].company_id
    for email, name, roles in STAFF:
        accounts = (acme,) if "SALES" in roles else ()
        p.add(
            start + timedelta(minutes=2),
            lambda k, e=email, n=name, r=roles, a=accounts: c.RegisterStaff(k, e, n, r, a),  # type: ignore[misc]
            f"staff-{email}",
        )

    weights = [5, 3, 2, 2] + [2] * (len(buyers) - 4)
    for n in range(orders):
        buyer = rng.choices(buyers, weights)[0]
        assert buyer.company_id is not None
        placed = start + timedelta(days=rng.uniform(1, days - 5), hours=rng.uniform(0, 8))
        lines = tuple(
            LineInput(
                str(i + 1),
                sku,
                text,
                Decimal(rng.choice([1, 2, 3, 5, 10, 12, 20, 40])),
                Decimal(price),
                Decimal("0.19") if buyer.currency == "EUR" else Decimal("0.20"),
            )
            for i, (sku, text, price) in enumerate(rng.sample(CATALOG, rng.randint(1, 4)))
        )
        number = f"{100000 + n}"
        p.group = number
        by = rng.choice(buyer.buyers)
        p.add(
            placed,
            lambda k, b=buyer, by=by, nb=number, ls=lines: c.PlaceOrder(
                k, b.company_id, by, nb, b.currency, ls
            ),
            f"order-{number}",
        )  # type: ignore[arg-type]
        oid = order_id(number)
        for line in lines:
            if rng.random() < 0.9:
                shipped = placed + timedelta(days=rng.uniform(0.5, 3))
                p.add(
                    shipped,
                    lambda k, o=oid, ln=line: c.ShipLine(k, o, ln.line_id, ln.quantity),
                    f"ship-{number}-{line.line_id}",
                )
                if rng.random() < 0.9:
                    p.add(
                        shipped + timedelta(days=rng.uniform(1, 4)),
                        lambda k, o=oid, ln=line: c.DeliverLine(k, o, ln.line_id, ln.quantity),
                        f"deliver-{number}-{line.line_id}",
                    )
        invoiced = placed + timedelta(days=rng.uniform(0.2, 4))
        if invoiced > now:
            continue
        if rng.random() < 0.65:
            inv = p.add(invoiced, lambda k, o=oid: c.InvoiceOrder(k, o), f"invoice-{number}")
            invoice_id = new_id(inv, "invoice")
            inv_number = None
            priced = price_lines(lines, buyer.currency, tax_rule)
        else:
            inv_number = f"SI-{20000 + n}"
            priced = price_lines(lines, buyer.currency, PER_LINE)  # as the ERP books it
            sums = totals(priced, buyer.currency)
            stated = tuple(
                LineInput(
                    x.line_id,
                    x.sku,
                    x.description,
                    x.quantity,
                    x.unit_price,
                    x.tax_rate,
                    x.net,
                    x.tax,
                    x.gross,
                )
                for x in priced
            )
            p.add(
                invoiced,
                lambda k, b=buyer, num=inv_number, nb=number, st=stated, s=sums, d=invoiced, u=by: (
                    c.RecordErpInvoice(
                        k,
                        b.company_id,
                        num,
                        nb,
                        d.date(),
                        b.currency,
                        st,  # type: ignore[arg-type]
                        s.net.amount,
                        s.tax.amount,
                        s.gross.amount,
                        ordered_by=u,
                    )
                ),
                f"erp-{inv_number}",
            )
            invoice_id = erp_invoice_id(inv_number)
        gross = totals(priced, buyer.currency).gross.amount
        _settle(p, buyer, invoice_id, inv_number or number, lines, priced, gross, invoiced, now)
    p.group = ""
    demo_bank.statement(p, buyers, now)
    for buyer in buyers:
        p.add(
            now - timedelta(minutes=1),
            lambda k, b=buyer: c.ReviewCredit(k, b.company_id),  # type: ignore[arg-type]
            f"review-{buyer.name}",
        )
    p.steps.sort()
    return [step for step in p.steps if step.at <= now]


def _settle(
    p: Plan,
    buyer: Buyer,
    invoice_id: UUID,
    ref: str,
    lines: tuple[LineInput, ...],
    priced: tuple[Line, ...],
    gross: Decimal,
    issued: datetime,
    now: datetime,
) -> None:
    """What happens to an invoice after issue: queries, payments, the odd mishap."""
    rng = p.rng
    if buyer.name.startswith("Initech"):
        return  # pays nothing: the demo's company on hold
    due = issued + timedelta(days=buyer.terms[1])
    disputed: LineInput | None = None
    accepted = False
    if rng.random() < 0.1 and len(lines) > 1:
        disputed = lines[-1]
        raised = issued + timedelta(days=rng.uniform(1, 10))
        if raised < now:
            q = p.add(
                raised,
                lambda k: c.RaiseInvoiceQuery(
                    k,
                    invoice_id,
                    buyer.buyers[-1],
                    rng.choice(["DAMAGED", "PRICING", "QUANTITY"]),
                    "Line arrived damaged — photos attached. Bitte prüfen.",
                    (disputed.line_id,),
                ),  # type: ignore[union-attr]
                f"query-{ref}",
            )
            query_id = new_id(q, "query")
            p.add(
                raised + timedelta(hours=3),
                lambda k: c.AssignInvoiceQuery(k, query_id, "cs@seller.example"),
                f"assign-{ref}",
            )
            p.add(
                raised + timedelta(hours=5),
                lambda k: c.ReplyToInvoiceQuery(
                    k, query_id, "cs@seller.example", "Thanks, we are checking with the warehouse."
                ),
                f"reply-{ref}",
            )
            accepted = rng.random() < 0.6
            outcome = "ACCEPTED" if accepted else "REJECTED"
            if raised < now - timedelta(days=25):  # recent ones are still in dispute
                p.add(
                    raised + timedelta(days=6),
                    lambda k: c.ResolveInvoiceQuery(
                        k, query_id, "ar@seller.example", outcome, "Resolved after review"
                    ),
                    f"resolve-{ref}",
                )
    paid_at = due + timedelta(days=rng.uniform(-12, 20))
    partial = disputed is not None or rng.random() < 0.12
    if partial:
        # First pay what is not in question, the rest later (unless it was credited).
        keep = [ln for ln in lines if ln is not disputed] if disputed else list(lines[:-1])
        rest = [ln for ln in lines if ln not in keep]
        _pay(p, buyer, invoice_id, ref, tuple(keep), priced, paid_at, now, "part")
        if rest and not accepted:
            _pay(
                p,
                buyer,
                invoice_id,
                ref,
                tuple(rest),
                priced,
                paid_at + timedelta(days=rng.uniform(7, 20)),
                now,
                "rest",
            )
        return
    payment = _pay(p, buyer, invoice_id, ref, lines, priced, paid_at, now, "full")
    if payment is not None and rng.random() < 0.02:
        p.add(
            paid_at + timedelta(days=3),
            lambda k: c.ReversePayment(k, payment, "returned by bank: insufficient funds"),
            f"bounce-{ref}",
        )
        _pay(p, buyer, invoice_id, ref, lines, priced, paid_at + timedelta(days=8), now, "again")


def _pay(
    p: Plan,
    buyer: Buyer,
    invoice_id: UUID,
    ref: str,
    lines: tuple[LineInput, ...],
    priced: tuple[Line, ...],
    at: datetime,
    now: datetime,
    what: str,
) -> UUID | None:
    """Pay these lines what the invoice holds for them (`priced`), with advice, and allocate.

    Per rate group a line's tax depends on its neighbours: priced alone it could differ.
    """
    if at > now or not lines:
        return None
    chosen = {ln.line_id for ln in lines}
    amount = sum((ln.gross for ln in priced if ln.line_id in chosen), Decimal(0))
    method = "CARD" if p.rng.random() < 0.2 else "BANK_TRANSFER"
    pay = p.add(
        at,
        lambda k: c.RecordPayment(
            k,
            buyer.company_id,
            method,
            amount,
            buyer.currency,  # type: ignore[arg-type]
            reference=f"RF{p.rng.randint(10**8, 10**9)} {ref}",
            advice=(AdviceItem(ref, amount),),
        ),
        f"pay-{what}-{ref}",
    )
    payment_id = new_id(pay, "payment")
    p.add(
        at + timedelta(hours=2),
        lambda k: c.AllocatePayment(
            k, payment_id, invoice_id, amount, tuple(ln.line_id for ln in lines)
        ),
        f"alloc-{what}-{ref}",
    )
    return payment_id
