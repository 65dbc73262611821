"""`Query.invoices` (a page, filtered and searched) and `Query.invoice`."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson
import strawberry
from strawberry.types import Info

from graphql_api import prebuilt
from graphql_api.core.inputs import (
    as_of_moment,
    decode_cursor,
    encode_cursor,
    fail,
    page_size,
    selects,
    text,
    uuid,
)
from graphql_api.core.types import PageInfo
from graphql_api.execution import STATS
from graphql_api.invoices.sql import count_sql, select_invoices, visible_invoice
from graphql_api.invoices.types import (
    Invoice,
    InvoiceConnection,
    InvoiceEdge,
    InvoiceSourceFilter,
    InvoiceStatus,
    preload_lines,
)


@strawberry.type
class InvoiceQueries:
    """Invoices the viewer may see, now or as of a moment."""

    @strawberry.field
    async def invoices(
        self,
        info: Info,
        source: InvoiceSourceFilter = InvoiceSourceFilter.ALL,
        status: list[InvoiceStatus] | None = None,
        company_id: strawberry.ID | None = None,
        search: str | None = None,
        first: int = 50,
        after: str | None = None,
        as_of: datetime | None = None,
        issued_from: date | None = None,
        issued_to: date | None = None,
    ) -> InvoiceConnection:
        page_size(first)
        when = as_of_moment(info, as_of)
        extra, params = "", {}
        if issued_from and issued_to and issued_from > issued_to:
            raise fail(
                f"issuedFrom {issued_from} is after issuedTo {issued_to}",
                "BAD_INPUT",
                issuedFrom=issued_from.isoformat(),
                issuedTo=issued_to.isoformat(),
            )
        if issued_from:  # issue dates are stored as ISO text: they compare as dates
            extra += " AND issue_date >= %(issued_from)s"
            params["issued_from"] = issued_from.isoformat()
        if issued_to:
            extra += " AND issue_date <= %(issued_to)s"
            params["issued_to"] = issued_to.isoformat()
        if source != InvoiceSourceFilter.ALL:
            extra += " AND source = %(source)s"
            params["source"] = source.value
        if status:
            names = {f"st{n}": s.value for n, s in enumerate(status)}
            extra += f" AND status IN ({', '.join(f'%({k})s' for k in names)})"
            params.update(names)
        if company_id is not None:
            extra += " AND company_id = %(company)s"
            params["company"] = str(uuid(company_id, "company"))
        if search:
            extra += " AND (lower(number) LIKE %(q)s OR lower(order_number) LIKE %(q)s)"
            params["q"] = f"%{text(search, 'search').lower()}%"
        counted, count_params = count_sql(info, when, extra)
        page_filter = extra
        if after:
            parts = decode_cursor(after)
            issue, invoice_id = [*parts, None, None][:2]
            page_filter += (
                " AND (issue_date < %(c_date)s OR (issue_date = %(c_date)s AND "
                "invoice_id < %(c_id)s))"
            )
            try:
                params.update(
                    c_date=date.fromisoformat(str(issue)).isoformat(),
                    c_id=str(UUID(str(invoice_id))),
                )
            except ValueError:
                raise fail("malformed cursor", "BAD_INPUT") from None
        # The total rides along with the page (one round trip, not two); it is counted
        # on its own only when the page is empty.
        total_column = f"({counted}) AS total_count"
        params.update(count_params)
        page = functools.partial(
            select_invoices,
            info,
            when=when,
            extra=page_filter,
            params=params,
            tail=f"ORDER BY issue_date DESC, invoice_id DESC LIMIT {first + 1}",
        )
        node_json = prebuilt.node_sql(info)
        if node_json is not None:
            found = await page(
                columns=f"s.issue_date, s.invoice_id, {node_json} AS node, {total_column}",
                inner=f", {prebuilt.MINOR_SQL}",
            )
            rows = found[:first]
            nodes: list[Any] = [orjson.Fragment(r["node"]) for r in rows]
            STATS["prebuilt"] += 1
        else:
            found = await page(columns=f"*, {total_column}")
            rows = found[:first]
            nodes = [Invoice.of(r) for r in rows]
            if nodes and selects(info, "edges", "node", "lines"):
                await preload_lines(info, nodes)
        if found:
            total = int(found[0]["total_count"])
        else:
            counts = await info.context["reader"].fetch(counted, params)
            total = int(counts[0]["n"])
        edges = [
            InvoiceEdge(cursor=encode_cursor(r["issue_date"], r["invoice_id"]), node=node)
            for r, node in zip(rows, nodes, strict=True)
        ]
        return InvoiceConnection(
            edges=edges,
            total_count=total,
            page_info=PageInfo(
                has_next_page=len(found) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )

    @strawberry.field
    async def invoice(
        self,
        info: Info,
        id: strawberry.ID,
        as_of: datetime | None = None,
    ) -> Invoice | None:
        return Invoice.of(await visible_invoice(info, id, as_of_moment(info, as_of)))
