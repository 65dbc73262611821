"""What mutations ask of the outside world, as the API sees it: handed in, never imported.

Two mutations do more than run one ledger command: `resolveErpException` books a parked
ERP document (the Sage adapter reads it back and builds the invoice), and
`payInvoicesByCard` asks the card provider for a payment intent. The API does not import
`adapters` (`docs/architecture.md`): the composition root (`graphql_api.app`) puts a
`Services` into the request context under `SERVICES`, built from the adapters it wires.
Each function runs in a worker thread with the ledger, as `schema.run`'s `perform` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from ledger.application import Ledger
from ledger.card_payments import CardItem

SERVICES = "services"  # the request context's key


class ResolveErpException(Protocol):
    def __call__(
        self, ledger: Ledger, exception_id: UUID, company_id: UUID, order_number: str, key: str
    ) -> dict[str, Any]: ...


class StartCardPayment(Protocol):
    def __call__(
        self,
        ledger: Ledger,
        company_id: UUID,
        email: str,
        items: tuple[CardItem, ...],
        include_disputed: bool,
        key: str,
    ) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Services:
    resolve_erp_exception: ResolveErpException
    start_card_payment: StartCardPayment


def services_of(context: Any) -> Services:
    found: Services = context[SERVICES]
    return found
