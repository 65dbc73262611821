"""What the compiled executor (`fastpath.py`) and the prebuilt pages (`prebuilt.py`) share.

The executor runs a plan and, while it runs, names itself in `EXECUTOR`, so the
`invoices` resolver may ask PostgreSQL to serialise a page (`prebuilt.node_sql`); to
build that SQL, prebuilt asks the executor which fields are selected below a field
(`Subfields`). Both count what happened in `STATS`. Kept apart so that neither module
imports the other: prebuilt needs only this much of the executor.
"""

from __future__ import annotations

from collections import Counter
from contextvars import ContextVar
from typing import Any, Protocol

from graphql import GraphQLObjectType


class Subfields(Protocol):
    """An executor that can say which fields are selected on `type_` below `details`
    (graphql-core's FieldDetailsList), by response key, fragments expanded."""

    def subfields(self, type_: GraphQLObjectType, details: Any) -> dict[str, Any]: ...


# The compiled executor running this request, while it runs (None under graphql-core).
EXECUTOR: ContextVar[Subfields | None] = ContextVar("prebuilt_executor", default=None)

# How operations ran: "fast", "fallback" (fast path gave up, graphql-core answered),
# "general" (not compilable) or "off"; "prebuilt" pages. For tests and for anyone
# wondering whether it helps.
STATS: Counter[str] = Counter()
