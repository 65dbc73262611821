"""The GraphQL schema: queries over the read models, mutations through the ledger.

Reads: visibility is part of every SQL statement (`visibility.py`), fields are
guarded by the permission matrix, nested data goes through DataLoaders.
Writes: each mutation becomes one ledger command (all or nothing), keyed by
the caller's idempotency key namespaced by the caller, then waits until the
projections have applied it, so the response and the next read agree.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import anyio
import orjson
import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import AddValidationRules, ParserCache, SchemaExtension
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.schema.config import StrawberryConfig
from strawberry.types import Info

from adapters.importing import RecordError
from graphql_api import prebuilt, scalars
from graphql_api import types as t
from graphql_api.auth import Viewer as ViewerData
from graphql_api.cost import cost_rule
from graphql_api.fastpath import STATS, FastExecutionContext
from graphql_api.permissions import MUTATIONS, FieldPermissions
from graphql_api.refusals import CodedErrors, answerable
from graphql_api.visibility import STATUS_SQL, company_filter, invoice_filter
from ledger import commands as c
from ledger.card_payments import CardItem
from ledger.errors import IdempotencyMismatch, LedgerError
from ledger.payments import AdviceItem
from projections.history import Moment
from projections.views import ProjectionStalled

MAX_PAGE = 100
MAX_DEPTH = 10
EARLIEST_AS_OF, LATEST_AS_OF = 1900, 9000


def fail(message: str, code: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})


def viewer_of(info: Info) -> ViewerData:
    viewer: ViewerData | None = info.context["viewer"]
    if viewer is None:
        raise fail("authentication required: send a bearer token", "UNAUTHENTICATED")
    return viewer


def text(value: str, what: str) -> str:
    """User text that goes into SQL parameters: no NUL, valid Unicode, bounded."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(f"{what} is not valid Unicode", "BAD_INPUT") from None
    if "\x00" in value or len(value) > 200:
        raise fail(f"{what} must be at most 200 characters, without NUL", "BAD_INPUT")
    return value


def as_of(value: datetime | None) -> Moment | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise fail("asOf needs a timezone (e.g. 2026-05-01T00:00:00Z)", "BAD_INPUT")
    if not EARLIEST_AS_OF <= value.year <= LATEST_AS_OF:
        # Aging and DSO count days back and forth from asOf: near year 1 or 9999 the
        # dates leave Python's range. No ledger has books that old or that far ahead.
        raise fail(
            f"asOf must be between the years {EARLIEST_AS_OF} and {LATEST_AS_OF}", "BAD_INPUT"
        )
    return Moment(at=value)


def encode_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(parts)).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        raise fail("malformed cursor", "BAD_INPUT") from None
    if not isinstance(value, list):
        raise fail("malformed cursor", "BAD_INPUT")
    return value


def event_position(cursor: str) -> int:
    """The position a `ledgerEvents` cursor names: ours hold one int (a notification id)."""
    parts = decode_cursor(cursor)
    if len(parts) != 1 or type(parts[0]) is not int or not 0 <= parts[0] < 2**62:
        raise fail("malformed cursor", "BAD_INPUT")
    return parts[0]


INVOICE_STATIC = [
    "invoice_id",
    "source",
    "number",
    "order_id",
    "order_number",
    "ordered_by",
    "orderer_path",
    "company_id",
    "issue_date",
    "due_date",
    "terms_code",
    "net_days",
    "currency",
    "net",
    "tax",
    "delivered",
    "line_ids",
    "settled_at",
    "issued_at",
    "position",
]
INVOICE_VERSIONED = [
    "gross",
    "paid",
    "credited",
    "written_off",
    "open",
    "disputed",
    "open_disputes",
    "voided",
    "written_off_flag",
]


def invoice_source(when: Moment | None) -> tuple[str, dict[str, Any]]:
    """The invoices table, or its state as of a moment (static columns + a history version)."""
    if when is None:
        return "invoices", {}
    where, params = when.where()
    columns = ", ".join([f"i0.{n}" for n in INVOICE_STATIC] + [f"h.{n}" for n in INVOICE_VERSIONED])
    return (
        f"(SELECT {columns} FROM invoices i0 JOIN invoice_history h "
        f"ON h.invoice_id = i0.invoice_id WHERE {where.replace('valid_', 'h.valid_')})",
        params,
    )


