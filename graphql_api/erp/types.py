"""`ErpException`."""

from __future__ import annotations

import enum
import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from graphql_api.core.types import perm


@strawberry.enum
class ErpExceptionStatus(enum.Enum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"
    DISMISSED = "DISMISSED"


@strawberry.type
class ErpException:
    id: strawberry.ID = perm("ErpException", "id")
    source: str = perm("ErpException", "source")
    number: str = perm("ErpException", "number")
    reason: str = perm("ErpException", "reason")
    status: ErpExceptionStatus = perm("ErpException", "status")
    document: JSON = perm("ErpException", "document")
    parked_at: datetime = perm("ErpException", "parkedAt")
    closed_at: datetime | None = perm("ErpException", "closedAt")
    invoice_id: strawberry.ID | None = perm("ErpException", "invoiceId")
    company_id: strawberry.ID | None = perm("ErpException", "companyId")
    note: str | None = perm("ErpException", "note")

    @classmethod
    def of(cls, row: dict[str, Any]) -> ErpException:
        return cls(
            id=strawberry.ID(row["exception_id"]),
            source=row["source"],
            number=row["number"],
            reason=row["reason"],
            status=ErpExceptionStatus(row["status"]),
            document=json.loads(row["document"]),
            parked_at=datetime.fromisoformat(row["parked_at"]),
            closed_at=datetime.fromisoformat(row["closed_at"]) if row["closed_at"] else None,
            invoice_id=strawberry.ID(row["invoice_id"]) if row["invoice_id"] else None,
            company_id=strawberry.ID(row["company_id"]) if row["company_id"] else None,
            note=row["note"],
        )
