"""The schema's Decimal, Date and DateTime scalars, refusing bad values with BAD_INPUT.

Why not strawberry's own: its parsers raise errors without a code, which the schema
masks as "Unexpected error." and logs with a traceback, although the client simply
sent a bad value. And its Decimal takes whatever `decimal.Decimal()` takes: floats
(1.5 arrives as a binary fraction), `1_000`, Arabic-Indic or mathematical digits,
`NaN`. Amounts here go through `ledger.money.to_decimal`, the one parser every layer
uses, so the API accepts exactly what the ledger accepts: ASCII `-?digits(.digits)?`
as a string (or an integer).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from operator import methodcaller
from typing import Any

import dateutil.parser
import strawberry
from graphql import GraphQLError

from ledger.errors import LedgerError
from ledger.money import to_decimal

MAX_DECIMAL_TEXT = 64  # a quadrillion and 48 decimals; the message echoes the value


def refuse(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_INPUT"})


def parse_decimal(value: Any) -> decimal.Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise refuse(f'a Decimal is a string such as "12.50", not {type(value).__name__}')
    if isinstance(value, str) and len(value) > MAX_DECIMAL_TEXT:
        raise refuse(f"a Decimal has at most {MAX_DECIMAL_TEXT} characters")
    try:
        return to_decimal(value, "a Decimal")
    except LedgerError as error:
        raise refuse(error.message) from None


def from_text(parse: Callable[[str], Any], what: str, example: str) -> Callable[[Any], Any]:
    """A parser of ISO text that refuses anything else with a message naming the form."""

    def parse_value(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return parse(value)
            except (ValueError, OverflowError):
                pass
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
        raise refuse(f"not a {what}: {shown} (write it as e.g. {example})")

    return parse_value


Decimal = strawberry.scalar(
    name="Decimal",
    description="Decimal (fixed-point)",
    serialize=str,
    parse_value=parse_decimal,
)
Date = strawberry.scalar(
    name="Date",
    description="Date (isoformat)",
    serialize=methodcaller("isoformat"),
    parse_value=from_text(dt.date.fromisoformat, "date", '"2026-05-01"'),
)
DateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=methodcaller("isoformat"),
    parse_value=from_text(dateutil.parser.isoparse, "date and time", '"2026-05-01T09:30:00Z"'),
)
SCALAR_MAP: dict[object, Any] = {decimal.Decimal: Decimal, dt.date: Date, dt.datetime: DateTime}