def visible_invoices(
    info: Info, when: Moment | None, inner: str = ""
) -> tuple[str, dict[str, Any]]:
    """The viewer's invoices with their `status` as a subquery (rows `i`; `inner` adds
    columns computed from them), and its parameters."""
    source, source_params = invoice_source(when)
    visible, visible_params = invoice_filter(viewer_of(info))
    today = (when.at if when and when.at else info.context["now"]).date().isoformat()
    return (
        f"(SELECT i.*, {STATUS_SQL} AS status{inner} FROM {source} i WHERE {visible})",
        {**source_params, **visible_params, "today": today},
    )


async def select_invoices(
    info: Info,
    *,
    when: Moment | None,
    extra: str = "",
    params: dict[str, Any] | None = None,
    tail: str = "",
    columns: str = "*",
    inner: str = "",
) -> list[dict[str, Any]]:
    """`columns` of the visible invoice rows `s` that pass `extra`, in `tail`'s order."""
    rows, rows_params = visible_invoices(info, when, inner)
    return list(
        await info.context["reader"].fetch(
            f"SELECT {columns} FROM {rows} s WHERE 1 = 1 {extra} {tail}",
            {**rows_params, **(params or {})},
        )
    )


@strawberry.type
class Query:
    @strawberry.field
    async def viewer(self, info: Info) -> t.Viewer:
        viewer = viewer_of(info)
        company = None
        if viewer.company_id:
            row = await info.context["loaders"].company.load(viewer.company_id)
            company = t.CompanyRef(id=strawberry.ID(viewer.company_id), name=row["name"])
        return t.Viewer(
            id=strawberry.ID(viewer.id),
            email=viewer.email,
            name=viewer.name,
            roles=sorted(viewer.roles),
            company=company,
        )

    @strawberry.field
    async def invoices(
        self,
        info: Info,
        source: t.InvoiceSourceFilter = t.InvoiceSourceFilter.ALL,
        status: list[t.InvoiceStatus] | None = None,
        company_id: strawberry.ID | None = None,
        search: str | None = None,
        first: int = 50,
        after: str | None = None,
        as_of: datetime | None = None,
    ) -> t.InvoiceConnection:
        if not 1 <= first <= MAX_PAGE:
            raise fail(f"first must be between 1 and {MAX_PAGE}", "BAD_INPUT")
        when = as_of_moment(info, as_of)
        extra, params = "", {}
        if source != t.InvoiceSourceFilter.ALL:
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
            nodes = [t.Invoice.of(r) for r in rows]
            if nodes and selects(info, "edges", "node", "lines"):
                await t.preload_lines(info, nodes)
        if found:
            total = int(found[0]["total_count"])
        else:
            counts = await info.context["reader"].fetch(counted, params)
            total = int(counts[0]["n"])
        edges = [
            t.InvoiceEdge(cursor=encode_cursor(r["issue_date"], r["invoice_id"]), node=node)
            for r, node in zip(rows, nodes, strict=True)
        ]
        return t.InvoiceConnection(
            edges=edges,
            total_count=total,
            page_info=t.PageInfo(
                has_next_page=len(found) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )

    @strawberry.field
    async def invoice(
        self,
        info: Info,
        id: strawberry.ID,
        as_of: datetime | None = None,
    ) -> t.Invoice | None:
        found = await select_invoices(
            info,
            when=as_of_moment(info, as_of),
            extra=" AND invoice_id = %(id)s",
            params={"id": str(uuid(id, f"invoice {id}"))},
        )
        if not found:
            raise fail(f"invoice {id} not found", "NOT_FOUND")
        return t.Invoice.of(found[0])

    @strawberry.field
    async def company(
        self,
        info: Info,
        id: strawberry.ID,
        as_of: datetime | None = None,
    ) -> t.Company | None:
        viewer = viewer_of(info)
        visible, params = company_filter(viewer)
        found = await info.context["reader"].fetch(
            f"SELECT * FROM companies WHERE company_id = %(id)s AND {visible}",
            {**params, "id": str(uuid(id, f"company {id}"))},
        )
        if not found:
            raise fail(f"company {id} not found", "NOT_FOUND")
        return t.Company(row=found[0], as_of=as_of_moment(info, as_of))

    @strawberry.field
    async def ar_metrics(self, info: Info, as_of: datetime | None = None) -> ArMetrics:
        viewer_of(info)
        return ArMetrics(when=as_of_moment(info, as_of))

    @strawberry.field
    async def payment_suggestions(
        self, info: Info, status: t.BankEntryStatus | None = None, first: int = 50
    ) -> list[t.BankEntry]:
        """Bank statement entries and what they may pay (AR and auditors)."""
        rows = await finance_list(info, "bank_entries", "booked_on", "entry_id", status, first)
        return [t.BankEntry.of(row) for row in rows]

    @strawberry.field
    async def erp_exceptions(
        self, info: Info, status: t.ErpExceptionStatus | None = None, first: int = 50
    ) -> list[t.ErpException]:
        """ERP documents that could not be booked as they came (AR and auditors)."""
        rows = await finance_list(
            info, "erp_exceptions", "parked_at", "exception_id", status, first
        )
        return [t.ErpException.of(row) for row in rows]

    @strawberry.field
    async def ledger_events(
        self, info: Info, after: str | None = None, first: int = 100
    ) -> t.LedgerEventConnection:
        viewer = viewer_of(info)
        if not viewer.has("AUDITOR", "AR_MANAGER"):
            raise fail("only auditors and AR managers read the event log", "FORBIDDEN")
        if not 1 <= first <= MAX_PAGE:
            raise fail(f"first must be between 1 and {MAX_PAGE}", "BAD_INPUT")
        start = event_position(after) + 1 if after else 1
        ledger = info.context["ledger"]
        found = await anyio.to_thread.run_sync(
            ledger.recorder.select_notifications, start, first + 1
        )
        edges = []
        for n in found[:first]:
            data = t.event_data(n.state)
            node = t.LedgerEvent(
                position=n.id,
                type=n.topic.split(":")[-1],
                stream_id=strawberry.ID(str(n.originator_id)),
                occurred_at=datetime.fromisoformat(
                    data.get("timestamp", {}).get("_data_", "1970-01-01T00:00:00+00:00")
                ),
                hash=data.get("hash", ""),
                data=data,
            )
            edges.append(t.LedgerEventEdge(cursor=encode_cursor(n.id), node=node))
        return t.LedgerEventConnection(
            edges=edges,
            page_info=t.PageInfo(
                has_next_page=len(found) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )


def as_of_moment(info: Info, value: datetime | None) -> Moment | None:
    when = as_of(value)
    if when is not None and not viewer_of(info).has(
        "AUDITOR", "AR_MANAGER", "BUYER", "SALES", "CUSTOMER_SERVICE"
    ):
        raise fail("your role may not ask about the past", "FORBIDDEN")
    return when


def selects(info: Info, *path: str) -> bool:
    """Whether the query selects the field at `path` below this one (through fragments).

    Walks graphql-core's nodes: strawberry's `selected_fields` converts the whole
    selection below (arguments, directives) on every call."""
    raw = info._raw_info
    selections: list[Any] = [
        s for node in raw.field_nodes if node.selection_set for s in node.selection_set.selections
    ]
    for name in path:
        found: list[Any] = []
        while selections:
            selection = selections.pop()
            if isinstance(selection, FieldNode):
                if selection.name.value == name and selection.selection_set:
                    found.extend(selection.selection_set.selections)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = raw.fragments.get(selection.name.value)
                if fragment is not None:
                    selections.extend(fragment.selection_set.selections)
            else:  # an inline fragment
                selections.extend(selection.selection_set.selections)
        if not found:
            return False
        selections = found
    return True


def count_sql(info: Info, when: Moment | None, extra: str) -> tuple[str, dict[str, Any]]:
    rows, params = visible_invoices(info, when)
    return f"SELECT COUNT(*) AS n FROM {rows} s WHERE 1 = 1 {extra}", params


@strawberry.type
class ArMetrics:
    when: strawberry.Private[Moment | None]

    @t.resolver("ArMetrics", "dso")
    async def dso(self, info: Info) -> list[t.Dso]:
        from projections.metrics import dso

        when = self.when or Moment(at=info.context["now"])
        found = await t.in_views(info, lambda r: dso(r, when))
        return [t.Dso(currency=cur, days=days) for cur, days in sorted(found.items())]

    @t.resolver("ArMetrics", "valueInDispute")
    async def value_in_dispute(self, info: Info) -> list[t.Money]:
        from projections.metrics import value_in_dispute

        found = await t.in_views(info, value_in_dispute)
        return [t.Money(amount=v, currency=cur) for cur, v in sorted(found.items())]

    @t.resolver("ArMetrics", "agedDebt")
    async def aged_debt(self, info: Info) -> list[t.AgedDebt]:
        from projections.history import aging

        when = self.when or Moment(at=info.context["now"])
        return t.aged_debt(await t.in_views(info, lambda r: aging(r, when)))


# -- mutations ---------------------------------------------------------------------


@strawberry.input
class RaiseInvoiceQueryInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str
    message: str
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class ReplyToInvoiceQueryInput:
    idempotency_key: str
    query_id: strawberry.ID
    message: str


@strawberry.input
class ResolveInvoiceQueryInput:
    idempotency_key: str
    query_id: strawberry.ID
    outcome: str
    note: str = ""
    credit_amount: Decimal | None = None


@strawberry.input
class RemittanceItemInput:
    invoice_id: strawberry.ID
    amount: Decimal


@strawberry.input
class RemittanceAdviceInput:
    idempotency_key: str
    reference: str
    paid_on: date
    allocations: list[RemittanceItemInput]


@strawberry.input
class RecordPaymentInput:
    idempotency_key: str
    company_id: strawberry.ID
    amount: Decimal
    method: str
    reference: str = ""
    received_on: date | None = None
    currency: str | None = None  # defaults to the company's; another one is refused


@strawberry.input
class AllocationInput:
    invoice_id: strawberry.ID
    amount: Decimal
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class PayInvoicesByCardInput:
    idempotency_key: str
    items: list[AllocationInput]
    include_disputed: bool = False


@strawberry.input
class AllocatePaymentInput:
    idempotency_key: str
    payment_id: strawberry.ID
    allocations: list[AllocationInput]


@strawberry.input
class IssueCreditNoteInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str
    amount: Decimal | None = None
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class WriteOffInvoiceInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str


@strawberry.input
class SetCreditLimitInput:
    idempotency_key: str
    company_id: strawberry.ID
    limit: Decimal


@strawberry.input
class SetPeppolParticipantInput:
    """Where the company receives e-invoices: an EAS scheme (0088 GLN, 0208, 9930 VAT
    number, ...) and its id there."""

    idempotency_key: str
    company_id: strawberry.ID
    scheme: str
    identifier: str


@strawberry.input
class ResolveErpExceptionInput:
    idempotency_key: str
    exception_id: strawberry.ID
    company_id: strawberry.ID
    order_number: str | None = None


@strawberry.input
class AcceptPaymentSuggestionInput:
    idempotency_key: str
    entry_id: strawberry.ID
    invoice_id: strawberry.ID


@strawberry.input
class DismissBankEntryInput:
    idempotency_key: str
    entry_id: strawberry.ID
    reason: str


@strawberry.input
class DismissErpExceptionInput:
    idempotency_key: str
    exception_id: strawberry.ID
    reason: str


def uuid(value: Any, what: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise fail(f"{what} not found", "NOT_FOUND") from None


async def run(
    info: Info, mutation: str, make: Any = None, *, perform: Any = None
) -> t.MutationResult:
    """Check the role, build the command, execute it once, wait for the read side.

    `perform(ledger, viewer)`, instead of `make(viewer)`, is for work an adapter does
    with the ledger (it executes its own command), run in a worker thread.
    """
    viewer = viewer_of(info)
    if not viewer.roles & MUTATIONS[mutation]:
        raise fail(f"your role may not {mutation}", "FORBIDDEN")
    ledger, runner = info.context["ledger"], info.context["runner"]
    stall = info.context["stall"]() if "stall" in info.context else None
    if stall is not None:  # refuse before writing: the answer could not show the change
        raise fail(
            f"changes are paused: {stall}; nothing was written",
            "READ_SIDE_STALLED",
            position=stall.position,
        )
    if perform is None:
        command = make(viewer)
        perform = lambda ledger, _: ledger.execute(command)  # noqa: E731
    try:
        result = await anyio.to_thread.run_sync(perform, ledger, viewer)
    except RecordError as error:
        raise fail(error.message, error.code) from None
    except IdempotencyMismatch as error:
        raise mismatch(viewer, error) from None
    except LedgerError as error:
        details = {k: str(v) for k, v in error.details.items()}
        raise fail(error.message, error.code, **details) from None
    if runner is not None:
        try:
            await anyio.to_thread.run_sync(runner.wait, ledger.event_count(), 10.0)
        except ProjectionStalled as stalled:
            raise fail(
                f"your change was recorded, but {stalled.stall}",
                "READ_SIDE_STALLED",
                position=stalled.stall.position,
            ) from None
        except TimeoutError:
            raise fail(
                "your change was recorded, but the read models have not shown it within "
                "10 s; read again shortly",
                "READ_SIDE_LAGGING",
            ) from None
    return t.MutationResult(ok=True, result=result)


async def finance_list(
    info: Info, table: str, newest: str, tie: str, status: Any, first: int
) -> list[dict[str, Any]]:
    """A work list for AR (auditors read it too): newest first, optionally by status."""
    viewer = viewer_of(info)
    if not viewer.has("AUDITOR", "AR_MANAGER"):
        raise fail("only AR managers and auditors see this list", "FORBIDDEN")
    if not 1 <= first <= MAX_PAGE:
        raise fail(f"first must be between 1 and {MAX_PAGE}", "BAD_INPUT")
    where, params = "", {}
    if status is not None:
        where, params = "WHERE status = %(status)s", {"status": status.value}
    rows: list[dict[str, Any]] = await info.context["reader"].fetch(
        f"SELECT * FROM {table} {where} ORDER BY {newest} DESC, {tie} LIMIT {first}", params
    )
    return rows


def key(viewer: ViewerData, given: str) -> str:
    """Idempotency keys are per caller: two users can never collide. The steps a
    mutation takes on its behalf get keys no caller can give (`ledger.registry.derived_key`)."""
    if not given or len(given) > 200:
        raise fail("idempotencyKey must be 1 to 200 characters", "BAD_INPUT")
    return caller_prefix(viewer) + given


def caller_prefix(viewer: ViewerData) -> str:
    """What `key` puts before the key a caller gives: the namespace of their keys."""
    return f"api:{viewer.id}:"


def mismatch(viewer: ViewerData, error: IdempotencyMismatch) -> GraphQLError:
    """IDEMPOTENCY_MISMATCH with the key as the caller gave it, never its internal form.
    (A derived step's key cannot be refused for a caller's reuse; if it ever were, the
    answer names no key rather than an internal one.)"""
    mine = caller_prefix(viewer)
    if not error.key.startswith(mine):
        return fail(error.message, error.code)
    given = error.key[len(mine) :]
    return fail(
        f"idempotency key {given!r} was already used for a different request",
        error.code,
        idempotencyKey=given,
    )


async def visible_invoice(info: Info, invoice_id: Any) -> dict[str, Any]:
    found = await select_invoices(
        info,
        when=None,
        extra=" AND invoice_id = %(id)s",
        params={"id": str(uuid(invoice_id, f"invoice {invoice_id}"))},
    )
    if not found:
        raise fail(f"invoice {invoice_id} not found", "NOT_FOUND")
    return found[0]


async def visible_query(info: Info, query_id: Any) -> dict[str, Any]:
    found = await info.context["reader"].fetch(
        "SELECT * FROM queries WHERE query_id = %(id)s",
        {"id": str(uuid(query_id, f"query {query_id}"))},
    )
    if not found:
        raise fail(f"query {query_id} not found", "NOT_FOUND")
    await visible_invoice(info, found[0]["invoice_id"])
    return found[0]


async def visible_company(info: Info, company_id: Any) -> dict[str, Any]:
    visible, params = company_filter(viewer_of(info))
    found = await info.context["reader"].fetch(
        f"SELECT * FROM companies WHERE company_id = %(id)s AND {visible}",
        {**params, "id": str(uuid(company_id, f"company {company_id}"))},
    )
    if not found:
        raise fail(f"company {company_id} not found", "NOT_FOUND")
    return found[0]


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def raise_invoice_query(
        self,
        info: Info,
        input: RaiseInvoiceQueryInput,
    ) -> t.MutationResult:
        await visible_invoice(info, input.invoice_id)
        return await run(
            info,
            "raiseInvoiceQuery",
            lambda v: c.RaiseQuery(
                key(v, input.idempotency_key),
                uuid(input.invoice_id, "invoice"),
                v.email,
                input.reason,
                input.message,
                tuple(input.line_ids),
            ),
        )

    @strawberry.mutation
    async def reply_to_invoice_query(
        self,
        info: Info,
        input: ReplyToInvoiceQueryInput,
    ) -> t.MutationResult:
        await visible_query(info, input.query_id)
        return await run(
            info,
            "replyToInvoiceQuery",
            lambda v: c.PostQueryMessage(
                key(v, input.idempotency_key), uuid(input.query_id, "query"), v.email, input.message
            ),
        )

    @strawberry.mutation
    async def resolve_invoice_query(
        self,
        info: Info,
        input: ResolveInvoiceQueryInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "resolveInvoiceQuery",
            lambda v: c.ResolveQuery(
                key(v, input.idempotency_key),
                uuid(input.query_id, "query"),
                v.email,
                input.outcome,
                input.note,
                input.credit_amount,
            ),
        )

    @strawberry.mutation
    async def submit_remittance_advice(
        self,
        info: Info,
        input: RemittanceAdviceInput,
    ) -> t.MutationResult:
        viewer = viewer_of(info)
        items = []
        company_id = viewer.company_id
        for item in input.allocations:
            row = await visible_invoice(info, item.invoice_id)
            company_id = company_id or row["company_id"]
            items.append(AdviceItem(row["number"], item.amount))
        if company_id is None or not viewer.is_buyer:
            raise fail("remittance advice is sent by a buyer", "FORBIDDEN")
        return await run(
            info,
            "submitRemittanceAdvice",
            lambda v: c.SubmitRemittanceAdvice(
                key(v, input.idempotency_key),
                uuid(company_id, "company"),
                v.email,
                input.reference,
                input.paid_on,
                tuple(items),
            ),
        )

    @strawberry.mutation
    async def record_payment(
        self,
        info: Info,
        input: RecordPaymentInput,
    ) -> t.MutationResult:
        company = await visible_company(info, input.company_id)
        return await run(
            info,
            "recordPayment",
            lambda v: c.ReceivePayment(
                key(v, input.idempotency_key),
                uuid(input.company_id, "company"),
                input.method,
                input.amount,
                input.currency or company["currency"],
                input.reference,
                input.received_on,
            ),
        )

    @strawberry.mutation
    async def allocate_payment(
        self,
        info: Info,
        input: AllocatePaymentInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "allocatePayment",
            lambda v: c.AllocatePaymentToInvoices(
                key(v, input.idempotency_key),
                uuid(input.payment_id, "payment"),
                tuple(
                    c.Allocation(uuid(a.invoice_id, "invoice"), a.amount, tuple(a.line_ids))
                    for a in input.allocations
                ),
            ),
        )

    @strawberry.mutation
    async def issue_credit_note(
        self,
        info: Info,
        input: IssueCreditNoteInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "issueCreditNote",
            lambda v: c.IssueCreditNote(
                key(v, input.idempotency_key),
                uuid(input.invoice_id, "invoice"),
                input.reason,
                input.amount,
                tuple(input.line_ids),
            ),
        )

    @strawberry.mutation
    async def write_off_invoice(
        self,
        info: Info,
        input: WriteOffInvoiceInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "writeOffInvoice",
            lambda v: c.WriteOffInvoice(
                key(v, input.idempotency_key), uuid(input.invoice_id, "invoice"), input.reason
            ),
        )

    @strawberry.mutation
    async def set_credit_limit(
        self,
        info: Info,
        input: SetCreditLimitInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "setCreditLimit",
            lambda v: c.SetCreditLimit(
                key(v, input.idempotency_key), uuid(input.company_id, "company"), input.limit
            ),
        )

    @strawberry.mutation
    async def set_peppol_participant(
        self,
        info: Info,
        input: SetPeppolParticipantInput,
    ) -> t.MutationResult:
        return await run(
            info,
            "setPeppolParticipant",
            lambda v: c.SetPeppolParticipant(
                key(v, input.idempotency_key), uuid(input.company_id, "company"),
                input.scheme, input.identifier,
            ),
        )  # fmt: skip

    @strawberry.mutation
    async def resolve_erp_exception(
        self, info: Info, input: ResolveErpExceptionInput
    ) -> t.MutationResult:
        """Book a parked ERP invoice against the company AR chose (all or nothing)."""
        exception_id = uuid(input.exception_id, "ERP exception")
        company_id = uuid(input.company_id, "company")
        number = text(input.order_number or "", "order number")

        def perform(ledger: Any, viewer: ViewerData) -> Any:
            from adapters import sage

            return sage.resolve(
                ledger, exception_id, company_id, number, key(viewer, input.idempotency_key)
            )

        return await run(info, "resolveErpException", perform=perform)

    @strawberry.mutation
    async def dismiss_erp_exception(
        self, info: Info, input: DismissErpExceptionInput
    ) -> t.MutationResult:
        return await run(
            info,
            "dismissErpException",
            lambda v: c.DismissErpException(
                key(v, input.idempotency_key),
                uuid(input.exception_id, "ERP exception"),
                text(input.reason, "reason"),
                v.email,
            ),
        )

    @strawberry.mutation
    async def pay_invoices_by_card(
        self, info: Info, input: PayInvoicesByCardInput
    ) -> t.MutationResult:
        """Start a card payment for chosen invoices (and lines); disputed lines are left
        out unless asked for. Answers the provider's intent id and client secret; the
        invoices are paid when the provider confirms (webhook), not before."""
        viewer = viewer_of(info)
        if not input.items or len(input.items) > 50:
            raise fail("pay between 1 and 50 invoices at a time", "BAD_INPUT")
        items = []
        for item in input.items:
            await visible_invoice(info, item.invoice_id)  # NOT_FOUND unless the buyer sees it
            items.append(
                CardItem(
                    uuid(item.invoice_id, "invoice"),
                    item.amount,
                    tuple(text(i, "line id") for i in item.line_ids),
                )
            )

        def perform(ledger: Any, who: ViewerData) -> Any:
            from adapters import cards

            return cards.start(
                ledger, cards.StripeLike(), UUID(str(who.company_id)), who.email,
                tuple(items), input.include_disputed, key(who, input.idempotency_key),
            )  # fmt: skip

        if not viewer.company_id:
            raise fail("only buyers pay by card", "FORBIDDEN")
        return await run(info, "payInvoicesByCard", perform=perform)

    @strawberry.mutation
    async def accept_payment_suggestion(
        self, info: Info, input: AcceptPaymentSuggestionInput
    ) -> t.MutationResult:
        """Allocate a bank entry's payment to the invoice it was suggested for."""
        return await run(
            info,
            "acceptPaymentSuggestion",
            lambda v: c.AcceptBankSuggestion(
                key(v, input.idempotency_key),
                uuid(input.entry_id, "bank entry"),
                uuid(input.invoice_id, "invoice"),
                v.email,
            ),
        )

    @strawberry.mutation
    async def dismiss_bank_entry(
        self, info: Info, input: DismissBankEntryInput
    ) -> t.MutationResult:
        return await run(
            info,
            "dismissBankEntry",
            lambda v: c.DismissBankEntry(
                key(v, input.idempotency_key),
                uuid(input.entry_id, "bank entry"),
                text(input.reason, "reason"),
                v.email,
            ),
        )


def should_mask(error: GraphQLError) -> bool:
    """Mask what we did not raise on purpose: anything without an error code.

    graphql-core's own refusals of the request (syntax, validation, a variable its type
    cannot take, e.g. an Int beyond 32 bits) describe the request, not the server: they
    have no path, and no original error or a GraphQLError one. `refusals.CodedErrors`
    gives them a code."""
    original = error.original_error
    if original is None:
        return False
    if not isinstance(original, GraphQLError):
        return True
    return not (original.extensions or {}).get("code") and error.path is not None


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Log only what went wrong on our side; refusals with a code are normal traffic.
        Then make the list (the one the client gets) safe to answer with: some errors
        never pass the masking extension (`refusals.answerable`)."""
        unexpected = [e for e in errors if should_mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)
        errors[:] = [answerable(e, should_mask(e)) for e in errors]


class IntrospectionGate(SchemaExtension):
    """`__schema` and `__type` only for a caller with a valid token, in demo mode, or with
    ARLEDGER_INTROSPECTION=1 (the context's "introspection"); else a validation error.
    `__typename` stays open: it tells nothing about the schema."""

    def on_operation(self) -> Any:
        context = self.execution_context.context
        if not (isinstance(context, dict) and context.get("introspection", True)):
            rules = self.execution_context.validation_rules
            self.execution_context.validation_rules = (*rules, NoSchemaIntrospectionCustomRule)
        yield


# QueryDepthLimiter would build this rule class anew for every request; it is the same rule.
_DEPTH = create_validator(MAX_DEPTH, None)


class DEPTH_RULE(ValidationRule):
    """The depth limit, after refusing empty selection sets: graphql-core parses `{}` and
    `mutation {}`, and strawberry's depth walk then fails on them (`max()` of nothing),
    which answered "Unexpected error." for what is the client's mistake."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        empty = [n for n in _selection_sets(context.document) if not n.selections]
        if empty:
            context.report_error(
                GraphQLError(
                    "a selection set must name at least one field",
                    nodes=empty,
                    extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                )
            )
            return
        _DEPTH(context)


def _selection_sets(node: Any) -> Iterator[SelectionSetNode]:
    """Every selection set in a document, nested ones included."""
    for definition in getattr(node, "definitions", ()):
        yield from _selection_sets(definition)
    selection_set = getattr(node, "selection_set", None)
    if selection_set is not None:
        yield selection_set
        for selection in selection_set.selections:
            yield from _selection_sets(selection)


# The portal's invoice list costs 1,402, bench/api.py's page 4,152, the costliest query in
# the tests (a page of 50 invoices with every field) 44,455; 1000 aliased pages 4.4 M.
COST_BUDGET = 100_000
COST_RULE = cost_rule(COST_BUDGET, MAX_PAGE)

schema = Schema(
    query=Query,
    mutation=Mutation,
    types=[t.Company],
    execution_context_class=FastExecutionContext,
    extensions=[
        lambda: ParserCache(maxsize=512),
        lambda: AddValidationRules([DEPTH_RULE, COST_RULE]),
        IntrospectionGate,
        FieldPermissions,
        lambda: CodedErrors(should_mask_error=should_mask),
    ],
    config=StrawberryConfig(scalar_map=scalars.SCALAR_MAP),
)
