"""Per-request DataLoaders: one SQL query per kind of thing per page, never per row."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from strawberry.dataloader import DataLoader

from graphql_api.db import Reader, Row
from graphql_api.invoices.credit_notes import CREDIT_NOTES_SQL


def one(reader: Reader, table: str, key: str) -> Callable[[list[str]], Awaitable[list[Row | None]]]:
    async def load(keys: list[str]) -> list[Row | None]:
        where, params = reader.in_list(key, keys)
        found = {
            r[key]: r for r in await reader.fetch(f"SELECT * FROM {table} WHERE {where}", params)
        }
        return [found.get(k) for k in keys]

    return load


def many(reader: Reader, sql: str, key: str) -> Callable[[list[str]], Awaitable[list[list[Row]]]]:
    async def load(keys: list[str]) -> list[list[Row]]:
        where, params = reader.in_list(key, keys)
        groups: dict[str, list[Row]] = {k: [] for k in keys}
        for row in await reader.fetch(sql.format(where=where), params):
            groups[row[key.split(".")[-1]]].append(row)
        return [groups[k] for k in keys]

    return load


@dataclass
class Loaders:
    company: DataLoader[str, Row | None]
    order: DataLoader[str, Row | None]
    user: DataLoader[str, Row | None]
    order_lines: DataLoader[str, list[Row]]
    invoice_lines: DataLoader[str, list[Row]]
    queries: DataLoader[str, list[Row]]
    messages: DataLoader[str, list[Row]]
    allocations: DataLoader[str, list[Row]]
    credit_notes: DataLoader[str, list[Row]]

    @classmethod
    def create(cls, reader: Reader) -> Loaders:
        return cls(
            company=DataLoader(one(reader, "companies", "company_id")),
            order=DataLoader(one(reader, "orders", "order_id")),
            user=DataLoader(one(reader, "users", "user_id")),
            order_lines=DataLoader(
                many(reader, "SELECT * FROM order_lines WHERE {where} ORDER BY seq", "order_id")
            ),
            invoice_lines=DataLoader(
                many(reader, "SELECT * FROM invoice_lines WHERE {where} ORDER BY seq", "invoice_id")
            ),
            queries=DataLoader(
                many(reader, "SELECT * FROM queries WHERE {where} ORDER BY raised_at", "invoice_id")
            ),
            messages=DataLoader(
                many(reader, "SELECT * FROM query_messages WHERE {where} ORDER BY seq", "query_id")
            ),
            allocations=DataLoader(
                many(
                    reader,
                    "SELECT a.*, p.reference, p.method, p.currency FROM allocations a "
                    "JOIN payments p ON p.payment_id = a.payment_id "
                    "WHERE {where} AND a.reversed = 0 ORDER BY a.position",
                    "a.invoice_id",
                )
            ),
            credit_notes=DataLoader(many(reader, CREDIT_NOTES_SQL, "i.invoice_id")),
        )
