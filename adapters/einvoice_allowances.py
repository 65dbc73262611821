"""A line's discount as EN16931 writes it: an invoice line allowance (BG-27).

The ledger keeps a line's list price and its allowance apart (`ledger.lines`), and
so does the e-invoice: the price is the unit price, the allowance sits inside the
line (UBL `cac:AllowanceCharge`, CII `ram:SpecifiedTradeAllowanceCharge` in the
line's settlement), and the line net is quantity x price - allowance, the sum the
receiver checks (PEPPOL-EN16931-R120). Folding the allowance into the net alone
breaks that sum.

Every allowance the ledger books is a discount (Magento coupons and cart rules,
Sage line discounts), so its reason code is 95 (UNCL 5189 "Discount", from the
list CEN's BR-CL-19 accepts) and its reason is the one the source gave (a coupon
code, Sage's "discount"). The base amount and percentage go together or not at all
(PEPPOL-EN16931-R041, R042): both are written when the allowance is an exact
percentage of quantity x price (to 0.01 %), neither otherwise, rather than a
rounded percentage that does not give the amount back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledger.lines import Line
from ledger.money import Money, amount_text, round_to, times

DISCOUNT = "95"  # UNCL 5189
DISCOUNT_REASON = "Discount"  # when the source named none


def money(value: Decimal, currency: str) -> str:
    """For machines, at the currency's minor unit (`ledger.money.amount_text`)."""
    return amount_text(Money(value, currency))


def before_allowance(line: Line, currency: str) -> Decimal:
    """Quantity x price, rounded as the ledger rounds it before taking the allowance."""
    return round_to(times(line.quantity, line.unit_price), currency)


def exact_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole` with at most two decimals, if it is one."""
    if whole <= 0:
        return None
    percent = part * 100 / whole
    return percent if percent == percent.quantize(Decimal("0.01")) else None


def line_allowances(line: Line, currency: str) -> list[dict[str, str]]:
    """BG-27 of one line, as factur-x's data dictionary takes it (none if no discount)."""
    if not line.allowance:
        return []
    allowance: dict[str, str] = {
        "amount": money(line.allowance, currency),
        "reason_code": DISCOUNT,
        "reason": line.allowance_reason or DISCOUNT_REASON,
    }
    base = before_allowance(line, currency)
    percent = exact_percent(line.allowance, base)
    if percent is not None:
        allowance.update(base_amount=money(base, currency), rate=f"{percent.normalize():f}")
    return [allowance]


def allowance_terms(line: Line, currency: str) -> dict[str, Any]:
    """The line's BG-27 entry for its BG-25 item, or nothing."""
    found = line_allowances(line, currency)
    return {"BG-27": found} if found else {}
