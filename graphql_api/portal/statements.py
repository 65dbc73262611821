"""The statement PDF: `GET /documents/statements/{companyId}.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD`.

The figures `company.statement(from, to)` and `company.aging` answer on `/graphql`,
computed by the same read-model functions, rendered by `adapters.statement_pdf`. The
period defaults as on `/graphql` (from the first of `to`'s month, to today). Who may
have it is who may read `Company.statement` in the permission matrix (the finance
buyer of the company, AR, the auditor), for a company they see (`company_filter`, as
`company(id:)`): another company's answers as a missing one does, 404. Bad dates are
a 400 with code BAD_INPUT, as a bad variable is on `/graphql`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import anyio
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.seller import Seller
from adapters.statement_pdf import StatementDocument, render_statement
from graphql_api.permissions import MATRIX
from graphql_api.portal.documents import PREFIX, caller
from graphql_api.portal.sessions import refuse
from graphql_api.visibility import company_filter
from ledger.companies import Company
from projections.history import Moment, aging
from projections.metrics import statement

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def period(query: QueryParams, today: date) -> tuple[date, date]:
    """(from, to) of the query, defaulted as `Company.statement` does; ValueError says why not."""

    def day(name: str) -> date | None:
        text = query.get(name)
        if text is None or text == "":
            return None
        if not DAY.fullmatch(text):
            raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {text!r}")
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{name} is not a date in the calendar: {text!r}") from None

    end = day("to") or today
    start = day("from") or date(end.year, end.month, 1)
    if start > end:
        raise ValueError(f"from ({start}) is after to ({end})")
    return start, end


def render(service: Any, company_id: str, name: str, start: date, end: date) -> bytes:
    now = datetime.now(UTC)
    with service.views.rows() as (rows, _):
        lines = statement(rows, company_id, start, end)
        buckets = aging(rows, Moment(at=now), company_id)
    company = service.ledger.load(UUID(company_id))
    assert isinstance(company, Company)
    return render_statement(StatementDocument(
        seller=Seller.from_env(), company_name=name, billing=company.billing,
        currency=lines.currency, start=start, end=end, opening=lines.opening,
        closing=lines.closing, lines=lines.lines, aging=buckets.get(lines.currency, {}),
        today=now.date(),
    ))  # fmt: skip


def routes(service: Any) -> list[Route]:
    async def statement_pdf(request: Request) -> Response:
        name = request.path_params["name"]
        if not name.endswith(".pdf"):
            return refuse("NOT_FOUND", "ask for {companyId}.pdf", 404)
        raw = name.removesuffix(".pdf")
        viewer = await caller(service, request)
        if viewer is None:
            return refuse("UNAUTHENTICATED", "sign in or send a bearer token", 401)
        try:
            start, end = period(request.query_params, datetime.now(UTC).date())
        except ValueError as bad:
            return refuse("BAD_INPUT", str(bad), 400)
        if not viewer.has(*MATRIX["Company"]["statement"]):
            return refuse("FORBIDDEN", "your role may not read statements", 403)
        try:
            company_id = str(UUID(raw))
        except ValueError:
            company_id = ""
        visible, params = company_filter(viewer, "c.company_id")
        found = company_id and await service.reader.fetch(
            f"SELECT name FROM companies c WHERE c.company_id = %(id)s AND {visible}",
            {**params, "id": company_id},
        )
        if not found:
            return refuse("NOT_FOUND", f"company {raw} not found", 404)
        data = await anyio.to_thread.run_sync(
            render, service, company_id, found[0]["name"], start, end
        )
        disposition = f'attachment; filename="statement-{start}-{end}.pdf"'
        return Response(data, media_type="application/pdf",
                        headers={"Content-Disposition": disposition})  # fmt: skip

    return [Route(PREFIX + "statements/{name}", statement_pdf)]
