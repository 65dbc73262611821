"""Payments: recorded, allocated to invoices and lines, announced by remittance
advice, or paid by card."""
