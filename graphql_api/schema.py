"""The GraphQL schema, stitched from its areas: each folder holds one business area's
types (`types.py`), queries (`schema.py`) and mutations (`mutations.py`), as Saleor's
`saleor/graphql/<area>/` does. A field's resolver is in the folder of its type's area:
`Invoice.payments` in `invoices/types.py`, `Mutation.recordPayment` in
`payments/mutations.py`, `Query.erpExceptions` in `erp/schema.py`.

Reads: visibility is part of every SQL statement (`visibility.py`), fields are guarded
by the permission matrix, nested data goes through DataLoaders. Writes: each mutation
becomes one ledger command through `core/mutations.run`.

The base classes are listed so that the fields come out in the order the committed SDL
(`schema.graphql`) has always had: strawberry takes the first base's fields first.
"""

from __future__ import annotations

import strawberry
from strawberry.extensions import AddValidationRules, ParserCache
from strawberry.schema.config import StrawberryConfig

from graphql_api import scalars
from graphql_api.account.schema import AccountQueries
from graphql_api.audit.schema import AuditQueries
from graphql_api.bank.mutations import BankMutations
from graphql_api.bank.schema import BankQueries
from graphql_api.core.inputs import MAX_PAGE
from graphql_api.core.rules import (
    COST_BUDGET,
    COST_RULE,
    DEPTH_RULE,
    IntrospectionGate,
    Schema,
    should_mask,
)
from graphql_api.credit.companies import CompanyQueries
from graphql_api.credit.mutations import CreditMutations
from graphql_api.credit.schema import CreditQueries
from graphql_api.credit.types import Company
from graphql_api.erp.mutations import ErpMutations
from graphql_api.erp.schema import ErpQueries
from graphql_api.fastpath import FastExecutionContext
from graphql_api.invoice_queries.mutations import InvoiceQueryMutations
from graphql_api.invoices.mutations import InvoiceMutations
from graphql_api.invoices.schema import InvoiceQueries
from graphql_api.nodes import NodeQueries
from graphql_api.payments.mutations import CardPaymentMutations, PaymentMutations
from graphql_api.payments.types import Payment
from graphql_api.permissions import FieldPermissions
from graphql_api.refusals import CodedErrors
from graphql_api.reminders.mutations import ReminderMutations
from graphql_api.reminders.schema import ReminderQueries

__all__ = ["COST_BUDGET", "COST_RULE", "DEPTH_RULE", "MAX_PAGE", "Mutation", "Query", "schema"]


@strawberry.type
class Query(
    AccountQueries,
    InvoiceQueries,
    CreditQueries,
    BankQueries,
    ErpQueries,
    AuditQueries,
    CompanyQueries,
    NodeQueries,
    ReminderQueries,
):
    pass


@strawberry.type
class Mutation(
    InvoiceQueryMutations,
    PaymentMutations,
    InvoiceMutations,
    CreditMutations,
    ErpMutations,
    CardPaymentMutations,
    BankMutations,
    ReminderMutations,
):
    pass


schema = Schema(
    query=Query,
    mutation=Mutation,
    types=[Company, Payment],
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
