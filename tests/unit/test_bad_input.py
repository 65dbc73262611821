"""Bad input is refused with the right error code and leaves no trace; odd but valid
text (emoji, right-to-left, combining characters) is kept exactly."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.disputes import InvoiceQuery
from ledger.lines import LineInput
from ledger.payments import AdviceItem
from ledger.users import User, person_id
from tests.builders import Buyer, company, key, line, payment, web_invoice
from tests.unit.support import (
    assert_verified,
    load_company,
    load_invoice,
    load_payment,
    refused,
)


@dataclass
class World:
    buyer: Buyer
    their_invoice: UUID
    our_invoice: UUID
    our_payment: UUID


@pytest.fixture
def world(ledger: Ledger) -> World:
    buyer = company(ledger, "Acme")
    globex = company(ledger, "Globex")
    return World(
        buyer=buyer,
        their_invoice=web_invoice(ledger, globex),
        our_invoice=web_invoice(ledger, buyer),
        our_payment=payment(ledger, buyer, "500.00"),
    )


def place(w: World, *lines: LineInput, currency: str = "EUR") -> c.PlaceOrder:
    return c.PlaceOrder(key(), w.buyer.company_id, w.buyer.email, key("order"), currency, lines)


def price(value: object) -> LineInput:
    return LineInput("1", "SKU", "item", Decimal(1), value, Decimal("0.21"))  # type: ignore[arg-type]


def described(text: str) -> LineInput:
    return LineInput("1", "SKU", text, Decimal(1), Decimal(1), Decimal(0))


CASES: dict[str, tuple[Callable[[World], c.Command], str]] = {
    "negative quantity": (lambda w: place(w, line("1", "-1")), "BAD_INPUT"),
    "zero quantity": (lambda w: place(w, line("1", "0")), "BAD_INPUT"),
    "quantity 1e12": (lambda w: place(w, line("1", "1e12")), "BAD_INPUT"),
    "price 1e16": (lambda w: place(w, line("1", "1", "1e16")), "BAD_INPUT"),
    "negative price": (lambda w: place(w, line("1", "1", "-0.01")), "BAD_INPUT"),
    "float price": (lambda w: place(w, price(9.99)), "BAD_INPUT"),
    "NaN price": (lambda w: place(w, price(Decimal("NaN"))), "BAD_INPUT"),
    "tax rate as a percentage": (lambda w: place(w, line("1", rate="21")), "BAD_INPUT"),
    "no lines": (lambda w: place(w), "BAD_INPUT"),
    "duplicate line ids": (lambda w: place(w, line("1"), line("1")), "BAD_INPUT"),
    "order in another currency": (
        lambda w: place(w, line("1"), currency="USD"),
        "CURRENCY_MISMATCH",
    ),
    "unknown company currency": (lambda w: c.RegisterCompany(key(), "X", "XXX"), "BAD_INPUT"),
    "lower-case payment currency": (
        lambda w: c.RecordPayment(key(), w.buyer.company_id, "CARD", "10.00", "eur"),
        "BAD_INPUT",
    ),
    "payment 1e16": (
        lambda w: c.RecordPayment(key(), w.buyer.company_id, "CARD", "1e16", "EUR"),
        "BAD_INPUT",
    ),
    "float payment": (
        lambda w: c.RecordPayment(key(), w.buyer.company_id, "CARD", 10.5, "EUR"),  # type: ignore[arg-type]
        "BAD_INPUT",
    ),
    "payment with sub-cent amount": (
        lambda w: c.RecordPayment(key(), w.buyer.company_id, "CARD", "10.001", "EUR"),
        "BAD_INPUT",
    ),
    "credit limit of a hundred billion": (
        lambda w: c.RegisterCompany(key(), "X", "EUR", credit_limit="1e11"),
        "BAD_INPUT",
    ),
    "negative credit limit": (
        lambda w: c.SetCreditLimit(key(), w.buyer.company_id, "-1"),
        "BAD_INPUT",
    ),
    "mismatched totals": (
        lambda w: c.RecordErpInvoice(
            key(),
            w.buyer.company_id,
            "E-1",
            "SO-1",
            date(2025, 1, 10),
            "EUR",
            (line("1"),),
            "100.00",
            "21.00",
            "121.01",
        ),
        "BAD_INPUT",
    ),
    "allocation to another company's invoice": (
        lambda w: c.AllocatePayment(key(), w.our_payment, w.their_invoice, "10.00"),
        "FORBIDDEN",
    ),
    "allocation 1e16": (
        lambda w: c.AllocatePayment(key(), w.our_payment, w.our_invoice, "1e16"),
        "BAD_INPUT",
    ),
    "unknown payment": (
        lambda w: c.AllocatePayment(key(), uuid4(), w.our_invoice, "1.00"),
        "NOT_FOUND",
    ),
    "unknown invoice": (
        lambda w: c.AllocatePayment(key(), w.our_payment, uuid4(), "1.00"),
        "NOT_FOUND",
    ),
    "unknown delivery channel": (
        lambda w: c.RegisterCompany(key(), "X", "EUR", channels=("FAX",)),
        "BAD_INPUT",
    ),
    "AP portal without a URL": (
        lambda w: c.RegisterCompany(key(), "X", "EUR", channels=("AP_PORTAL",)),
        "BAD_INPUT",
    ),
    "payment terms of 400 days": (
        lambda w: c.RegisterCompany(key(), "X", "EUR", net_days=400),
        "BAD_INPUT",
    ),
    "not an e-mail address": (
        lambda w: c.RegisterUser(key(), w.buyer.company_id, "not-an-email", "N"),
        "BAD_INPUT",
    ),
    "text over 2000 characters": (
        lambda w: c.RegisterCompany(key(), "x" * 2001, "EUR"),
        "BAD_INPUT",
    ),
    "blank company name": (lambda w: c.RegisterCompany(key(), "  ", "EUR"), "BAD_INPUT"),
    "NUL in company name": (lambda w: c.RegisterCompany(key(), "Ac\x00me", "EUR"), "BAD_INPUT"),
    "NUL in user name": (
        lambda w: c.RegisterUser(key(), w.buyer.company_id, "n@acme.example", "N\x00"),
        "BAD_INPUT",
    ),
    "NUL in line description": (lambda w: place(w, described("bolt\x00")), "BAD_INPUT"),
    "NUL in payment reference": (
        lambda w: c.RecordPayment(
            key(), w.buyer.company_id, "CARD", "1.00", "EUR", reference="ref\x00"
        ),
        "BAD_INPUT",
    ),
    "NUL in query message": (
        lambda w: c.RaiseInvoiceQuery(key(), w.our_invoice, w.buyer.email, "OTHER", "hi\x00"),
        "BAD_INPUT",
    ),
    "empty idempotency key": (lambda w: c.RegisterCompany("", "X", "EUR"), "BAD_INPUT"),
    "blank idempotency key": (lambda w: c.RegisterCompany(" \t", "X", "EUR"), "BAD_INPUT"),
    "NUL in idempotency key": (lambda w: c.RegisterCompany("k\x00", "X", "EUR"), "BAD_INPUT"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_with_its_code_and_writes_nothing(
    ledger: Ledger, world: World, case: str
) -> None:
    make, code = CASES[case]
    command = make(world)
    with refused(ledger, code):
        ledger.execute(command)


def test_refused_commands_leave_the_books_verifiable(ledger: Ledger, world: World) -> None:
    for make, _ in CASES.values():
        with pytest.raises(Exception):  # noqa: B017 - each case is checked above
            ledger.execute(make(world))
    assert_verified(ledger)


# -- unicode ------------------------------------------------------------------------

EMOJI = "Acme 🧾💶 👩🏽‍💻"
RTL = "شركة الأمل للتجارة \u200f(עברית)"
COMBINING = "Cafe\u0301 Zu\u0308rich"  # decomposed: e + acute, u + diaeresis


@pytest.mark.parametrize("name", [EMOJI, RTL, COMBINING])
def test_unicode_company_name_round_trips_exactly(ledger: Ledger, name: str) -> None:
    company_id = UUID(ledger.execute(c.RegisterCompany(key(), name, "EUR"))["company_id"])
    stored = load_company(ledger, company_id).name
    assert stored == name
    assert len(stored) == len(name)
    assert_verified(ledger)


def test_combining_characters_are_not_normalised(ledger: Ledger) -> None:
    company_id = UUID(ledger.execute(c.RegisterCompany(key(), COMBINING, "EUR"))["company_id"])
    stored = load_company(ledger, company_id).name
    assert stored != unicodedata.normalize("NFC", COMBINING)
    assert "e\u0301" in stored


def test_unicode_user_name_line_text_and_message_round_trip(ledger: Ledger) -> None:
    buyer = company(ledger, "Acme")
    ledger.execute(c.RegisterUser(key(), buyer.company_id, "rtl@acme.example", RTL))
    user = ledger.load(person_id("rtl@acme.example"))
    assert isinstance(user, User)
    assert user.name == RTL

    lines = (
        LineInput("1", "SKU-é", EMOJI, Decimal(1), Decimal("10.00"), Decimal(0)),
        LineInput("2", "SKU", COMBINING, Decimal(1), Decimal("10.00"), Decimal(0)),
    )
    invoice_id = web_invoice(ledger, buyer, *lines)
    invoice = load_invoice(ledger, invoice_id)
    assert [x.description for x in invoice.lines] == [EMOJI, COMBINING]
    assert invoice.lines[0].sku == "SKU-é"

    result = ledger.execute(
        c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "OTHER", RTL + EMOJI)
    )
    query = ledger.load(UUID(result["query_id"]))
    assert isinstance(query, InvoiceQuery)
    assert query.messages[0][2] == RTL + EMOJI
    assert_verified(ledger)


def test_unicode_idempotency_key_works_like_any_other(ledger: Ledger) -> None:
    command = c.RegisterCompany("ключ-🔑-مفتاح", "Acme", "EUR")
    first = ledger.execute(command)
    count = ledger.event_count()
    assert ledger.execute(command) == first
    assert ledger.event_count() == count


# -- text and amounts that slipped through before ----------------------------------


@pytest.mark.parametrize("where", ["company name", "idempotency key"])
def test_lone_surrogate_in_text_is_bad_input(ledger: Ledger, where: str) -> None:
    # what a JSON "\ud800" escape decodes to; it cannot be encoded as UTF-8
    command = (
        c.RegisterCompany(key(), "Acme \ud800", "EUR")
        if where == "company name"
        else c.RegisterCompany("key-\ud800", "Acme", "EUR")
    )
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(command)


@pytest.mark.parametrize("field", ["invoice_email", "ap_portal_url", "terms_code"])
def test_nul_in_company_settings_is_bad_input(ledger: Ledger, field: str) -> None:
    settings = {
        "invoice_email": {"invoice_email": "ap\x00@acme.example"},
        "ap_portal_url": {"channels": ("AP_PORTAL",), "ap_portal_url": "https://ap\x00.example"},
        "terms_code": {"terms_code": "NET\x0030"},
    }[field]
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.RegisterCompany(key(), "Acme", "EUR", **settings))  # type: ignore[arg-type]


def test_line_amount_beyond_the_cap_is_bad_input(ledger: Ledger, world: World) -> None:
    # quantity and price are each below their caps (1e11); their product is not
    with refused(ledger, "BAD_INPUT", match="too large"):
        ledger.execute(place(world, line("1", "100000", "10000000")))


def test_document_total_beyond_the_cap_is_bad_input(ledger: Ledger, world: World) -> None:
    big = "60000000000.00"  # each line 6e10 (0 % tax); together 1.2e11
    with refused(ledger, "BAD_INPUT", match="too large"):
        ledger.execute(place(world, line("1", "1", big, "0"), line("2", "1", big, "0")))


def test_document_total_just_below_the_cap_is_accepted(ledger: Ledger) -> None:
    buyer = company(ledger, "Bigco", limit="99999999999.99")
    half = "49999999999.99"
    result = ledger.execute(
        c.PlaceOrder(
            key(),
            buyer.company_id,
            buyer.email,
            "O-big",
            "EUR",
            (line("1", "1", half, "0"), line("2", "1", half, "0")),
        )
    )
    assert result["gross"] == "99999999999.98"
    assert_verified(ledger)


@pytest.mark.parametrize(
    "amount",
    [10.5, Decimal("Infinity"), Decimal("NaN"), "ten", "0"],
    ids=["float", "infinity", "nan", "text", "zero"],
)
def test_bad_remittance_advice_amount_is_bad_input(
    ledger: Ledger, world: World, amount: object
) -> None:
    advice = (AdviceItem("INV-000002", amount),)  # type: ignore[arg-type]
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.RecordRemittanceAdvice(key(), world.our_payment, advice))


def test_remittance_advice_amounts_are_parsed_to_decimals(ledger: Ledger, world: World) -> None:
    advice = (AdviceItem("INV-000002", "121.00"),)  # type: ignore[arg-type]
    ledger.execute(c.RecordRemittanceAdvice(key(), world.our_payment, advice))
    assert load_payment(ledger, world.our_payment).advice == (
        AdviceItem("INV-000002", Decimal("121.00")),
    )
