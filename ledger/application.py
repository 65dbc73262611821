"""The ledger application: runs commands exactly once and stores their events.

`Ledger.execute(command)`:

1. Runs the handler against a fresh unit of work, with the clock frozen so
   all events of the command share one timestamp.
2. Idempotency, optimistically: the key's record is saved with the events, so a
   replayed key either collides on the record's stream or is refused by the
   rules (the work is already done); only then is the record read. Same key and
   same payload: the first result, nothing written. Same key, other payload:
   IDEMPOTENCY_MISMATCH. The happy path pays no extra read for this.
3. Saves every changed aggregate and the idempotency record in one atomic
   write. If another writer got to one of those streams first (optimistic
   concurrency), it reloads and tries again, up to `retries` times, then
   fails with CONFLICT. A rule checked on reloaded state can never be beaten
   by a race: that is what makes over-allocation impossible.
4. On PostgreSQL the first attempt trusts this process's cache (ledger.session):
   it reads nothing, and the write checks that every stream it decided on is still
   at the version read. A moved stream fails the write like a conflict; a refusal
   made on cached state is not answered before the command is decided again on
   fresh reads. Most commands then cost one round trip.

`Ledger.run(command)` does the same and also tells whether this call wrote
(`Executed.wrote`): False when the key's first result came back from
idempotency. Importers count on it, not on the log's length, which other
writers change too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from ledger import clock
from ledger.audit import ChainReport, verify_chain
from ledger.books import Books
from ledger.chain import canonical_json
from ledger.commands import Command
from ledger.errors import BadInput, Conflict, IdempotencyMismatch, LedgerError
from ledger.handlers import HANDLERS
from ledger.invariants import check_all
from ledger.lines import check_text
from ledger.problems import Problem
from ledger.registry import IdempotencyRecord, key_id
from ledger.session import Checkout, Policy, Session
from ledger.store import DEFAULT_URL, environment, install_guards
from ledger.transcodings import transcodings


def fingerprint(command: Command) -> str:
    """What "the same payload" means: the command type and every field but the key. The
    type is its `stored_name`, so a renamed command matches the keys stored before."""
    fields = {f.name: getattr(command, f.name) for f in dataclasses.fields(command)}
    del fields["idempotency_key"]
    payload = command.stored_name + canonical_json(fields)
    try:
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        raise BadInput("the request contains text that is not valid Unicode") from None


class Ledger(Application[UUID]):
    """The write side. Reads for users go to projections, not here."""

    name = "ledger"
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "5000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        policy: Policy | None = None,
        retries: int = 30,
        env: dict[str, str] | None = None,
    ) -> None:
        super().__init__(env={**environment(url), **(env or {})})
        self.url = url
        self.policy = policy or Policy()
        self.retries = retries
        self.checkout = Checkout(
            self.repository, checks_reads=getattr(self.recorder, "checks_reads", False)
        )
        install_guards(self.recorder)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in transcodings():
            transcoder.register(transcoding)

    def execute(self, command: Command, *, at: datetime | None = None) -> dict[str, Any]:
        """Run a command once; see the module docstring."""
        return self.run(command, at=at).result

    def run(self, command: Command, *, at: datetime | None = None) -> Executed:
        """`execute`, also telling whether this call wrote or replayed an earlier result."""
        handler = HANDLERS.get(type(command))
        if handler is None:
            raise BadInput(f"unknown command {type(command).__name__}")
        key = check_text(command.idempotency_key, "idempotency key")
        printed = fingerprint(command)
        record_id = key_id("idempotency", key)
        for attempt in range(self.retries):
            # Optimistic: the happy path does not look the key up first. A replayed key
            # shows up as a refused command or as a collision on the record's stream.
            session = Session(self.checkout, self.policy, first_attempt=attempt == 0)
            with clock.frozen_at(at or clock.now()):
                try:
                    result = handler(session, command)
                except LedgerError:
                    first = self._recorded(record_id, key, printed)
                    if first is not None:
                        return Executed(first, wrote=False)
                    if session.trusted:
                        continue  # refused on cached state: decide again on fresh reads
                    raise
                session.add(IdempotencyRecord.record(key, printed, command.stored_name, result))
                changed = session.changed()
                try:
                    self.save(*changed, **self._checks(session))
                except IntegrityError:
                    first = self._recorded(record_id, key, printed)
                    if first is not None:
                        return Executed(first, wrote=False)
                    # Someone else wrote to one of our streams first: reload, re-check.
                    time.sleep(random.uniform(0, 0.002 * 2 ** min(attempt, 6)))
                    continue
            self.checkout.keep([a for a in changed if not isinstance(a, IdempotencyRecord)])
            return Executed(result, wrote=True)
        raise Conflict(
            f"gave up after {self.retries} concurrent-write retries; try again",
            retries=self.retries,
        )

    @staticmethod
    def _checks(session: Session) -> dict[str, Any]:
        """What the write must check of the reads taken on trust (storage/postgres_log.py)."""
        expected = session.expected()
        return {"expected": expected} if expected else {}

    def _recorded(self, record_id: UUID, key: str, printed: str) -> dict[str, Any] | None:
        try:
            record: IdempotencyRecord = self.repository.get(record_id)
        except AggregateNotFoundError:
            return None
        if record.fingerprint != printed:
            raise IdempotencyMismatch(key)
        return dict(record.result)

    def load(self, aggregate_id: UUID) -> Aggregate:
        """One aggregate at its current version (for tools and tests)."""
        aggregate: Aggregate = self.checkout.get(aggregate_id)
        return aggregate

    def find(self, aggregate_id: UUID) -> Aggregate | None:
        """One aggregate at its current version, or None if it was never created."""
        try:
            return self.load(aggregate_id)
        except AggregateNotFoundError:
            return None

    def notifications(self, *, page: int = 1000) -> Iterator[Any]:
        """Every stored event record in log order, undecoded, page by page."""
        position = 1
        while True:
            batch = self.recorder.select_notifications(position, page)
            if not batch:
                return
            yield from batch
            position = batch[-1].id + 1

    def all_events(self) -> Iterator[Any]:
        """Every stored event in log order, decoded."""
        for notification in self.notifications():
            yield self.mapper.to_domain_event(notification)

    def verify(
        self, on_event: Callable[[Any], None] | None = None, *, seals_at: Collection[int] = ()
    ) -> Verification:
        """Re-check the hash chain and every invariant over the whole history; `seals_at`:
        also the seal at those log positions (`verification.chain.seals`)."""
        books = Books()

        def step(event: Any) -> None:
            books.apply(event)
            if on_event is not None:
                on_event(event)

        report = verify_chain(
            self.notifications(), self.mapper.to_domain_event, step, seals_at=seals_at
        )
        problems = [] if report.problem else check_all(books)
        return Verification(report, books, problems)

    def event_count(self) -> int:
        return int(self.recorder.max_notification_id() or 0)


@dataclass(frozen=True)
class Executed:
    """A command's result, and whether this call stored it (False: replayed by its key)."""

    result: dict[str, Any]
    wrote: bool


@dataclass(frozen=True)
class Verification:
    chain: ChainReport
    books: Books
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.chain.problem is None and not self.problems
