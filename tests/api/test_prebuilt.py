"""PostgreSQL writes amounts exactly as the Python resolvers do.

`prebuilt.py` turns stored integer units into the API's decimal text in SQL. The page
tests in `test_fastpath.py` compare whole responses, but demo data has few currencies
and no sub-minor amounts; here every currency exponent, rounding ties, signs, zero,
NULL and the largest amounts are checked against `projections.schema.from_units`.
"""

from __future__ import annotations

import random

import psycopg
import pytest

from graphql_api import prebuilt
from ledger.money import MINOR_UNITS
from projections.schema import from_units

pytestmark = pytest.mark.postgres

EDGES = [0, 1, -1, 49, 50, 51, -50, -51, 99, 100, 101, 4999, 5000, 5001, -5000, -5001, 10_000]
BIG = [9_000_000_000_000_000_000, -9_000_000_000_000_000_000, 123_456_789_012_345_678]


def cases() -> list[tuple[int | None, str]]:
    draw = random.Random(7)
    currencies = ["EUR", "JPY", "BHD", "CLF", "GBP", "KWD", "ISK"]
    amounts = EDGES + BIG + [draw.randint(-(10**12), 10**12) for _ in range(400)]
    found: list[tuple[int | None, str]] = [(a, c) for a in amounts for c in currencies]
    return [*found, (None, "EUR"), (None, "JPY")]


def test_amounts_in_sql_equal_from_units(pg_server: str) -> None:
    assert {MINOR_UNITS[c] for c in ["EUR", "JPY", "BHD", "CLF"]} == {0, 2, 3, 4}
    given = cases()
    sql = (
        f"SELECT {prebuilt.units('s.x')} FROM unnest(%s::bigint[], %s::text[]) "
        f"WITH ORDINALITY AS i(x, currency, n) "
        f"CROSS JOIN LATERAL (SELECT i.x, {prebuilt.MINOR_SQL}) s ORDER BY i.n"
    )
    with psycopg.connect(pg_server) as conn:
        rows = conn.execute(sql, ([x for x, _ in given], [c for _, c in given])).fetchall()
    wrong = [
        (x, c, text, str(from_units(x, c)))
        for (x, c), (text,) in zip(given, rows, strict=True)
        if text != str(from_units(x, c))
    ]
    assert not wrong, wrong[:10]
