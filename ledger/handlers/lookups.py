"""What handlers of several areas look up: a buyer of a company, seller staff, the next
document number.

A person named in a command is checked against the company the command is about, so a
buyer can never act for another company; numbers come from a gap-free sequence taken in
the same transaction as the document that uses them.
"""

from __future__ import annotations

from uuid import UUID

from ledger.errors import Forbidden
from ledger.registry import Sequence, key_id
from ledger.session import Session
from ledger.users import Staff, User, person_id


def next_number(session: Session, name: str, prefix: str) -> str:
    seq = session.find(Sequence, key_id("sequence", name)) or session.add(
        Sequence.start(name, prefix)
    )
    return seq.take()


def buyer(session: Session, email: str, company_id: UUID) -> User:
    user = session.find(User, person_id(email))
    if user is None or user.company_id != company_id:
        raise Forbidden(f"{email} is not a user of this company", email=email)
    return user


def staff(session: Session, email: str) -> Staff:
    member = session.find(Staff, person_id(email))
    if member is None:
        raise Forbidden(f"{email} is not seller staff", email=email)
    return member
