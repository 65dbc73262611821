"""A first attempt decides on this process's cache and the write checks what it read.

Two `Ledger`s on one schema stand for two processes: each has its own cache, so each can
hold a state the other has since changed. The write must refuse to commit a decision made
on a moved stream (or on a stream taken as never written that now exists), and a command
refused on cached state must be decided again on fresh reads before it is answered.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import Company
from ledger.errors import LedgerError
from ledger.orders import order_id
from tests.builders import company, key, line

pytestmark = pytest.mark.postgres


def _new_user(ledger: Ledger, company_id: UUID) -> Any:
    """An aggregate to write, with pending events, that no other stream depends on."""
    from ledger.users import User

    return User.register(company_id, f"{uuid.uuid4().hex[:8]}@checks.example", "Check", None, False)


def test_a_write_is_refused_when_a_stream_it_read_has_moved(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    buyer = company(ledger, "Acme")
    head = ledger.load(buyer.company_id).version
    count = ledger.event_count()

    with pytest.raises(IntegrityError, match="moved since it was read"):
        ledger.save(_new_user(ledger, buyer.company_id), expected=[(buyer.company_id, head - 1)])
    with pytest.raises(IntegrityError, match="moved since it was read"):  # taken as absent
        ledger.save(_new_user(ledger, buyer.company_id), expected=[(buyer.company_id, None)])
    assert ledger.event_count() == count  # nothing of a refused write is stored

    ledger.save(
        _new_user(ledger, buyer.company_id),
        expected=[(buyer.company_id, head), (uuid.uuid4(), None)],
    )
    assert ledger.event_count() == count + 1  # the refused writes drew no log id: no hole


def test_a_command_reads_no_aggregate_it_has_cached(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    buyer = company(ledger, "Acme")
    reads: list[UUID] = []
    select = ledger.recorder.select_events

    def counted(originator_id: UUID, **kwargs: Any) -> Any:
        reads.append(originator_id)
        return select(originator_id, **kwargs)

    ledger.recorder.select_events = counted  # type: ignore[method-assign]

    def erp_invoice(number: str) -> None:
        ledger.execute(
            c.RecordErpInvoice(
                key(),
                buyer.company_id,
                number,
                f"SO-{number}",
                _day(),
                "EUR",
                (line("1"),),
                Decimal("100.00"),
                Decimal("21.00"),
                Decimal("121.00"),
            )
        )

    erp_invoice("SI-1")
    reads.clear()
    erp_invoice("SI-2")  # the company is cached at its head: only the order is looked up
    assert reads == [order_id("SO-SI-2")]  # a stream never written: nothing to cache
    assert ledger.load(buyer.company_id).version > 0
    assert ledger.verify().ok


def test_two_processes_each_decide_on_what_the_other_wrote(pg_url: str) -> None:
    a, b = Ledger(pg_url), Ledger(pg_url)
    buyer = company(a, "Acme", limit="1000")

    def order(ledger: Ledger) -> dict[str, Any]:
        return ledger.execute(
            c.PlaceOrder(key(), buyer.company_id, buyer.email, key("SO"), "EUR", (line("1"),))
        )

    order(a)  # a caches the company: open, room under its limit
    b.execute(c.SetCreditLimit(key(), buyer.company_id, "1"))  # b puts it on hold
    with pytest.raises(LedgerError) as refused:
        order(a)  # a's cache says open; the write's check sends it back to fresh reads
    assert refused.value.code == "COMPANY_ON_HOLD"
    held: Company = a.load(buyer.company_id)  # type: ignore[assignment]
    assert held.on_hold

    b.execute(c.SetCreditLimit(key(), buyer.company_id, "100000"))  # b releases it
    placed = order(a)  # a's cache says on hold: the refusal is re-decided, not answered
    assert placed["order_id"]
    assert a.verify().ok and b.verify().ok


def _day() -> Any:
    from datetime import date

    return date(2026, 11, 2)
