"""One definition of an invoice's status: the read side's SQL says what the domain says.

A grid of every combination of the facts the status depends on (open or settled,
paid, credited, disputed, due yesterday / today / tomorrow, voided, written off):
192 invoice rows stored in the real `invoices` read model on SQLite and PostgreSQL,
read back through the API's own reader and `STATUS_SQL`, and compared one by one
with `ledger.status.status_of`.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import anyio
import pytest

from graphql_api import db
from graphql_api.visibility import STATUS_SQL
from ledger.status import FACTS, RULE, STATUSES, InvoiceFacts, status_of, status_sql
from projections import views
from projections.schema import TABLES

TODAY = date(2026, 5, 15)
DUE = {"yesterday": TODAY - timedelta(days=1), "today": TODAY, "tomorrow": TODAY + timedelta(1)}
FLAGS = ("settled", "paid", "credited", "disputed", "voided", "written_off")


def grid() -> list[tuple[dict[str, bool], date]]:
    return [
        (dict(zip(FLAGS, values, strict=True)), due)
        for values in itertools.product((False, True), repeat=len(FLAGS))
        for due in DUE.values()
    ]


def invoice_row(n: int, flags: dict[str, bool], due: date) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(name for name, _ in TABLES["invoices"].columns)
    row.update(
        invoice_id=f"grid-{n:03}",
        due_date=due.isoformat(),
        open=0 if flags["settled"] else 1250000,
        paid=3000000 if flags["paid"] else 0,
        credited=500000 if flags["credited"] else 0,
        open_disputes=1 if flags["disputed"] else 0,
        voided=int(flags["voided"]),
        written_off_flag=int(flags["written_off"]),
        line_ids="",
    )
    return row


def expected(flags: dict[str, bool], due: date) -> str:
    return status_of(InvoiceFacts(**flags, overdue=due < TODAY))


def statuses_in_sql(url: str) -> dict[str, str]:
    async def read() -> dict[str, str]:
        reader = await db.connect(url)
        try:
            found = await reader.fetch(
                f"SELECT i.invoice_id, {STATUS_SQL} AS status FROM invoices i",
                {"today": TODAY.isoformat()},
            )
        finally:
            await reader.close()
        return {r["invoice_id"]: r["status"] for r in found}

    return anyio.run(read)


def test_the_grid_is_every_combination_of_the_facts() -> None:
    cases = grid()
    assert len(cases) == 2 ** len(FLAGS) * len(DUE) == 192
    assert set(FLAGS) | {"overdue"} == set(FACTS)
    assert {expected(flags, due) for flags, due in cases} == set(STATUSES)


def test_sql_status_equals_the_domain_status_for_every_combination(store_url: str) -> None:
    view = views.open_views(store_url)
    cases = grid()
    with view.rows() as (rows, _):
        for n, (flags, due) in enumerate(cases):
            rows.put("invoices", invoice_row(n, flags, due))
        rows.flush()
    in_sql = statuses_in_sql(store_url)
    wrong = {
        f"grid-{n:03} {flags} due {due}": (in_sql[f"grid-{n:03}"], expected(flags, due))
        for n, (flags, due) in enumerate(cases)
        if in_sql[f"grid-{n:03}"] != expected(flags, due)
    }
    assert wrong == {}
    assert len(in_sql) == 192


def test_every_row_of_the_rule_names_a_status_the_api_lists() -> None:
    assert {row.status for row in RULE} | {"OPEN"} == set(STATUSES)


def test_the_sql_rule_refuses_a_fact_it_has_no_predicate_for() -> None:
    with pytest.raises(ValueError, match="overdue"):
        status_sql({f: "1 = 1" for f in FACTS if f != "overdue"})
