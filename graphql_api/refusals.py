"""Every error that describes the request carries a code, and none of them is logged.

graphql-core refuses a malformed request itself, without an error code: a syntax
error, a validation error (an unknown field, null for a non-null argument), or a
variable whose value its type cannot take (an Int beyond 32 bits, a missing
required variable). Clients branch on `extensions.code`, so those get one here:
GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED (Apollo's names for them) and
BAD_INPUT for variables. What the server did not mean to raise is still masked
(`schema.should_mask`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
MASKED = "Unexpected error."


def coded(error: GraphQLError, code: str) -> GraphQLError:
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions={**(error.extensions or {}), "code": code},
    )


def answerable(error: GraphQLError, masked: bool) -> GraphQLError:
    """The error as the client may see it, for the errors that never pass CodedErrors:
    ParserCache raises a syntax error from its own hook, and strawberry answers what
    escapes the extension hooks (a syntax error, an exception in a validation rule)
    outside the operation hook where MaskErrors runs."""
    if masked:
        return GraphQLError(MASKED, error.nodes, error.source, error.positions, error.path)
    if isinstance(error, GraphQLSyntaxError) and not (error.extensions or {}).get("code"):
        return coded(error, PARSE_FAILED)
    return error


class CodedErrors(MaskErrors):
    """MaskErrors, and a code for each request error that has none."""

    def __init__(self, should_mask_error: Callable[[GraphQLError], bool]) -> None:
        super().__init__(should_mask_error=should_mask_error, error_message=MASKED)
        self.invalid: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        self.invalid = {id(e) for e in self.execution_context.pre_execution_errors or ()}

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return [self.with_code(e) for e in super()._process_errors(errors)]

    def with_code(self, error: GraphQLError) -> GraphQLError:
        if (error.extensions or {}).get("code") or error.path is not None:
            return error  # ours, or masked: an execution error without a code is a bug
        if error.message == self.error_message:
            return error
        if isinstance(error, GraphQLSyntaxError):
            return coded(error, PARSE_FAILED)
        return coded(error, VALIDATION_FAILED if id(error) in self.invalid else "BAD_INPUT")
