"""Magento 2 (Adobe Commerce B2B) into the ledger: companies, buyers, orders, invoices, shipments.

Reads the REST shapes as Magento sends them (`GET /V1/orders`, `/V1/invoices`,
`/V1/shipments` search results; companies from `/V1/company`, their users from
`/V1/customers/search` and the tree from `/V1/hierarchy/{id}`, bundled as in
`shared/samples/magento2/companies.json`), from a file or a signed webhook.

Mapping:

* company -> `RegisterCompany` (web company id, billing details from the legal
  name, VAT id and address; the invoice e-mail is the company e-mail). Magento's
  company credit is a separate API: its limit is taken from
  `extension_attributes.company_credit.credit_limit` when present, else from
  `Options.credit_limit`.
* customer -> `RegisterUser`, reporting to their parent in the hierarchy tree;
  the company's super user (its finance admin) may view all the company's invoices.
* order -> `PlaceOrder` numbered by `increment_id`, its company from
  `extension_attributes.company_order_attributes`; the items that carry the money
  (configurable parents, dynamic bundles' children, fixed bundles' parents) are
  lines booked as the store issued them, each item's tax checked by the store's
  tax settings (`Options.tax`, see `magento_items` and `magento_tax`); discounts
  are line allowances, shipping a line of its own at its applied rate. The lines
  must add up to `grand_total` (plus any gift card, store credit or reward
  points, see `magento_prepaid`) to the cent, or the order is refused.
* invoice -> a WEB invoice (`InvoiceOrder`) for the invoiced quantities (state 3,
  cancelled, is skipped), checked to the cent against its `grand_total`; its
  prepaid parts are payments allocated to it; shipment -> `ShipOrderLines`.
* When the web invoice is issued is configurable (`Options.invoice_timing`): when
  the store invoices (the default), at order, or at shipment; store invoices are
  then skipped, as the ledger issues its own.

Idempotency keys are `magento:<kind>:<id>`: importing the same record again
writes nothing.

Some 400 lines in one module on purpose: one function per Magento record kind, each
reading it into commands, read side by side; what each kind needs beyond that already
has its own module (`magento_items`, `magento_tax`, `magento_prepaid`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.importing import (
    RecordError,
    Summary,
    amount,
    run_record,
    text,
)
from adapters.magento_items import SHIPPING_LINE, invoice_quantities, order_lines
from adapters.magento_prepaid import prepaid_total, settle_prepaid
from adapters.magento_tax import TaxConfig
from ledger import commands as c
from ledger.application import Ledger
from ledger.commands import Command
from ledger.companies import BillingDetails
from ledger.errors import LedgerError
from ledger.lines import invoice_line, price_lines, totals
from ledger.money import check_currency
from ledger.orders import Order, order_id
from ledger.registry import UniqueKey, key_id

STORE_INVOICE = "STORE_INVOICE"
AT_ORDER = "AT_ORDER"
AT_SHIPMENT = "AT_SHIPMENT"
TIMINGS = (STORE_INVOICE, AT_ORDER, AT_SHIPMENT)


@dataclass(frozen=True)
class Options:
    invoice_timing: str = STORE_INVOICE
    currency: str = "EUR"  # companies carry none in Magento: the store's base currency
    credit_limit: str = "50000"
    terms_code: str = "NET30"
    net_days: int = 30
    shipped_is_delivered: bool = False
    tax: TaxConfig = field(default_factory=TaxConfig)  # the store's tax/calculation settings

    def __post_init__(self) -> None:
        if self.invoice_timing not in TIMINGS:
            raise RecordError(f"invoice timing must be one of {TIMINGS}")


def kind_of(payload: Any) -> str:
    """Which Magento shape this is: companies, orders, invoices or shipments."""
    if isinstance(payload, dict) and "companies" in payload:
        return "companies"
    items = payload.get("items") if isinstance(payload, dict) else None
    if not isinstance(items, list):
        raise RecordError("not a Magento payload: expected a search result with 'items'")
    first = next((i for i in items if isinstance(i, dict)), {})
    if "grand_total" in first and "customer_email" in first:
        return "orders"
    if "order_id" in first and "grand_total" in first:
        return "invoices"
    if "order_id" in first and "items" in first:
        return "shipments"
    if not items:
        return "empty"
    raise RecordError("not a Magento orders, invoices, shipments or companies payload")


def import_payload(ledger: Ledger, payload: Any, options: Options | None = None) -> Summary:
    options = options or Options()
    kind = kind_of(payload)
    if kind == "companies":
        return import_companies(ledger, payload, options)
    if kind == "orders":
        return import_orders(ledger, payload, options)
    if kind == "invoices":
        return import_invoices(ledger, payload, options)
    if kind == "shipments":
        return import_shipments(ledger, payload, options)
    return Summary()


# -- lookups --------------------------------------------------------------------------


def claimed(ledger: Ledger, kind: str, value: str) -> UUID | None:
    """Who owns a unique key (a web company id, an ERP account, a web order id)."""
    claim = ledger.find(key_id(kind, value))
    return claim.owner_id if isinstance(claim, UniqueKey) else None


def company_id(ledger: Ledger, web_company: Any, where: str) -> UUID:
    found = claimed(ledger, "web-company", text(web_company, f"{where}: company id"))
    if found is None:
        raise RecordError(f"{where}: unknown company {web_company}", "NOT_FOUND")
    return found


def web_order(ledger: Ledger, entity_id: Any, where: str) -> Order:
    found = claimed(ledger, "web-order", text(entity_id, f"{where}: order id"))
    if found is None:
        raise RecordError(
            f"{where}: unknown order {entity_id} (import the order first)", "NOT_FOUND"
        )
    order: Order = ledger.repository.get(found)
    return order


def items_of(record: dict[str, Any], where: str) -> list[dict[str, Any]]:
    items = record.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise RecordError(f"{where}: has no items")
    return items


def records(payload: dict[str, Any], name: str) -> Iterator[tuple[int, Any]]:
    found = payload.get(name)
    if not isinstance(found, list):
        raise RecordError(f"payload has no list of {name}")
    yield from enumerate(found)


# -- companies and their people -------------------------------------------------------


def import_companies(ledger: Ledger, payload: dict[str, Any], options: Options) -> Summary:
    summary = Summary()
    companies = {}
    for n, company in records(payload, "companies"):
        name = company.get("id", f"#{n}") if isinstance(company, dict) else f"#{n}"
        source = f"magento company {name}"
        summary.add(
            run_record(ledger, source, lambda company=company: [register_company(company, options)])
        )
        if isinstance(company, dict):
            companies[str(company.get("id"))] = company
    customers = {}
    for _, customer in records(payload, "customers"):
        if isinstance(customer, dict):
            customers[str(customer.get("id"))] = customer
    hierarchy = payload.get("hierarchy") or {}
    placed: set[str] = set()
    for web_company, trees in hierarchy.items() if isinstance(hierarchy, dict) else ():
        super_user = str((companies.get(str(web_company)) or {}).get("super_user_id", ""))
        for customer_id, manager_id in walk(trees):
            customer = customers.get(customer_id)
            source = f"magento customer {customer_id}"
            placed.add(customer_id)
            if customer is None:
                summary.add(run_record(ledger, source, lambda: fail("not among the customers")))
                continue
            manager = customers.get(manager_id or "", {}).get("email")
            admin = super_user == customer_id  # the company admin: finance, sees all
            summary.add(
                run_record(
                    ledger,
                    source,
                    lambda c=customer, w=web_company, m=manager, a=admin: [
                        register_user(ledger, c, w, m, a)
                    ],
                )
            )
    for customer_id, customer in customers.items():  # company users outside any tree
        if customer_id not in placed:
            web_company = (
                customer.get("extension_attributes", {})
                .get("company_attributes", {})
                .get("company_id")
            )
            summary.add(
                run_record(
                    ledger,
                    f"magento customer {customer_id}",
                    lambda customer=customer, web_company=web_company: [
                        register_user(ledger, customer, web_company, None, False)
                    ],
                )
            )
    return summary


def fail(message: str) -> list[Command]:
    raise RecordError(message)


def walk(trees: Any, parent: str | None = None) -> Iterator[tuple[str, str | None]]:
    """(customer id, manager's customer id), managers before the people under them."""
    for node in trees if isinstance(trees, list) else ():
        if not isinstance(node, dict) or node.get("entity_type", "customer") != "customer":
            continue
        me = str(node.get("entity_id"))
        yield me, parent
        yield from walk(node.get("children"), me)


def register_company(company: Any, options: Options) -> Command:
    if not isinstance(company, dict):
        raise RecordError("a company must be an object")
    web_id = text(company.get("id"), "company id")
    where = f"company {web_id}"
    street = company.get("street") or []
    credit = (company.get("extension_attributes") or {}).get("company_credit") or {}
    return c.RegisterCompany(
        f"magento:company:{web_id}",
        name=text(company.get("company_name"), f"{where}: company_name"),
        currency=text(credit.get("currency_code") or options.currency, f"{where}: currency"),
        terms_code=options.terms_code,
        net_days=options.net_days,
        credit_limit=str(amount(credit.get("credit_limit", options.credit_limit), "credit limit")),
        web_company_id=web_id,
        invoice_email=text(company.get("company_email"), f"{where}: email", required=False),
        billing=BillingDetails(
            legal_name=text(company.get("legal_name"), "legal_name", required=False)
            or text(company.get("company_name"), "company_name"),
            vat_id=text(company.get("vat_tax_id"), "vat_tax_id", required=False),
            street=", ".join(str(s) for s in street) if isinstance(street, list) else str(street),
            city=text(company.get("city"), "city", required=False),
            postcode=text(company.get("postcode"), "postcode", required=False),
            country=text(company.get("country_id"), "country_id", required=False),
            email=text(company.get("company_email"), "company_email", required=False),
        ),
    )


def register_user(
    ledger: Ledger, customer: dict[str, Any], web_company: Any, manager: str | None, admin: bool
) -> Command:
    customer_id = text(customer.get("id"), "customer id")
    where = f"customer {customer_id}"
    name = " ".join(
        text(customer.get(k), k, required=False) for k in ("firstname", "lastname")
    ).strip()
    return c.RegisterUser(
        f"magento:customer:{customer_id}",
        company_id=company_id(ledger, web_company, where),
        email=text(customer.get("email"), f"{where}: email"),
        name=name or text(customer.get("email"), "email"),
        reports_to=manager,
        can_view_all_invoices=admin,
    )


# -- orders ---------------------------------------------------------------------------


def import_orders(ledger: Ledger, payload: dict[str, Any], options: Options) -> Summary:
    summary = Summary()
    for n, order in records(payload, "items"):
        number = order.get("increment_id") if isinstance(order, dict) else None
        source = f"magento order {number or f'#{n}'}"
        cancelled = isinstance(order, dict) and order.get("state") in ("canceled", "cancelled")
        summary.add(
            run_record(
                ledger,
                source,
                lambda order=order: order_commands(ledger, order, options),
                skip="cancelled in the store" if cancelled else "",
            )
        )
    return summary


def order_commands(ledger: Ledger, order: Any, options: Options) -> list[Command]:
    if not isinstance(order, dict):
        raise RecordError("an order must be an object")
    number = text(order.get("increment_id"), "increment_id")
    where = f"order {number}"
    currency = text(order.get("order_currency_code"), f"{where}: order_currency_code")
    company = (order.get("extension_attributes") or {}).get("company_order_attributes") or {}
    lines = order_lines(order, items_of(order, where), where, options.tax)
    tax_total = amount(order.get("tax_amount", 0), f"{where}: tax_amount")
    rule = ledger.policy.tax_rule  # as `PlaceOrder` will price the order
    try:
        priced = totals(price_lines(tuple(lines), check_currency(currency), rule), currency)
    except LedgerError as error:
        raise RecordError(f"{where}: {error.message}", error.code) from None
    grand_total = amount(order.get("grand_total"), f"{where}: grand_total")
    paid = prepaid_total(order, where)  # gift cards etc. are off grand_total, not the lines
    if priced.gross.amount != grand_total + paid or priced.tax.amount != tax_total:
        raise RecordError(
            f"{where}: totals do not add up: lines give {priced.gross.amount} "
            f"(tax {priced.tax.amount}), the store says {grand_total}{prepaid_note(paid)} "
            f"(tax {tax_total})"
        )
    commands: list[Command] = [
        c.PlaceOrder(
            f"magento:order:{number}",
            company_id=company_id(ledger, company.get("company_id"), where),
            placed_by=text(order.get("customer_email"), f"{where}: customer_email"),
            number=number,
            currency=currency,
            lines=tuple(lines),
            web_order_id=text(order.get("entity_id"), f"{where}: entity_id"),
        )
    ]
    if options.invoice_timing == AT_ORDER:
        commands.append(c.InvoiceOrder(f"magento:order-invoice:{number}", order_id(number)))
    return commands


# -- invoices and shipments -----------------------------------------------------------


def import_invoices(ledger: Ledger, payload: dict[str, Any], options: Options) -> Summary:
    summary = Summary()
    for n, invoice in records(payload, "items"):
        number = invoice.get("increment_id") if isinstance(invoice, dict) else None
        skip = ""
        if options.invoice_timing != STORE_INVOICE:
            skip = f"the ledger invoices {options.invoice_timing.lower().replace('_', ' ')}"
        elif isinstance(invoice, dict) and invoice.get("state") == 3:
            skip = "cancelled in the store"
        summary.add(
            run_record(
                ledger,
                f"magento invoice {number or f'#{n}'}",
                lambda invoice=invoice: invoice_commands(ledger, invoice),
                skip=skip,
            )
        )
    return summary


def invoice_commands(ledger: Ledger, invoice: Any) -> list[Command]:
    if not isinstance(invoice, dict):
        raise RecordError("an invoice must be an object")
    number = text(invoice.get("increment_id"), "increment_id")
    where = f"invoice {number}"
    order = web_order(ledger, invoice.get("order_id"), where)
    quantities = quantities_of(invoice, order, where)
    if amount(invoice.get("shipping_amount", 0), f"{where}: shipping_amount"):
        quantities.append((SHIPPING_LINE, Decimal(1)))
    command = c.InvoiceOrder(f"magento:invoice:{number}", order.id, tuple(quantities))
    settled = settle_prepaid(invoice, where, number, command, order.company_id, order.currency)
    if ledger.find(key_id("idempotency", command.idempotency_key)) is not None:
        return [command, *settled]  # booked before: the ledger replays it (or names a change)
    expected = totals(
        [
            invoice_line(order.line(i), order.invoiced.get(i, Decimal(0)), q, order.currency)
            for i, q in quantities
        ],
        order.currency,
    )
    grand_total = amount(invoice.get("grand_total"), f"{where}: grand_total")
    tax_total = amount(invoice.get("tax_amount", 0), f"{where}: tax_amount")
    paid = prepaid_total(invoice, where)
    if (expected.gross.amount, expected.tax.amount) != (grand_total + paid, tax_total):
        raise RecordError(
            f"{where}: totals do not add up: the order's lines give {expected.gross.amount} "
            f"(tax {expected.tax.amount}), the store says {grand_total}{prepaid_note(paid)} "
            f"(tax {tax_total})"
        )
    return [command, *settled]


def prepaid_note(paid: Decimal) -> str:
    return f" + {paid} prepaid" if paid else ""


def quantities_of(record: dict[str, Any], order: Order, where: str) -> list[tuple[str, Decimal]]:
    lines = {line.line_id: line.sku for line in order.lines}
    quantities = invoice_quantities(record, items_of(record, where), lines, where)
    for line_id, _ in quantities:
        if line_id not in lines:  # pragma: no cover - invoice_quantities maps to lines
            raise RecordError(f"{where}: item {line_id} is not a line of order {order.number}")
    return quantities


def import_shipments(ledger: Ledger, payload: dict[str, Any], options: Options) -> Summary:
    summary = Summary()
    for n, shipment in records(payload, "items"):
        number = None
        if isinstance(shipment, dict):
            number = shipment.get("increment_id") or shipment.get("entity_id")
        summary.add(
            run_record(
                ledger,
                f"magento shipment {number or f'#{n}'}",
                lambda shipment=shipment: shipment_commands(ledger, shipment, options),
            )
        )
    return summary


def shipment_commands(ledger: Ledger, shipment: Any, options: Options) -> list[Command]:
    if not isinstance(shipment, dict):
        raise RecordError("a shipment must be an object")
    number = text(shipment.get("increment_id") or shipment.get("entity_id"), "shipment id")
    where = f"shipment {number}"
    order = web_order(ledger, shipment.get("order_id"), where)
    quantities = quantities_of(shipment, order, where)
    commands: list[Command] = [
        c.ShipOrderLines(
            f"magento:shipment:{number}",
            order.id,
            tuple(quantities),
            delivered=options.shipped_is_delivered,
        )
    ]
    if options.invoice_timing == AT_SHIPMENT:
        commands.append(
            c.InvoiceOrder(f"magento:shipment-invoice:{number}", order.id, tuple(quantities))
        )
    return commands
