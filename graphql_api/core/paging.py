"""Connections for every list that grows: one generic `Connection[T]`, one pager.

Every paged list answers as `invoices` does: `first` (1 to MAX_PAGE, `page_size`'s
BAD_INPUT beyond), `after` an opaque cursor from `edges.cursor` or `pageInfo.endCursor`,
`totalCount` for the whole list. `invoices` pages in SQL (millions of rows); the lists
here are one company's or one thread's (hundreds), so they are read whole, in their
order, and paged by `page`: a cursor holds the row's sort key, and the next page is
the rows whose key comes after it, so a row added meanwhile never shifts a page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from graphql_api.core.inputs import decode_cursor, encode_cursor, fail, page_size
from graphql_api.core.types import PageInfo

T = TypeVar("T")
R = TypeVar("R")


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    """Named by strawberry from its node: `Connection[InvoiceQuery]` is
    `InvoiceQueryConnection`, its edges `InvoiceQueryEdge` (entries in the matrix)."""

    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def page(
    rows: Sequence[R],
    first: int,
    after: str | None,
    key: Callable[[R], list[Any]],
    node: Callable[[R], Any],
) -> Connection[Any]:
    """The page of `rows` (sorted ascending by `key`) after the cursor `after`."""
    page_size(first)
    following: Sequence[R] = rows
    if after:
        start = decode_cursor(after)
        try:
            following = [r for r in rows if key(r) > start]
        except TypeError:  # a cursor of another list
            raise fail("malformed cursor", "BAD_INPUT") from None
    edges = [Edge(cursor=encode_cursor(*key(r)), node=node(r)) for r in following[:first]]
    return Connection(
        edges=edges,
        total_count=len(rows),
        page_info=PageInfo(
            has_next_page=len(following) > first, end_cursor=edges[-1].cursor if edges else None
        ),
    )
