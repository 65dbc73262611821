"""AR figures for finance: DSO, value in dispute, statements, and a credit-risk score.

DSO (days sales outstanding), the count-back-free "standard" method:

    DSO = receivables open at the end of the period
          / gross invoiced during the period  x  days in the period

with a 90-day period by default, per currency (an overall figure across
currencies would need an exchange rate, which the ledger deliberately does not
have). No sales in the period gives no DSO (None), not infinity.

The credit-risk score is 0 (no concern) to 100 (stop supplying), the sum of
capped, named parts, so every point can be explained to a sales rep:

    lateness     up to 40   amount-weighted average days late of invoices paid
                            in the last 180 days, 1.5 points per day
    overdue      up to 20   share of open receivables more than 30 days past due
    partials     up to 10   share of paid invoices settled in more than one payment
    disputes     up to 10   share of invoices of the last 180 days ever disputed
    trend        -5 .. +10  average lateness of the last 90 days against the 90 before
    utilisation  up to 10   exposure above 90 % of the credit limit
    hold             10     the company is on hold now

As of a past moment the same parts are scored from the books as they stood then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from projections.history import Moment, moment_date
from projections.rows import Rows
from projections.schema import from_units, moment


def dso(
    rows: Rows,
    when: Moment,
    company_id: str | None = None,
    days: int = 90,
    today: date | None = None,
) -> dict[str, Decimal | None]:
    return dso_series(rows, [(when, today or moment_date(rows, when))], company_id, days)[0]


def dso_series(
    rows: Rows,
    moments: list[tuple[Moment, date]],
    company_id: str | None = None,
    days: int = 90,
) -> list[dict[str, Decimal | None]]:
    """DSO at each (moment, its business date), in one statement: the month-end figures
    of a trend cost one query whatever the number of months, with the rule written once."""
    parts: list[str] = []
    params: dict[str, Any] = {"company": company_id}
    company = "AND company_id = %(company)s" if company_id else ""
    for k, (when, end) in enumerate(moments):
        where, found = when.where(str(k))
        params |= found
        params[f"s{k}"] = (end - timedelta(days=days)).isoformat()
        params[f"e{k}"] = end.isoformat()
        parts.append(
            f"SELECT {k} AS k, currency, SUM(open) AS receivables, "
            f"SUM(CASE WHEN issue_date > %(s{k})s AND issue_date <= %(e{k})s THEN gross "
            "ELSE 0 END) AS sales "
            f"FROM invoice_history WHERE {where} AND voided = 0 {company} GROUP BY currency"
        )
    result: list[dict[str, Decimal | None]] = [{} for _ in moments]
    for row in rows.select(" UNION ALL ".join(parts), params) if parts else []:
        sales = Decimal(int(row["sales"] or 0))
        receivables = Decimal(int(row["receivables"] or 0))
        result[int(row["k"])][row["currency"]] = (
            None
            if sales == 0
            else (receivables / sales * days).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    return result


def value_in_dispute(rows: Rows, company_id: str | None = None) -> dict[str, Decimal]:
    company = "AND company_id = %(company)s" if company_id else ""
    found = rows.select(
        f"SELECT currency, SUM(disputed) AS disputed FROM invoices WHERE voided = 0 {company} "
        "GROUP BY currency",
        {"company": company_id},
    )
    return {r["currency"]: from_units(int(r["disputed"] or 0), r["currency"]) for r in found}


@dataclass
class Statement:
    company_id: str
    currency: str
    start: date
    end: date
    opening: Decimal
    lines: list[dict[str, Any]] = field(default_factory=list)
    closing: Decimal = Decimal(0)


def statement(rows: Rows, company_id: str, start: date, end: date) -> Statement:
    """Opening balance, every line in [start, end], closing balance (what the buyer owes)."""
    company = rows.select(
        "SELECT currency FROM companies WHERE company_id = %(id)s", {"id": company_id}
    )
    currency = company[0]["currency"] if company else "EUR"
    before = rows.select(
        "SELECT SUM(amount) AS total FROM statement_lines "
        "WHERE company_id = %(id)s AND on_date < %(start)s",
        {"id": company_id, "start": start.isoformat()},
    )
    opening = from_units(int(before[0]["total"] or 0), currency)
    found = rows.select(
        "SELECT * FROM statement_lines WHERE company_id = %(id)s "
        "AND on_date >= %(start)s AND on_date <= %(end)s ORDER BY on_date, position, seq",
        {"id": company_id, "start": start.isoformat(), "end": end.isoformat()},
    )
    result = Statement(company_id, currency, start, end, opening)
    balance = opening
    for row in found:
        amount = from_units(row["amount"], currency)
        balance += amount
        result.lines.append(
            {
                **row,
                "amount": amount,
                "applied": from_units(row["applied"], currency),
                "balance": balance,
            }
        )
    result.closing = balance
    return result


@dataclass
class RiskScore:
    company_id: str
    score: int
    parts: dict[str, int]
    reasons: list[str]


def _late_days(row: dict[str, Any]) -> int:
    return (date.fromisoformat(row["settled_at"][:10]) - date.fromisoformat(row["due_date"])).days


def _weighted_lateness(paid: list[dict[str, Any]]) -> Decimal:
    weight = sum(Decimal(r["gross"]) for r in paid)
    if not weight:
        return Decimal(0)
    return sum(Decimal(r["gross"]) * max(0, _late_days(r)) for r in paid) / weight


def _risk_inputs(
    rows: Rows, company_id: str, when: Moment | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The company's live invoices (with their payment and query counts) and its credit
    row, now or as they stood at `when`: invoices and credit from the history tables,
    payments and queries made by then, a settlement only if it had happened by then."""
    if when is None:
        invoices = rows.select(
            "SELECT i.*, (SELECT COUNT(*) FROM allocations a WHERE a.invoice_id = i.invoice_id "
            "AND a.reversed = 0) AS payments, "
            "(SELECT COUNT(*) FROM queries q WHERE q.invoice_id = i.invoice_id) AS queries "
            "FROM invoices i WHERE i.company_id = %(id)s AND i.voided = 0",
            {"id": company_id},
        )
        found = rows.select("SELECT * FROM companies WHERE company_id = %(id)s", {"id": company_id})
        return invoices, found[0]
    if when.at is None:  # payments and queries keep their time, not the log position
        raise ValueError("the risk score as it stood needs a time, not a log position")
    where, params = when.where()
    at = {"t": moment(when.at), "id": company_id}
    invoices = rows.select(
        "SELECT h.*, (SELECT i.settled_at FROM invoices i WHERE i.invoice_id = h.invoice_id "
        "AND h.open = 0 AND i.settled_at <= %(t)s) AS settled_at, "
        "(SELECT COUNT(*) FROM allocations a WHERE a.invoice_id = h.invoice_id "
        "AND a.reversed = 0 AND a.at <= %(t)s) AS payments, "
        "(SELECT COUNT(*) FROM queries q WHERE q.invoice_id = h.invoice_id "
        "AND q.raised_at <= %(t)s) AS queries "
        f"FROM invoice_history h WHERE h.company_id = %(id)s AND h.voided = 0 AND "
        f"{where.replace('valid_', 'h.valid_')}",
        {**params, **at},
    )
    found = rows.select(
        "SELECT h.*, c.currency FROM company_history h JOIN companies c "
        "ON c.company_id = h.company_id "
        f"WHERE h.company_id = %(id)s AND {where.replace('valid_', 'h.valid_')}",
        {**params, "id": company_id},
    )
    if not found:  # not a customer yet: nothing to score
        return [], {"currency": "", "uninvoiced": 0, "open_invoices": 0, "credit_limit": 0,
                    "on_hold": 0, "hold_reason": ""}  # fmt: skip
    return invoices, found[0]


