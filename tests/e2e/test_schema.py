"""The schema contract: committed SDL, a permission entry for every field, bounded SQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphql import GraphQLObjectType

from cli import demo
from graphql_api import db
from graphql_api.auth import load_viewer
from graphql_api.loaders import Loaders
from graphql_api.permissions import MATRIX, markdown
from graphql_api.schema import schema
from ledger.application import Ledger
from projections import views

ROOT = Path(__file__).resolve().parents[2]


def test_committed_sdl_matches_the_schema() -> None:
    committed = (ROOT / "graphql_api" / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "schema drifted: run python -m graphql_api.sdl"


def test_every_field_has_a_permission_entry() -> None:
    missing = []
    for name, gql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in ("Query", "Mutation"):
            continue
        if isinstance(gql_type, GraphQLObjectType):
            missing += [f"{name}.{f}" for f in gql_type.fields if f not in MATRIX.get(name, {})]
    assert missing == []


def test_permissions_doc_is_generated_from_the_matrix() -> None:
    committed = (ROOT / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert committed == markdown(), "run: python -m graphql_api.permissions > docs/permissions.md"


def test_a_page_costs_a_bounded_number_of_queries(sqlite_url: str) -> None:
    ledger = Ledger(sqlite_url)
    demo.run(ledger, demo.plan(seed=2, orders=150))
    view = views.open_views(sqlite_url)
    views.catch_up(ledger, view)
    query = (
        "query($n: Int!) { invoices(first: $n) { totalCount edges { node { number "
        "lines { sku total { amount } } company { name } order { number placedBy { email } "
        "lines { shipped } } queries { messages { body } } payments { amount { amount } } "
        "} } } }"
    )

    def count(first: int) -> tuple[int, int]:
        queries, data = asyncio.run(execute(sqlite_url, ledger, view, query, {"n": first}))
        return queries, len(data["invoices"]["edges"])

    small, big = count(5), count(100)
    assert big[1] == 100
    assert small[0] <= 12 and big[0] <= 12  # a handful of queries, for 5 or for 100 invoices
    ledger.close()


def test_the_total_is_counted_for_an_empty_page_too(sqlite_url: str) -> None:
    """The total comes with the page's rows; a page with none counts on its own."""
    ledger = Ledger(sqlite_url)
    demo.run(ledger, demo.plan(seed=2, orders=40))
    view = views.open_views(sqlite_url)
    views.catch_up(ledger, view)
    query = "query($a: String) { invoices(first: 100, after: $a) { totalCount edges { cursor } } }"
    _, whole = asyncio.run(execute(sqlite_url, ledger, view, query, {"a": None}))
    total, edges = whole["invoices"]["totalCount"], whole["invoices"]["edges"]
    assert total == len(edges) > 0
    _, past = asyncio.run(execute(sqlite_url, ledger, view, query, {"a": edges[-1]["cursor"]}))
    assert past["invoices"] == {"totalCount": total, "edges": []}
    ledger.close()


async def execute(
    url: str, ledger: Ledger, view: Any, query: str, variables: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """Runs `query` as the AR manager; the SQL queries it took and its data."""
    reader = await db.connect(url)
    viewer = await load_viewer(reader, "ar@seller.example")
    reader.queries = 0
    context: dict[str, Any] = {
        "viewer": viewer,
        "reader": reader,
        "loaders": Loaders.create(reader),
        "ledger": ledger,
        "runner": None,
        "views": view,
        "now": datetime.now(UTC),
    }
    result = await schema.execute(query, variable_values=variables, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return reader.queries, result.data
