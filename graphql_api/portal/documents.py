"""Invoice documents for download: `GET /documents/invoices/{id}.pdf|.xml|.cii.xml`.

The web app links to these (a plain link carries the session cookie), API clients
send their bearer token. The caller is resolved exactly as on `/graphql`, the
invoice is found through the same visibility SQL as `invoice(id:)` (a hidden
invoice answers exactly as a missing one: 404), and only roles that may read an
invoice's amounts may download it, as every document shows them (not delivery).
The document is rendered from the write side by the adapters `arledger invoice
export` uses, so what is downloaded is what the ledger issued; an e-invoice is
validated first, as the CLI does, and an invalid one is refused, never served.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any
from uuid import UUID

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters import einvoice, pdf
from adapters.documents import InvoiceDocument, load_document
from graphql_api.auth import Unauthenticated, Viewer, load_viewer
from graphql_api.permissions import PRICES
from graphql_api.portal.sessions import SCOPE_KEY, refuse
from graphql_api.visibility import invoice_filter

PREFIX = "/documents/"

# suffix: (media type, renderer, e-invoice syntax to validate or None)
FORMATS: dict[str, tuple[str, Callable[[InvoiceDocument], bytes], str | None]] = {
    ".cii.xml": ("application/xml", einvoice.cii, "cii"),  # before ".xml": longest first
    ".xml": ("application/xml", einvoice.ubl, "ubl"),
    ".pdf": ("application/pdf", pdf.render_pdf, None),
}


async def caller(service: Any, request: Request) -> Viewer | None:
    """The viewer as `/graphql` resolves it: a bearer token, else the session cookie
    (`SessionAuth` turned it into `SCOPE_KEY`). Anything invalid is anonymous."""
    header = request.headers.get("authorization", "")
    with contextlib.suppress(Unauthenticated):
        if header.lower().startswith("bearer "):
            return await load_viewer(service.reader, service.keys.decode(header[7:].strip()))
        if email := request.scope.get(SCOPE_KEY):
            return await load_viewer(service.reader, email)
    return None


async def visible_number(service: Any, viewer: Viewer, invoice_id: UUID) -> str | None:
    """The invoice's number if the viewer may see it (the filter of `invoice(id:)`)."""
    visible, params = invoice_filter(viewer)
    rows = await service.reader.fetch(
        f"SELECT number FROM invoices i WHERE i.invoice_id = %(id)s AND {visible}",
        {**params, "id": str(invoice_id)},
    )
    return str(rows[0]["number"]) if rows else None


def render(service: Any, invoice_id: UUID, suffix: str) -> bytes:
    _, write, syntax = FORMATS[suffix]
    data = write(load_document(service.ledger, invoice_id))
    return einvoice.checked(data, syntax) if syntax else data


def routes(service: Any) -> list[Route]:
    async def invoice(request: Request) -> Response:
        name = request.path_params["name"]
        suffix = next((s for s in FORMATS if name.endswith(s)), None)
        if suffix is None:
            return refuse("NOT_FOUND", "ask for {id}.pdf, {id}.xml (UBL) or {id}.cii.xml", 404)
        raw = name[: -len(suffix)]
        viewer = await caller(service, request)
        if viewer is None:
            return refuse("UNAUTHENTICATED", "sign in or send a bearer token", 401)
        if not viewer.has(*PRICES):
            return refuse("FORBIDDEN", "your role may not read invoice amounts, so it may "
                          "not download invoice documents", 403)  # fmt: skip
        try:
            invoice_id = UUID(raw)
        except ValueError:
            invoice_id = None
        number = await visible_number(service, viewer, invoice_id) if invoice_id else None
        if invoice_id is None or number is None:
            return refuse("NOT_FOUND", f"invoice {raw} not found", 404)
        try:
            data = await anyio.to_thread.run_sync(render, service, invoice_id, suffix)
        except einvoice.InvalidEInvoice as invalid:
            invalid_code = {"code": "INVALID_EINVOICE"}
            errors = [{"message": f"invoice {number} is not a valid e-invoice: {e}",
                       "extensions": invalid_code} for e in invalid.errors]  # fmt: skip
            return JSONResponse({"errors": errors}, 422)
        disposition = f'attachment; filename="{number}{suffix}"'
        return Response(data, media_type=FORMATS[suffix][0],
                        headers={"Content-Disposition": disposition})  # fmt: skip

    return [Route(PREFIX + "invoices/{name}", invoice)]
