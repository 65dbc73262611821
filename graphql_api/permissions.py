"""Who may read which field: the whole matrix, in one place.

Row-level visibility (which invoices a buyer or a sales rep sees) is applied in
the SQL of the resolvers (`graphql_api/visibility.py`); this matrix is the
field-level rule on top of it. Every field of every object type in the schema
must have an entry: `tests/` fails when a new field has none, and
`docs/permissions.md` is generated from here (`python -m graphql_api.permissions`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)
from graphql import (
    validate as validate_document,
)
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission

BUYER = "BUYER"
# A buyer authorised to view all of their company's invoices (the finance parent): the
# only buyer who may read company-wide figures, which would otherwise show invoices the
# hierarchy hides from them. `auth.load_viewer` gives it alongside BUYER.
BUYER_FINANCE = "BUYER_FINANCE"
AR = "AR_MANAGER"
SALES = "SALES"
CS = "CUSTOMER_SERVICE"
DELIVERY = "DELIVERY"
AUDITOR = "AUDITOR"
ROLES = (BUYER, BUYER_FINANCE, AR, SALES, CS, DELIVERY, AUDITOR)

EVERYONE = frozenset(ROLES)
PRICES = EVERYONE - {DELIVERY}  # amounts and prices: everyone but delivery
PAYMENTS = frozenset({BUYER, BUYER_FINANCE, AR, AUDITOR})  # not sales, cs, delivery
QUERIES = frozenset({BUYER, BUYER_FINANCE, AR, CS, AUDITOR})
# Company-wide figures sum every invoice of the company: for staff who see the account and
# for the buyer who may view all its invoices, never for a buyer who sees only a team's.
CREDIT = frozenset({BUYER_FINANCE, AR, SALES, AUDITOR})  # credit limit and status: not cs
RISK = frozenset({AR, SALES, AUDITOR})
FINANCE = frozenset({AR, AUDITOR})  # history, ledger events, company-wide metrics
ACCOUNT = frozenset({BUYER_FINANCE, AR, SALES, CS, AUDITOR})  # aging
# A statement lists every payment received (reference, amount, what it was applied to):
# it is payment details, wherever it sits, so it follows PAYMENTS, company-wide.
STATEMENT = PAYMENTS - {BUYER}

# The reminders area's fields (graphql_api/reminders/), both AR's and audit's (FINANCE).
DUE_REMINDER = ("invoiceId", "number", "company", "dueDate", "step", "channel", "amountDue",
                "paused", "pausedFor", "pauseReason", "pausedUntil", "willSend")  # fmt: skip
REMINDER_PAUSE = ("kind", "subjectId", "company", "invoiceNumber", "reason", "until",
                  "pausedBy", "pausedAt")  # fmt: skip

MATRIX: dict[str, dict[str, frozenset[str]]] = {
    "Viewer": dict.fromkeys(("id", "email", "name", "roles", "company"), EVERYONE),
    "Node": {"id": EVERYONE},  # `node(id:)` answers only what the viewer may see
    "Money": dict.fromkeys(("amount", "currency"), EVERYONE),
    "PageInfo": dict.fromkeys(("hasNextPage", "endCursor"), EVERYONE),
    "InvoiceConnection": dict.fromkeys(("edges", "pageInfo", "totalCount"), EVERYONE),
    "InvoiceEdge": dict.fromkeys(("cursor", "node"), EVERYONE),
    "Invoice": {
        **dict.fromkeys(
            (
                "id",
                "number",
                "source",
                "status",
                "order",
                "company",
                "customerId",
                "issueDate",
                "dueDate",
                "currency",
                "lines",
            ),
            EVERYONE,
        ),
        "paymentTerms": PRICES,
        **dict.fromkeys(("subtotal", "taxTotal", "total", "paid", "open", "disputed"), PRICES),
        "queries": QUERIES,
        "payments": PAYMENTS,
        "history": FINANCE,
        "creditNotes": PRICES,  # each carries its amount, as its documents do
    },
    "CreditNote": dict.fromkeys(("number", "issuedOn", "amount"), PRICES),
    "PaymentTerms": dict.fromkeys(("code", "netDays"), PRICES),
    "InvoiceLine": {
        **dict.fromkeys(
            ("id", "sku", "description", "quantity", "disputed", "delivered"), EVERYONE
        ),
        **dict.fromkeys(("unitPrice", "net", "tax", "total"), PRICES),
    },
    "Order": dict.fromkeys(("id", "number", "placedAt", "placedBy", "lines"), EVERYONE),
    "OrderLine": dict.fromkeys(
        ("id", "sku", "description", "quantity", "shipped", "delivered"), EVERYONE
    ),
    "Person": dict.fromkeys(("id", "email", "name"), EVERYONE),
    "CompanyRef": dict.fromkeys(("id", "name"), EVERYONE),
    "Company": {
        "id": EVERYONE,
        "name": EVERYONE,
        "invoices": EVERYONE,  # rows as `invoices(companyId:)`
        "queries": QUERIES,
        "payments": STATEMENT,  # payments received: company-wide payment details
        "balance": ACCOUNT,
        "overdue": ACCOUNT,
        "creditStatus": CREDIT,
        "aging": ACCOUNT,
        "statement": STATEMENT,
        "creditRisk": RISK,
    },
    # Connections (`core/paging.py`): who reaches one is decided by the field holding it.
    **{
        f"{node}{part}": dict.fromkeys(fields, EVERYONE)
        for node in ("Company", "InvoiceQuery", "Payment", "QueryMessage", "StatementLine")
        for part, fields in (
            ("Connection", ("edges", "pageInfo", "totalCount")),
            ("Edge", ("cursor", "node")),
        )
    },
    "CreditStatus": dict.fromkeys(
        ("limit", "exposure", "available", "onHold", "holdReason"), CREDIT
    ),
    "AgedDebt": dict.fromkeys(
        ("currency", "current", "days1To30", "days31To60", "days61To90", "days90Plus"), ACCOUNT
    ),
    "Statement": dict.fromkeys(("opening", "lines", "linesPage", "closing"), STATEMENT),
    "StatementLine": dict.fromkeys(
        ("date", "kind", "document", "reference", "amount", "applied", "balance"), STATEMENT
    ),
    "CreditRisk": dict.fromkeys(("score", "grade", "reasons"), RISK),
    "ArMetrics": dict.fromkeys(("dso", "valueInDispute", "agedDebt", "trend"), FINANCE),
    "ArMonth": dict.fromkeys(("month", "dso", "collected", "due"), FINANCE),
    "Dso": dict.fromkeys(("currency", "days"), FINANCE),
    "InvoiceQuery": {
        **dict.fromkeys(
            (
                "id",
                "reason",
                "status",
                "lineIds",
                "disputed",
                "messages",
                "messagesPage",
                "outcome",
            ),
            QUERIES,
        ),
        "assignedTo": frozenset({AR, CS, AUDITOR}),  # the seller's own work: not the buyer's
    },
    "QueryMessage": dict.fromkeys(("side", "author", "body", "at"), QUERIES),
    "InvoicePayment": dict.fromkeys(("paymentId", "amount", "at", "reference", "method"), PAYMENTS),
    "Payment": dict.fromkeys(
        (
            "id",
            "companyId",
            "amount",
            "unapplied",
            "method",
            "reference",
            "receivedOn",
            "reversed",
            "appliedTo",
        ),
        PAYMENTS,
    ),
    "PaymentApplication": dict.fromkeys(("invoiceId", "amount", "at"), PAYMENTS),
    # Only a `payInvoicesByCard` payload holds one (buyers call it): payment details.
    "CardPaymentIntent": dict.fromkeys(
        ("cardPaymentId", "intentId", "clientSecret", "amount"), PAYMENTS
    ),
    "InvoiceVersion": dict.fromkeys(
        ("position", "at", "open", "paid", "status", "invoiceStatus"), FINANCE
    ),
    "LedgerEventConnection": dict.fromkeys(("edges", "pageInfo"), FINANCE),
    "LedgerEventEdge": dict.fromkeys(("cursor", "node"), FINANCE),
    "LedgerEvent": dict.fromkeys(
        ("position", "type", "streamId", "occurredAt", "hash", "data"), FINANCE
    ),
    "MutationResult": dict.fromkeys(("ok", "result", "errors"), EVERYONE),
    "UserError": dict.fromkeys(("code", "message", "field", "figures"), EVERYONE),
    "BankEntry": dict.fromkeys(
        (
            "id",
            "reference",
            "bookedOn",
            "amount",
            "payer",
            "payerAccount",
            "remittance",
            "companyId",
            "paymentId",
            "status",
            "suggestions",
            "note",
        ),
        FINANCE,
    ),
    "PaymentSuggestion": dict.fromkeys(("invoiceId", "number", "amount", "reason"), FINANCE),
    # Reminders (dunning) and AR's pauses of them: who works the money in, and audit.
    "DueReminder": dict.fromkeys(DUE_REMINDER, FINANCE),
    "ReminderPause": dict.fromkeys(REMINDER_PAUSE, FINANCE),
    "ErpException": dict.fromkeys(
        (
            "id",
            "source",
            "number",
            "reason",
            "status",
            "document",
            "parkedAt",
            "closedAt",
            "invoiceId",
            "companyId",
            "note",
        ),
        FINANCE,
    ),
}

# Mutations: who may call them (row-level checks happen in the ledger and resolvers).
MUTATIONS: dict[str, frozenset[str]] = {
    "raiseInvoiceQuery": frozenset({BUYER}),
    "replyToInvoiceQuery": frozenset({BUYER, AR, CS}),
    "assignInvoiceQuery": frozenset({AR, CS}),
    "resolveInvoiceQuery": frozenset({AR}),
    "submitRemittanceAdvice": frozenset({BUYER, AR}),
    "recordPayment": frozenset({AR}),
    "allocatePayment": frozenset({AR}),
    "issueCreditNote": frozenset({AR}),
    "writeOffInvoice": frozenset({AR}),
    "setCreditLimit": frozenset({AR}),
    "setPeppolParticipant": frozenset({AR}),
    "resolveErpException": frozenset({AR}),
    "dismissErpException": frozenset({AR}),
    "acceptPaymentSuggestion": frozenset({AR}),
    "payInvoicesByCard": frozenset({BUYER}),
    "dismissBankEntry": frozenset({AR}),
    "pauseReminders": frozenset({AR}),
    "resumeReminders": frozenset({AR}),
}


# What each mutation's payload carries besides ok, result and errors (`payloads.py`
# builds the types from this): the objects it changed, and a card payment's intent. Who
# reads a payload's fields is who may call the mutation; each object's own fields keep
# their entries above.
PAYLOADS: dict[str, tuple[str, ...]] = {
    "raiseInvoiceQuery": ("query", "invoice"),
    "replyToInvoiceQuery": ("query",),
    "assignInvoiceQuery": ("query",),
    "resolveInvoiceQuery": ("query", "invoice"),
    "submitRemittanceAdvice": ("payment", "invoices"),
    "recordPayment": ("payment", "company"),
    "allocatePayment": ("payment", "invoices"),
    "issueCreditNote": ("invoice",),
    "writeOffInvoice": ("invoice",),
    "setCreditLimit": ("company",),
    "setPeppolParticipant": ("company",),
    "resolveErpException": ("invoice", "company"),
    "dismissErpException": (),
    "acceptPaymentSuggestion": ("bankEntry", "payment", "invoice"),
    "payInvoicesByCard": ("invoices", "intent"),
    "dismissBankEntry": ("bankEntry",),
    "pauseReminders": ("invoice", "company"),
    "resumeReminders": ("invoice", "company"),
}
MATRIX.update(
    {
        f"{m[0].upper()}{m[1:]}Payload": dict.fromkeys(
            ("ok", "result", "errors", *objects), EVERYONE
        )
        for m, objects in PAYLOADS.items()
    }
)


class FieldPermissions(SchemaExtension):
    """Checks every selected field against the matrix before anything executes.

    One walk over the query document per request, instead of a permission hook on
    every resolved value (a page of 50 invoices resolves thousands of fields). A
    query that asks for a field the viewer's roles may not read is refused as a
    whole, with one FORBIDDEN error per such field, so nothing partial leaks.
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            viewer = (context.context or {}).get("viewer")
            roles = viewer.roles if viewer is not None else None
            # The rules depend on whether introspection is open (schema.IntrospectionGate).
            key = (context.query, roles, bool((context.context or {}).get("introspection", True)))
            errors = _CHECKED.get(key)
            if errors is None:
                errors = validate_document(
                    context.schema._schema, document, context.validation_rules
                )
                if not errors and roles is not None:
                    errors = forbidden(context.schema._schema, document, roles)
                if context.query is not None:
                    _CHECKED[key] = errors
                    if len(_CHECKED) > CHECKED_MAX:
                        del _CHECKED[next(iter(_CHECKED))]  # the oldest
            context.pre_execution_errors = list(errors)
        yield


