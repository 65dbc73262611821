"""Schema-wide rules: error masking, the introspection gate, depth and cost limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import strawberry
from graphql import (
    GraphQLError,
    NoSchemaIntrospectionCustomRule,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from strawberry.extensions import SchemaExtension
from strawberry.extensions.query_depth_limiter import create_validator

from graphql_api.core.inputs import MAX_PAGE
from graphql_api.cost import cost_rule
from graphql_api.refusals import answerable

MAX_DEPTH = 10


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
