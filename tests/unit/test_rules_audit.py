"""What `verify` says about a stored history: each way of tampering is named at the first
bad event, and the seal an auditor keeps is exactly SHA-256 over the hashes in log order.

Found by the mutation run over `ledger/audit.py` (issue 16): its tamper tests were integration
tests, so a broken version or link check, a wrong count or a wrong seal went unnoticed by the
fast tests. The store here is the in-memory one; tampering rewrites its stored records the way
someone with write access to a database would.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from ledger.application import Ledger
from ledger.audit import Problem
from ledger.chain import GENESIS, event_digest
from tests.builders import allocate, company, line, payment, web_invoice


def history(ledger: Ledger) -> None:
    """A buyer, an invoice of 96.80 and a payment allocated to it in full."""
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    allocate(ledger, payment(ledger, buyer, "96.80"), invoice_id, "96.80")


def stored(ledger: Ledger) -> list[StoredEvent]:
    records: list[StoredEvent] = ledger.recorder._stored_events  # type: ignore[attr-defined]
    return records


def position_of(ledger: Ledger, topic: str) -> int:
    """Log position (1-based) of the only stored event whose topic ends with `topic`."""
    [position] = [i for i, s in enumerate(stored(ledger), 1) if s.topic.endswith(topic)]
    return position


def rewrite(ledger: Ledger, position: int, **fields: Any) -> None:
    """Change fields of the stored event at `position` (its hash stays, unless given)."""
    record = stored(ledger)[position - 1]
    event = ledger.mapper.to_domain_event(record)
    for name, value in fields.items():
        object.__setattr__(event, name, value)
    stored(ledger)[position - 1] = ledger.mapper.to_stored_event(event)


def test_an_untouched_history_verifies_and_its_seal_is_sha256_over_the_hashes(
    ledger: Ledger,
) -> None:
    history(ledger)
    seen: list[Any] = []
    verification = ledger.verify(on_event=seen.append, seals_at=(0, 3, ledger.event_count()))
    hashes = [e.hash for e in ledger.all_events()]

    assert verification.ok
    assert verification.chain.problem is None
    assert verification.chain.events == ledger.event_count() == len(hashes) > 3
    assert [e.hash for e in seen] == hashes  # every event reaches the books, in order

    def seal(upto: int) -> str:
        return hashlib.sha256("".join(hashes[:upto]).encode("ascii")).hexdigest()

    assert verification.chain.seal == seal(len(hashes))
    assert verification.chain.seals == {
        0: hashlib.sha256().hexdigest(),  # before anything: the seal of nothing
        3: seal(3),
        len(hashes): seal(len(hashes)),
    }


def test_no_seal_is_reported_where_none_was_asked_for(ledger: Ledger) -> None:
    history(ledger)
    assert ledger.verify().chain.seals == {}
    assert set(ledger.verify(seals_at=(2,)).chain.seals) == {2}


def test_an_edited_amount_is_named_as_altered_at_its_position(ledger: Ledger) -> None:
    history(ledger)
    at = position_of(ledger, "Payment.Received")
    record = stored(ledger)[at - 1]
    rewrite(ledger, at, amount=ledger.mapper.to_domain_event(record).amount * 2)

    report = ledger.verify().chain
    assert report.problem == Problem(
        at,
        UUID(str(record.originator_id)),
        1,
        "content does not match its hash (the event was altered)",
    )
    assert report.events == at - 1  # it stopped there: nothing after it was counted
    assert not ledger.verify().ok


def test_an_event_relinked_and_rehashed_breaks_the_chain(ledger: Ledger) -> None:
    """An attacker moves the invoice onto the company's registration and gives it a correct
    hash of its own: only the link check can see it."""
    history(ledger)
    at = position_of(ledger, "Invoice.Issued")
    registered = ledger.mapper.to_domain_event(
        stored(ledger)[position_of(ledger, "Company.Registered") - 1]
    )
    event = ledger.mapper.to_domain_event(stored(ledger)[at - 1])
    object.__setattr__(event, "prev_hash", registered.hash)
    object.__setattr__(event, "hash", event_digest(event))
    stored(ledger)[at - 1] = ledger.mapper.to_stored_event(event)

    problem = ledger.verify().chain.problem
    assert problem is not None
    assert (problem.position, problem.version) == (at, 1)
    assert problem.what == "prev_hash does not match the previous event's hash (chain broken)"


def test_a_later_event_relinked_to_genesis_breaks_the_chain(ledger: Ledger) -> None:
    history(ledger)
    at = position_of(ledger, "Payment.Allocated")
    event = ledger.mapper.to_domain_event(stored(ledger)[at - 1])
    assert event.originator_version == 2
    object.__setattr__(event, "prev_hash", GENESIS)
    object.__setattr__(event, "hash", event_digest(event))
    stored(ledger)[at - 1] = ledger.mapper.to_stored_event(event)

    problem = ledger.verify().chain.problem
    assert problem is not None and problem.position == at and problem.version == 2
    assert "chain broken" in problem.what


def test_a_removed_event_is_named_as_a_version_gap_in_the_next_one(ledger: Ledger) -> None:
    history(ledger)
    at = position_of(ledger, "Payment.Received")
    payment_id = UUID(str(stored(ledger)[at - 1].originator_id))
    later = [i for i, s in enumerate(stored(ledger), 1) if s.originator_id == payment_id][1]
    del stored(ledger)[at - 1]

    problem = ledger.verify().chain.problem
    assert problem is not None
    assert problem == Problem(
        later - 1,
        payment_id,
        2,
        "version gap: previous stored version is 0",
    )
    assert str(problem) == (
        f"event #{later - 1} (aggregate {payment_id} version 2): "
        "version gap: previous stored version is 0"
    )


def test_an_event_stored_twice_is_a_version_gap(ledger: Ledger) -> None:
    history(ledger)
    first = stored(ledger)[0]
    stored(ledger).insert(1, first)

    problem = ledger.verify().chain.problem
    assert problem is not None
    assert (problem.position, problem.version) == (2, 1)
    assert problem.what == "version gap: previous stored version is 1"


def test_an_event_whose_hash_was_blanked_is_named(ledger: Ledger) -> None:
    history(ledger)
    rewrite(ledger, 2, hash="")

    problem = ledger.verify().chain.problem
    assert problem is not None and problem.position == 2
    assert problem.what == "has no hash"


def test_a_record_that_no_longer_decodes_is_named(ledger: Ledger) -> None:
    history(ledger)
    record = stored(ledger)[1]
    stored(ledger)[1] = dataclasses.replace(record, state=b"{not json")

    problem = ledger.verify().chain.problem
    assert problem is not None
    assert (problem.position, problem.originator_id, problem.version) == (
        2,
        record.originator_id,
        record.originator_version,
    )
    assert problem.what.startswith("cannot be decoded (MapperDeserialisationError: ")


def test_an_event_from_outside_any_chain_is_named_as_having_no_hash(ledger: Ledger) -> None:
    """A record of a plain, unchained event slipped into the log in place of a real one."""
    history(ledger)
    record = stored(ledger)[1]
    plain = Aggregate.Event(
        originator_id=record.originator_id,
        originator_version=record.originator_version,
        timestamp=ledger.mapper.to_domain_event(record).timestamp,
    )
    stored(ledger)[1] = ledger.mapper.to_stored_event(plain)

    problem = ledger.verify().chain.problem
    assert problem is not None and problem.position == 2
    assert problem.what == "has no hash"
