"""Credit control: the hold review every change of exposure ends with, the credit limit.

A company is placed on hold, or released, as the numbers say on the day of the command
(`Company.review_hold`); every handler that changes what a company owes calls `review`
in the same transaction, so the hold decision is never made on stale figures.
"""

from __future__ import annotations

from ledger import clock
from ledger import commands as c
from ledger.companies import Company
from ledger.handlers.table import Result, handles
from ledger.money import Money
from ledger.session import Session


def review(session: Session, company: Company) -> None:
    company.review_hold(clock.today(), session.policy.overdue_days)


@handles(c.SetCreditLimit)
def set_credit_limit(session: Session, cmd: c.SetCreditLimit) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_credit_limit(Money.of(cmd.credit_limit, company.currency, "credit limit").amount)
    review(session, company)
    return {"company_id": str(company.id), "on_hold": company.on_hold}


@handles(c.ReviewCredit)
def review_credit(session: Session, cmd: c.ReviewCredit) -> Result:
    company = session.get(Company, cmd.company_id)
    review(session, company)
    return {"company_id": str(company.id), "on_hold": company.on_hold}
