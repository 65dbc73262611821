"""`ArMetrics`: AR's company-wide figures, now or as of a moment, and their trend.

Every figure is computed by `projections.metrics` / `projections.trend` in a worker
thread (`in_views`); the as-of moment of `arMetrics(asOf:)` applies to all of them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import fail
from graphql_api.core.types import Money, in_views, perm, resolver
from graphql_api.cost import MAX_MONTHS
from graphql_api.credit.types import AgedDebt, aged_debt
from projections.history import Moment, aging
from projections.metrics import dso, value_in_dispute
from projections.trend import trend


@strawberry.type
class Dso:
    currency: str = perm("Dso", "currency")
    days: Decimal | None = perm("Dso", "days")


def dso_list(found: dict[str, Decimal | None]) -> list[Dso]:
    return [Dso(currency=cur, days=days) for cur, days in sorted(found.items())]


def money_list(found: dict[str, Decimal]) -> list[Money]:
    return [Money(amount=v, currency=cur) for cur, v in sorted(found.items())]


@strawberry.type
class ArMonth:
    """One calendar month of the trend; the last one ends at the as-of moment."""

    month: date = perm("ArMonth", "month")
    dso: list[Dso] = perm("ArMonth", "dso")
    collected: list[Money] = perm("ArMonth", "collected")
    due: list[Money] = perm("ArMonth", "due")


@strawberry.type
class ArMetrics:
    when: strawberry.Private[Moment | None]

    @resolver("ArMetrics", "dso")
    async def dso(self, info: Info) -> list[Dso]:
        when = self.when or Moment(at=info.context["now"])
        return dso_list(await in_views(info, lambda r: dso(r, when)))

    @resolver("ArMetrics", "valueInDispute")
    async def value_in_dispute(self, info: Info) -> list[Money]:
        return money_list(await in_views(info, value_in_dispute))

    @resolver("ArMetrics", "agedDebt")
    async def aged_debt(self, info: Info) -> list[AgedDebt]:
        when = self.when or Moment(at=info.context["now"])
        return aged_debt(await in_views(info, lambda r: aging(r, when)))

    @resolver("ArMetrics", "trend")
    async def trend(self, info: Info, months: int = 12) -> list[ArMonth]:
        """The last `months` calendar months (1 to 36), oldest first, ending with the
        month of the as-of moment: DSO at each month's end (the last: at the moment),
        payments received and invoice gross falling due in each, per currency."""
        if not 1 <= months <= MAX_MONTHS:
            raise fail(f"months must be between 1 and {MAX_MONTHS}", "BAD_INPUT", given=months)
        when = self.when or Moment(at=info.context["now"])
        found = await in_views(info, lambda r: trend(r, when, months))
        return [
            ArMonth(
                month=m.first,
                dso=dso_list(m.dso),
                collected=money_list(m.collected),
                due=money_list(m.due),
            )
            for m in found
        ]