# Validation and the permission walk depend only on the query text, the roles and whether
# introspection is open, and
# portals send the same few queries over and over: checking each once saves about a
# fifth of a request. Bounded, oldest out first.
CHECKED_MAX = 512
_CHECKED: dict[tuple[str | None, frozenset[str] | None, bool], list[GraphQLError]] = {}


def forbidden(
    schema: GraphQLSchema, document: DocumentNode, roles: frozenset[str]
) -> list[GraphQLError]:
    info = TypeInfo(schema)
    errors: list[GraphQLError] = []

    class Check(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            parent = info.get_parent_type()
            name = node.name.value
            if parent is None or name.startswith("__") or parent.name not in MATRIX:
                return
            allowed = MATRIX[parent.name].get(name, frozenset())
            if not roles & allowed:
                errors.append(
                    GraphQLError(
                        f"your role may not read {parent.name}.{name}",
                        nodes=[node],
                        extensions={"code": "FORBIDDEN"},
                    )
                )

    visit(document, TypeInfoVisitor(info, Check()))
    return errors


def field_permissions(type_name: str, field_name: str) -> list[type[BasePermission]]:
    """Permission hooks for one field: none, as `FieldPermissions` checks the whole query
    up front; but the field must have a matrix entry (KeyError otherwise)."""
    MATRIX[type_name][field_name]
    return []


def markdown() -> str:
    lines = [
        "# Who sees what",
        "",
        "Generated from `graphql_api/permissions.py` (`python -m graphql_api.permissions`).",
        "Row-level rules come first: a buyer sees invoices of orders they placed, plus those",
        "of users below them in the company hierarchy, or the whole company if allowed to",
        "view all; sales see their assigned companies; other staff see all companies.",
        "BUYER_FINANCE is a buyer allowed to view all of the company's invoices (every such",
        "buyer has BUYER too): only they, of the buyers, read company-wide figures (credit",
        "status, aging, statement), which would otherwise sum invoices hidden from them.",
        "Another company's id answers NOT_FOUND, exactly as a missing id does.",
        "",
        "| Type.field | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for type_name, fields in MATRIX.items():
        for name, roles in fields.items():
            marks = " | ".join("yes" if r in roles else "—" for r in ROLES)
            lines.append(f"| {type_name}.{name} | {marks} |")
    lines += [
        "",
        "## Mutations",
        "",
        "| Mutation | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for name, roles in MUTATIONS.items():
        lines.append(
            f"| {name} | " + " | ".join("yes" if r in roles else "—" for r in ROLES) + " |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
