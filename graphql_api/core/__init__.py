"""What every area of the API shares: fields with permissions, Money, paging, the
request's inputs, running a mutation, and the schema-wide validation rules.

Nothing here knows an invoice from a bank entry; the areas beside it (`invoices/`,
`payments/`, `invoice_queries/`, `credit/`, `orders/`, `account/`, `erp/`, `bank/`, `audit/`)
do, each with its types, its queries and its mutations, as Saleor's `graphql/<area>/`.
"""
