"""ERP documents we could not book, parked where AR can see and settle them.

An ERP invoice that names no order and no customer we know, or that changed in
the ERP after we booked it, is never dropped: it is parked with the document as
the ERP sent it and the reason. AR then resolves it (books it against a company
they choose, in the same transaction as the resolution) or dismisses it with a
reason. Either way the exception is closed for good.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict
from ledger.lines import check_text
from ledger.registry import key_id

OPEN = "OPEN"
RESOLVED = "RESOLVED"
DISMISSED = "DISMISSED"
MAX_DOCUMENT = 200_000  # characters of the ERP's own JSON


def erp_exception_id(source: str, number: str) -> UUID:
    """One exception per ERP document number, whichever export it came in."""
    return key_id("erp-exception", f"{source}:{number}")


class ErpException(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        source: str
        number: str
        reason: str
        document: str
        status: str
        invoice_id: UUID | None

    class Parked(ChainedAggregate.Created):
        source: str  # e.g. "sage"
        number: str  # the ERP's document number
        reason: str
        document: str  # the document as received (JSON text)

        def apply(self, exception: ErpException) -> None:
            exception.source = self.source
            exception.number = self.number
            exception.reason = self.reason
            exception.document = self.document
            exception.status = OPEN
            exception.invoice_id = None

    class Resolved(ChainedAggregate.Event):
        invoice_id: UUID
        company_id: UUID
        resolved_by: str

        def apply(self, exception: ErpException) -> None:
            exception.status = RESOLVED
            exception.invoice_id = self.invoice_id

    class Dismissed(ChainedAggregate.Event):
        reason: str
        dismissed_by: str

        def apply(self, exception: ErpException) -> None:
            exception.status = DISMISSED

    @classmethod
    def park(
        cls, exception_id: UUID, source: str, number: str, reason: str, document: str
    ) -> ErpException:
        if len(document) > MAX_DOCUMENT:
            raise BadInput(f"the parked document is larger than {MAX_DOCUMENT} characters")
        exception: ErpException = cls._create(
            cls.Parked,
            id=exception_id,
            source=check_text(source, "source"),
            number=check_text(number, "document number"),
            reason=check_text(reason, "reason"),
            document=check_text(document, "document"),
        )
        return exception

    def _check_open(self) -> None:
        if self.status != OPEN:
            raise Conflict(
                f"ERP exception {self.number} is already {self.status.lower()}",
                status=self.status,
            )

    def resolve(self, invoice_id: UUID, company_id: UUID, by: str) -> None:
        self._check_open()
        self.trigger_event(
            self.Resolved, invoice_id=invoice_id, company_id=company_id, resolved_by=by
        )

    def dismiss(self, reason: str, by: str) -> None:
        self._check_open()
        self.trigger_event(
            self.Dismissed, reason=check_text(reason, "reason"), dismissed_by=check_text(by, "by")
        )
