"""Invoices: the list and one invoice (as of any moment), their lines, credit
notes and write-offs."""
