"""Documents for download: invoices and their credit notes, as PDF, e-invoice or Factur-X.

    GET /documents/invoices/{id}.pdf|.xml|.cii.xml|.facturx.pdf
    GET /documents/credit-notes/{number}.pdf|.xml|.cii.xml|.facturx.pdf

The web app links to these (a plain link carries the session cookie), API clients
send their bearer token. The caller is resolved exactly as on `/graphql`, the
invoice is found through the same visibility SQL as `invoice(id:)` (a hidden
invoice answers exactly as a missing one: 404), and only roles that may read an
invoice's amounts may download it, as every document shows them (not delivery).
A credit note has no id of its own (it is an event on its invoice, `CN-…` from one
sequence), so it is asked for by its number and shown to whoever sees its invoice.
The document is rendered from the write side by the adapters `arledger invoice
export` uses, so what is downloaded is what the ledger issued; an e-invoice (and the
CII inside a Factur-X PDF/A-3) is validated first, as the CLI does, and an invalid
one is refused, never served. The statement PDF is `portal.statements`.
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
from adapters.credit_notes import load_credit_note
from adapters.documents import InvoiceDocument, load_document
from graphql_api.auth import Unauthenticated, Viewer, load_viewer
from graphql_api.permissions import PRICES
from graphql_api.portal.sessions import SCOPE_KEY, refuse
from graphql_api.visibility import invoice_filter

PREFIX = "/documents/"

Render = Callable[[InvoiceDocument], bytes]


def valid(write: Render, syntax: str) -> Render:
    return lambda doc: einvoice.checked(write(doc), syntax)


def factur_x(doc: InvoiceDocument) -> bytes:
    """The PDF/A-3 with its CII, once that CII passes (as `arledger invoice export`)."""
    einvoice.checked(einvoice.facturx_cii(doc), "cii")
    return pdf.facturx_pdf(doc)


# suffix: (media type, renderer); longest first, so ".cii.xml" is not taken for ".xml"
FORMATS: dict[str, tuple[str, Render]] = {
    ".facturx.pdf": ("application/pdf", factur_x),
    ".cii.xml": ("application/xml", valid(einvoice.cii, "cii")),
    ".xml": ("application/xml", valid(einvoice.ubl, "ubl")),
    ".pdf": ("application/pdf", pdf.render_pdf),
}
ASK = "ask for {x}.pdf, {x}.xml (UBL), {x}.cii.xml or {x}.facturx.pdf"


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


async def visible_credit_note(service: Any, viewer: Viewer, number: str) -> UUID | None:
    """The invoice a credit note credits, if the viewer may see that invoice."""
    visible, params = invoice_filter(viewer)
    rows = await service.reader.fetch(
        "SELECT i.invoice_id FROM statement_lines s JOIN invoices i "
        "ON i.company_id = s.company_id AND i.number = s.reference "
        f"WHERE s.kind = 'CREDIT_NOTE' AND s.document = %(n)s AND {visible}",
        {**params, "n": number},
    )
    return UUID(rows[0]["invoice_id"]) if rows else None


def render(service: Any, invoice_id: UUID, suffix: str, credit_note: str | None) -> bytes:
    if credit_note is None:
        doc = load_document(service.ledger, invoice_id)
    else:
        doc = load_credit_note(service.ledger, invoice_id, credit_note)
    return FORMATS[suffix][1](doc)


async def reader_of_prices(service: Any, request: Request) -> Viewer | Response:
    """The caller, if they may read amounts; else the refusal to answer."""
    viewer = await caller(service, request)
    if viewer is None:
        return refuse("UNAUTHENTICATED", "sign in or send a bearer token", 401)
    if not viewer.has(*PRICES):
        return refuse("FORBIDDEN", "your role may not read invoice amounts, so it may "
                      "not download invoice documents", 403)  # fmt: skip
    return viewer


def split(name: str) -> tuple[str, str] | None:
    suffix = next((s for s in FORMATS if name.endswith(s)), None)
    return None if suffix is None else (name[: -len(suffix)], suffix)


async def answer(
    service: Any, invoice_id: UUID, number: str, suffix: str, credit_note: str | None = None
) -> Response:
    try:
        data = await anyio.to_thread.run_sync(render, service, invoice_id, suffix, credit_note)
    except einvoice.InvalidEInvoice as invalid:
        invalid_code = {"code": "INVALID_EINVOICE"}
        what = f"credit note {number}" if credit_note else f"invoice {number}"
        errors = [{"message": f"{what} is not a valid e-invoice: {e}",
                   "extensions": invalid_code} for e in invalid.errors]  # fmt: skip
        return JSONResponse({"errors": errors}, 422)
    disposition = f'attachment; filename="{number}{suffix}"'
    return Response(data, media_type=FORMATS[suffix][0],
                    headers={"Content-Disposition": disposition})  # fmt: skip


def routes(service: Any) -> list[Route]:
    async def invoice(request: Request) -> Response:
        parts = split(request.path_params["name"])
        if parts is None:
            return refuse("NOT_FOUND", ASK.format(x="{id}"), 404)
        raw, suffix = parts
        viewer = await reader_of_prices(service, request)
        if isinstance(viewer, Response):
            return viewer
        try:
            invoice_id = UUID(raw)
        except ValueError:
            invoice_id = None
        number = await visible_number(service, viewer, invoice_id) if invoice_id else None
        if invoice_id is None or number is None:
            return refuse("NOT_FOUND", f"invoice {raw} not found", 404)
        return await answer(service, invoice_id, number, suffix)

    async def credit_note(request: Request) -> Response:
        parts = split(request.path_params["name"])
        if parts is None:
            return refuse("NOT_FOUND", ASK.format(x="{number}"), 404)
        number, suffix = parts
        viewer = await reader_of_prices(service, request)
        if isinstance(viewer, Response):
            return viewer
        invoice_id = await visible_credit_note(service, viewer, number)
        if invoice_id is None:
            return refuse("NOT_FOUND", f"credit note {number} not found", 404)
        return await answer(service, invoice_id, number, suffix, credit_note=number)

    return [
        Route(PREFIX + "invoices/{name}", invoice),
        Route(PREFIX + "credit-notes/{name}", credit_note),
    ]