def credit_risk(rows: Rows, company_id: str, today: date, when: Moment | None = None) -> RiskScore:
    """The score on `today`, from the books now, or (with `when`) as they stood then:
    `today` is then the moment's date."""
    invoices, company = _risk_inputs(rows, company_id, when)
    recent = [r for r in invoices if date.fromisoformat(r["issue_date"]) > today - timedelta(180)]
    paid = [r for r in recent if r["settled_at"]]
    parts: dict[str, int] = {}
    reasons: list[str] = []

    lateness = _weighted_lateness(paid)
    parts["lateness"] = min(40, int(lateness * Decimal("1.5")))
    if paid:
        reasons.append(f"pays on average {lateness:.1f} days late ({len(paid)} invoices, 180 days)")

    open_total = sum(r["open"] for r in invoices)
    late_total = sum(
        r["open"] for r in invoices if (today - date.fromisoformat(r["due_date"])).days > 30
    )
    parts["overdue"] = int(20 * late_total / open_total) if open_total else 0
    if late_total:
        reasons.append(
            f"{from_units(late_total, company['currency'])} {company['currency']} more than "
            "30 days overdue"
        )

    settled = [r for r in invoices if r["settled_at"]]
    split = [r for r in settled if int(r["payments"]) > 1]
    parts["partials"] = int(10 * len(split) / len(settled)) if settled else 0
    if split:
        reasons.append(f"{len(split)} of {len(settled)} paid invoices settled in parts")

    disputed = [r for r in recent if int(r["queries"]) > 0]
    parts["disputes"] = int(10 * len(disputed) / len(recent)) if recent else 0
    if disputed:
        reasons.append(f"{len(disputed)} of {len(recent)} recent invoices disputed")

    def window(lo: int, hi: int) -> list[dict[str, Any]]:
        return [
            r for r in paid if lo <= (today - date.fromisoformat(r["settled_at"][:10])).days < hi
        ]

    last, before = window(0, 90), window(90, 180)
    parts["trend"] = 0
    if last and before:
        change = _weighted_lateness(last) - _weighted_lateness(before)
        if change > 5:
            parts["trend"] = 10
            reasons.append(f"paying {change:.0f} days later than in the previous quarter")
        elif change < -5:
            parts["trend"] = -5
            reasons.append(f"paying {-change:.0f} days sooner than in the previous quarter")

    exposure = company["uninvoiced"] + company["open_invoices"]
    limit = company["credit_limit"]
    parts["utilisation"] = 10 if limit and exposure > limit * 9 // 10 else 0
    if parts["utilisation"]:
        reasons.append(f"uses {100 * exposure // limit}% of its credit limit")
    parts["hold"] = 10 if company["on_hold"] else 0
    if company["on_hold"]:
        reasons.append(f"on hold: {company['hold_reason']}")

    score = max(0, min(100, sum(parts.values())))
    return RiskScore(company_id, score, parts, reasons or ["no payment history yet"])
