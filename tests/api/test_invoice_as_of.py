"""An invoice as of a moment is built from one definition of what a version holds:
the writer's (`projections.schema.INVOICE_VERSIONED`), not a second list in the API."""

from __future__ import annotations

import re

from graphql_api.invoices.sql import invoice_source
from projections.history import Moment
from projections.schema import TABLES, versioned


def test_an_invoice_as_of_a_moment_reads_every_column_its_history_version_keeps() -> None:
    sql, _ = invoice_source(Moment(position=5))
    from_version = set(re.findall(r"\bh\.(\w+)", sql.split(" FROM ")[0]))
    from_row = set(re.findall(r"\bi0\.(\w+)", sql.split(" FROM ")[0]))
    assert from_version == set(versioned("invoice_history"))
    # every column of an invoice, each read once: a version's, else the row's
    assert from_row | from_version == {name for name, _ in TABLES["invoices"].columns}
    assert from_row & from_version == set()
