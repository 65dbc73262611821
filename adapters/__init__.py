"""The outside world: web store and ERP imports, bank statements, documents, delivery, payments.

Adapters translate between foreign shapes and ledger commands. They hold no
business rules of their own: every rule is checked by the ledger when the
command runs, so an import and a GraphQL mutation are refused for the same
reasons.
"""
