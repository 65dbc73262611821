"""What a request brings, checked once for every area: the viewer, text, ids,
cursors, an as-of moment and a page size, each refused with a coded error.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any
from uuid import UUID

import orjson
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
)
from strawberry.types import Info

from graphql_api.auth import Viewer as ViewerData
from ledger.errors import BadInput
from ledger.lines import check_text
from projections.history import Moment

MAX_PAGE = 100
EARLIEST_AS_OF, LATEST_AS_OF = 1900, 9000


def page_size(first: int) -> int:
    """`first` of every list: at least one, at most `MAX_PAGE` (the cost rule counts on it)."""
    if not 1 <= first <= MAX_PAGE:
        raise fail(f"first must be between 1 and {MAX_PAGE}", "BAD_INPUT")
    return first


def fail(message: str, code: str, **details: Any) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code, **details})


def viewer_of(info: Info) -> ViewerData:
    viewer: ViewerData | None = info.context["viewer"]
    if viewer is None:
        raise fail("authentication required: send a bearer token", "UNAUTHENTICATED")
    return viewer


def text(value: str, what: str) -> str:
    """User text (a search, a reason), by the ledger's one rule for text; whether it may
    be empty is the command's to say."""
    try:
        return check_text(value, what, required=False)
    except BadInput as error:
        raise fail(error.message, "BAD_INPUT") from None


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


def as_of_moment(info: Info, value: datetime | None) -> Moment | None:
    when = as_of(value)
    if when is not None and not viewer_of(info).has(
        "AUDITOR", "AR_MANAGER", "BUYER", "SALES", "CUSTOMER_SERVICE"
    ):
        raise fail("your role may not ask about the past", "FORBIDDEN")
    return when


def uuid(value: Any, what: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise fail(f"{what} not found", "NOT_FOUND") from None


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


async def finance_list(
    info: Info, table: str, newest: str, tie: str, status: Any, first: int
) -> list[dict[str, Any]]:
    """A work list for AR (auditors read it too): newest first, optionally by status."""
    viewer = viewer_of(info)
    if not viewer.has("AUDITOR", "AR_MANAGER"):
        raise fail("only AR managers and auditors see this list", "FORBIDDEN")
    page_size(first)
    where, params = "", {}
    if status is not None:
        where, params = "WHERE status = %(status)s", {"status": status.value}
    rows: list[dict[str, Any]] = await info.context["reader"].fetch(
        f"SELECT * FROM {table} {where} ORDER BY {newest} DESC, {tie} LIMIT {first}", params
    )
    return rows
