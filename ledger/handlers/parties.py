"""Parties: buyer companies, their users and reporting lines, and seller staff.

One e-mail address is one person, buyer or staff, never both; a company's web-store id
and ERP account each belong to one company (claimed as unique keys in the same
transaction as the registration).
"""

from __future__ import annotations

from ledger import commands as c
from ledger.commands import new_id
from ledger.companies import Company, DeliveryPreferences, PaymentTerms
from ledger.errors import BadInput, Conflict
from ledger.handlers.lookups import buyer
from ledger.handlers.table import Result, handles
from ledger.peppol import PeppolParticipant
from ledger.registry import UniqueKey, key_id
from ledger.session import Session
from ledger.users import Staff, User, person_id


@handles(c.RegisterCompany)
def register_company(session: Session, cmd: c.RegisterCompany) -> Result:
    company_id = new_id(cmd, "company")
    company = Company.register(
        company_id,
        name=cmd.name,
        currency=cmd.currency,
        terms=PaymentTerms(cmd.terms_code, cmd.net_days),
        credit_limit=cmd.credit_limit,
        web_company_id=cmd.web_company_id,
        erp_account=cmd.erp_account,
        delivery=DeliveryPreferences(
            tuple(cmd.channels), cmd.email_timing, cmd.invoice_email, cmd.ap_portal_url
        ),
    )
    if cmd.billing is not None:
        company.set_billing(cmd.billing)
    session.add(company)
    for kind, value in (
        ("web-company", company.web_company_id),
        ("erp-account", company.erp_account),
    ):
        if value:
            if session.find(UniqueKey, key_id(kind, value)):
                raise Conflict(f"{kind} {value!r} already belongs to a company", **{kind: value})
            session.add(UniqueKey.claim(kind, value, company_id))
    return {"company_id": str(company_id)}


@handles(c.SetPeppolParticipant)
def set_peppol_participant(session: Session, cmd: c.SetPeppolParticipant) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_peppol(PeppolParticipant(cmd.scheme.strip(), cmd.identifier.strip()))
    return {"company_id": str(company.id), "peppol_id": str(company.peppol)}


@handles(c.SetBillingDetails)
def set_billing_details(session: Session, cmd: c.SetBillingDetails) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_billing(cmd.billing)
    return {"company_id": str(company.id)}


@handles(c.SetDeliveryPreferences)
def set_delivery_preferences(session: Session, cmd: c.SetDeliveryPreferences) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_delivery(
        DeliveryPreferences(
            tuple(cmd.channels), cmd.email_timing, cmd.invoice_email, cmd.ap_portal_url
        )
    )
    return {"company_id": str(company.id)}


@handles(c.RegisterUser)
def register_user(session: Session, cmd: c.RegisterUser) -> Result:
    session.get(Company, cmd.company_id)
    if session.find(User, person_id(cmd.email)) or session.find(Staff, person_id(cmd.email)):
        raise Conflict(f"{cmd.email} is already registered", email=cmd.email)
    manager = buyer(session, cmd.reports_to, cmd.company_id).id if cmd.reports_to else None
    user = User.register(
        cmd.company_id, cmd.email, cmd.name, manager, bool(cmd.can_view_all_invoices)
    )
    session.add(user)
    return {"user_id": str(user.id)}


@handles(c.ChangeReportsTo)
def change_reports_to(session: Session, cmd: c.ChangeReportsTo) -> Result:
    user = session.get(User, person_id(cmd.email), "user")
    manager = buyer(session, cmd.reports_to, user.company_id) if cmd.reports_to else None
    # Walk up from the new manager: the user must not end up managing themselves.
    seen = {user.id}
    cursor = manager
    while cursor is not None:
        if cursor.id in seen:
            raise BadInput("reporting lines must not form a cycle")
        seen.add(cursor.id)
        cursor = session.find(User, cursor.reports_to) if cursor.reports_to else None
    user.report_to(manager.id if manager else None)
    return {"user_id": str(user.id)}


@handles(c.RegisterStaff)
def register_staff(session: Session, cmd: c.RegisterStaff) -> Result:
    if session.find(User, person_id(cmd.email)) or session.find(Staff, person_id(cmd.email)):
        raise Conflict(f"{cmd.email} is already registered", email=cmd.email)
    for company_id in cmd.companies:
        session.get(Company, company_id)
    member = Staff.register(cmd.email, cmd.name, tuple(cmd.roles), tuple(cmd.companies))
    session.add(member)
    return {"staff_id": str(member.id)}
