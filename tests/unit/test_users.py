"""People: buyer hierarchies via reports_to, no reporting cycles, one registration per
e-mail address across buyers and staff, known staff roles only."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import BadInput, Conflict, Forbidden, NotFound
from ledger.users import Staff, User, person_id
from tests.builders import Buyer, company, key
from tests.unit.support import assert_verified, refused

ALICE, BOB, CAROL = "alice@acme.example", "bob@acme.example", "carol@acme.example"


@pytest.fixture
def acme(ledger: Ledger) -> Buyer:
    """Acme with Carol -> Bob -> Alice (each reports to the next)."""
    buyer = company(ledger, "Acme")
    ledger.execute(c.RegisterUser(key(), buyer.company_id, ALICE, "Alice", None, True))
    ledger.execute(c.RegisterUser(key(), buyer.company_id, BOB, "Bob", ALICE))
    ledger.execute(c.RegisterUser(key(), buyer.company_id, CAROL, "Carol", BOB))
    return buyer


def user(ledger: Ledger, email: str) -> User:
    found = ledger.load(person_id(email))
    assert isinstance(found, User)
    return found


def change(ledger: Ledger, email: str, reports_to: str | None) -> dict[str, object]:
    return ledger.execute(c.ChangeReportsTo(key(), email, reports_to))


# -- hierarchy ---------------------------------------------------------------------


def test_reports_to_builds_the_hierarchy(ledger: Ledger, acme: Buyer) -> None:
    assert user(ledger, ALICE).reports_to is None
    assert user(ledger, BOB).reports_to == person_id(ALICE)
    assert user(ledger, CAROL).reports_to == person_id(BOB)
    assert user(ledger, ALICE).can_view_all_invoices is True
    assert user(ledger, CAROL).can_view_all_invoices is False
    assert user(ledger, CAROL).company_id == acme.company_id
    assert_verified(ledger)


def test_register_returns_the_id_derived_from_the_email(ledger: Ledger, acme: Buyer) -> None:
    result = ledger.execute(c.RegisterUser(key(), acme.company_id, "Dave@ACME.example", "Dave"))
    assert UUID(result["user_id"]) == person_id("dave@acme.example")
    assert user(ledger, "dave@acme.example").email == "dave@acme.example"


def test_manager_must_be_a_user_of_the_same_company(ledger: Ledger, acme: Buyer) -> None:
    globex = company(ledger, "Globex")
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(c.RegisterUser(key(), globex.company_id, "gus@globex.example", "Gus", ALICE))


def test_manager_must_exist(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(
            c.RegisterUser(
                key(), acme.company_id, "dave@acme.example", "Dave", "nobody@acme.example"
            )
        )


def test_user_needs_a_known_company(ledger: Ledger) -> None:
    with refused(ledger, "NOT_FOUND", NotFound):
        ledger.execute(c.RegisterUser(key(), uuid4(), "x@y.example", "X"))


def test_changing_the_manager_moves_the_user(ledger: Ledger, acme: Buyer) -> None:
    change(ledger, CAROL, ALICE)
    assert user(ledger, CAROL).reports_to == person_id(ALICE)
    change(ledger, BOB, None)
    assert user(ledger, BOB).reports_to is None
    assert_verified(ledger)


def test_reporting_to_oneself_is_a_cycle(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "BAD_INPUT", BadInput) as info:
        change(ledger, BOB, BOB)
    assert "cycle" in info.value.message


def test_reporting_to_ones_own_report_is_a_cycle(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "BAD_INPUT", BadInput) as info:
        change(ledger, BOB, CAROL)
    assert "cycle" in info.value.message


def test_reporting_to_an_indirect_report_is_a_cycle(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "BAD_INPUT", BadInput) as info:
        change(ledger, ALICE, CAROL)
    assert "cycle" in info.value.message
    assert user(ledger, ALICE).reports_to is None


def test_change_for_an_unknown_user_is_not_found(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "NOT_FOUND", NotFound):
        change(ledger, "nobody@acme.example", ALICE)


# -- one registration per e-mail ---------------------------------------------------


def test_buyer_email_registers_once_ignoring_case(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "CONFLICT", Conflict):
        ledger.execute(c.RegisterUser(key(), acme.company_id, "Alice@Acme.Example", "Alice 2"))


def test_buyer_email_cannot_register_at_another_company(ledger: Ledger, acme: Buyer) -> None:
    globex = company(ledger, "Globex")
    with refused(ledger, "CONFLICT", Conflict):
        ledger.execute(c.RegisterUser(key(), globex.company_id, ALICE, "Alice"))


def test_buyer_email_cannot_register_as_staff(ledger: Ledger, acme: Buyer) -> None:
    with refused(ledger, "CONFLICT", Conflict):
        ledger.execute(c.RegisterStaff(key(), ALICE, "Alice", ("SALES",)))


def test_staff_email_cannot_register_as_a_buyer(ledger: Ledger, acme: Buyer) -> None:
    ledger.execute(c.RegisterStaff(key(), "ar@seller.example", "AR", ("AR_MANAGER",)))
    with refused(ledger, "CONFLICT", Conflict):
        ledger.execute(c.RegisterUser(key(), acme.company_id, "AR@seller.example", "AR"))
    with refused(ledger, "CONFLICT", Conflict):
        ledger.execute(c.RegisterStaff(key(), "ar@seller.example", "AR", ("SALES",)))


# -- staff -------------------------------------------------------------------------


def test_staff_keeps_roles_and_accounts(ledger: Ledger, acme: Buyer) -> None:
    result = ledger.execute(
        c.RegisterStaff(
            key(), "sales@seller.example", "S", ("SALES", "CUSTOMER_SERVICE"), (acme.company_id,)
        )
    )
    member = ledger.load(UUID(result["staff_id"]))
    assert isinstance(member, Staff)
    assert (member.roles, member.companies) == (("SALES", "CUSTOMER_SERVICE"), (acme.company_id,))


@pytest.mark.parametrize("roles", [("JANITOR",), ("SALES", "ROOT"), ("sales",), ()])
def test_unknown_or_missing_staff_roles_are_refused(ledger: Ledger, roles: tuple[str, ...]) -> None:
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.RegisterStaff(key(), "x@seller.example", "X", roles))


def test_staff_accounts_must_be_known_companies(ledger: Ledger) -> None:
    with refused(ledger, "NOT_FOUND", NotFound):
        ledger.execute(c.RegisterStaff(key(), "x@seller.example", "X", ("SALES",), (uuid4(),)))
