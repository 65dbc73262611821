"""The read side's handlers come in families, one module per view family; an event two
families claim is refused when they are joined, because `project` applies one handler per
event and the other family's rows would silently stop being written."""

from __future__ import annotations

from typing import Any

import pytest

from ledger.invoices import Invoice
from projections.projector import FAMILIES, HANDLERS, joined
from projections.rows import Rows
from projections.writers.base import Family


def test_an_event_claimed_by_two_view_families_is_refused() -> None:
    invoices, reporting = Family("invoices"), Family("reporting")

    @invoices.on(Invoice.Issued)
    @reporting.on(Invoice.Issued)
    def issued(rows: Rows, e: Any, position: int) -> None: ...

    with pytest.raises(ValueError, match="Issued is handled by invoices and reporting"):
        joined([invoices, reporting])


def test_every_handled_event_belongs_to_exactly_one_family() -> None:
    claims = [cls for family in FAMILIES for cls in family.handlers]
    assert len(claims) == len(set(claims)) == len(HANDLERS)
