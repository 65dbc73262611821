"""Small aggregates that make the event store enforce uniqueness and order.

* `UniqueKey`: one stream per (kind, value), e.g. an invoice number per source.
  Claiming a taken key collides on the stream's first event, inside the same
  transaction as the document that claims it.
* `Sequence`: gap-free document numbering. The next number is taken in the
  same transaction as the invoice that uses it, so a failed command leaves no
  gap (invoice numbering must be consecutive in most VAT regimes).
* `IdempotencyRecord`: the first result of a command, keyed by its idempotency
  key, saved atomically with the command's events.
* `derived_key`: the key of a step taken on behalf of another command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from ledger.chain import ChainedAggregate

KEYS = UUID("a5c2b0d4-8c1e-4d4f-9e2b-51f0c3e7d901")


def key_id(kind: str, value: str) -> UUID:
    return uuid5(KEYS, f"{kind}:{value}")


DERIVED = "derived:"


def derived_key(purpose: str, parent: str) -> str:
    """The idempotency key of a step taken on behalf of the command keyed `parent`.

    `derived:<purpose>:<parent>`, e.g. `derived:intent:api:<user>:K` for the payment
    intent that `payInvoicesByCard` with key K attaches. Derived keys live in a
    namespace no other key can reach: a caller's key is always `api:<user>:<given>`
    (`graphql_api.schema.key`), an adapter's starts with its own word (`bank:`,
    `card-event:`, `magento:`, `dispatch:` ...), and no key but these starts with
    `derived:`. Appending a suffix instead (`K:intent`) let a caller's own key
    `K:intent` take the slot of `K`'s step, which then failed after `K` had already
    written its events and called the card provider. The mapping is one-to-one,
    since the purpose is one word without a colon and the parent follows it whole,
    so two steps never share a key. A prefix rather than a hash: the idempotency
    record still shows which command a step belongs to, for whoever reads the store
    (a hash would be as unreachable, but opaque).
    """
    if not purpose.isidentifier():
        raise ValueError(f"a derived key's purpose is one word: {purpose!r}")
    return f"{DERIVED}{purpose}:{parent}"


class UniqueKey(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        kind: str
        value: str
        owner_id: UUID

    class Claimed(ChainedAggregate.Created):
        kind: str
        value: str
        owner_id: UUID

        def apply(self, key: UniqueKey) -> None:
            key.kind = self.kind
            key.value = self.value
            key.owner_id = self.owner_id

    @classmethod
    def claim(cls, kind: str, value: str, owner_id: UUID) -> UniqueKey:
        key: UniqueKey = cls._create(
            cls.Claimed, id=key_id(kind, value), kind=kind, value=value, owner_id=owner_id
        )
        return key


class Sequence(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        name: str
        prefix: str
        width: int
        last: int

    class Started(ChainedAggregate.Created):
        name: str
        prefix: str
        width: int

        def apply(self, seq: Sequence) -> None:
            seq.name = self.name
            seq.prefix = self.prefix
            seq.width = self.width
            seq.last = 0

    class NumberTaken(ChainedAggregate.Event):
        number: int

        def apply(self, seq: Sequence) -> None:
            seq.last = self.number

    @classmethod
    def start(cls, name: str, prefix: str, width: int = 6) -> Sequence:
        seq: Sequence = cls._create(
            cls.Started, id=key_id("sequence", name), name=name, prefix=prefix, width=width
        )
        return seq

    def take(self) -> str:
        self.trigger_event(self.NumberTaken, number=self.last + 1)
        return f"{self.prefix}{self.last:0{self.width}d}"


class IdempotencyRecord(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        key: str
        fingerprint: str
        command: str
        result: dict[str, Any]

    class Recorded(ChainedAggregate.Created):
        key: str
        fingerprint: str
        command: str
        result: dict[str, Any]

        def apply(self, record: IdempotencyRecord) -> None:
            record.key = self.key
            record.fingerprint = self.fingerprint
            record.command = self.command
            record.result = self.result

    @classmethod
    def record(
        cls, key: str, fingerprint: str, command: str, result: dict[str, Any]
    ) -> IdempotencyRecord:
        record: IdempotencyRecord = cls._create(
            cls.Recorded,
            id=key_id("idempotency", key),
            key=key,
            fingerprint=fingerprint,
            command=command,
            result=result,
        )
        return record
