"""Who may read which field, as a table a person reviews: written from the rules in
README.md ("Who sees what" in the GraphQL API section) and the mission, not from
`graphql_api/permissions.py`. MATRIX was used only to list which type.field pairs exist;
each mark below was decided from the rules. `tests/oracles/test_access.py` checks MATRIX
against it, and the e2e field tests take the allowed roles from here.

The rules, as read:
  BUYER          invoices of orders they (or people below them) placed: prices, amounts,
                 lines, their queries and the payments on them; no company-wide figures,
                 no history, no event log.
  BUYER_FINANCE  a buyer allowed to view all: the whole company, and company-wide figures
                 (creditStatus, aging, statement).
  AR_MANAGER     everything.
  SALES          credit and account status of their accounts, no payment details
                 (no invoice payments, no statement; they keep aging and credit status).
  CS             accounts, orders and queries; no credit limits (no credit status), no
                 payment details (no invoice payments, no statement; they keep aging).
  DELIVERY       delivery status, not prices or amounts.
  AUDITOR        everything, read-only, history and ledger events included.
Where the rules are silent, the choice is written in a comment on the row (marked
"silent:").

Columns: B = BUYER, F = BUYER_FINANCE, AR = AR_MANAGER, S = SALES, CS = CUSTOMER_SERVICE,
D = DELIVERY, AU = AUDITOR; y = may read, - = FORBIDDEN.
"""

from __future__ import annotations

COLUMNS = ("BUYER", "BUYER_FINANCE", "AR_MANAGER", "SALES", "CUSTOMER_SERVICE", "DELIVERY",
           "AUDITOR")  # fmt: skip

TABLE = """
# type.field                     B  F  AR S  CS D  AU
# --- plumbing: who may reach it is decided by the field that leads there
Viewer.id                        y  y  y  y  y  y  y
Viewer.email                     y  y  y  y  y  y  y
Viewer.name                      y  y  y  y  y  y  y
Viewer.roles                     y  y  y  y  y  y  y
Viewer.company                   y  y  y  y  y  y  y
Node.id                          y  y  y  y  y  y  y   # node(id:) finds only visible rows
Money.amount                     y  y  y  y  y  y  y   # gated by the field holding the Money
Money.currency                   y  y  y  y  y  y  y
PageInfo.hasNextPage             y  y  y  y  y  y  y
PageInfo.endCursor               y  y  y  y  y  y  y
InvoiceConnection.edges          y  y  y  y  y  y  y   # rows are filtered by visibility
InvoiceConnection.pageInfo       y  y  y  y  y  y  y
InvoiceConnection.totalCount     y  y  y  y  y  y  y
InvoiceEdge.cursor               y  y  y  y  y  y  y
InvoiceEdge.node                 y  y  y  y  y  y  y
CompanyConnection.edges          y  y  y  y  y  y  y   # rows are filtered by visibility
CompanyConnection.pageInfo       y  y  y  y  y  y  y
CompanyConnection.totalCount     y  y  y  y  y  y  y
CompanyEdge.cursor               y  y  y  y  y  y  y
CompanyEdge.node                 y  y  y  y  y  y  y
InvoiceQueryConnection.edges     y  y  y  y  y  y  y
InvoiceQueryConnection.pageInfo  y  y  y  y  y  y  y
InvoiceQueryConnection.totalCount  y  y  y  y  y  y  y
InvoiceQueryEdge.cursor          y  y  y  y  y  y  y
InvoiceQueryEdge.node            y  y  y  y  y  y  y
PaymentConnection.edges          y  y  y  y  y  y  y
PaymentConnection.pageInfo       y  y  y  y  y  y  y
PaymentConnection.totalCount     y  y  y  y  y  y  y
PaymentEdge.cursor               y  y  y  y  y  y  y
PaymentEdge.node                 y  y  y  y  y  y  y
QueryMessageConnection.edges     y  y  y  y  y  y  y
QueryMessageConnection.pageInfo  y  y  y  y  y  y  y
QueryMessageConnection.totalCount  y  y  y  y  y  y  y
QueryMessageEdge.cursor          y  y  y  y  y  y  y
QueryMessageEdge.node            y  y  y  y  y  y  y
StatementLineConnection.edges    y  y  y  y  y  y  y
StatementLineConnection.pageInfo y  y  y  y  y  y  y
StatementLineConnection.totalCount  y  y  y  y  y  y  y
StatementLineEdge.cursor         y  y  y  y  y  y  y
StatementLineEdge.node           y  y  y  y  y  y  y
MutationResult.ok                y  y  y  y  y  y  y   # who may call a mutation is MUTATIONS'
MutationResult.result            y  y  y  y  y  y  y
MutationResult.errors            y  y  y  y  y  y  y
UserError.code                   y  y  y  y  y  y  y   # a refusal, for who made the call
UserError.message                y  y  y  y  y  y  y   # a refusal, for who made the call
UserError.field                  y  y  y  y  y  y  y   # a refusal, for who made the call
UserError.figures                y  y  y  y  y  y  y   # a refusal, for who made the call
# --- payloads: who gets one is MUTATIONS'; the objects' own fields keep their rows
RaiseInvoiceQueryPayload.ok  y  y  y  y  y  y  y
RaiseInvoiceQueryPayload.result  y  y  y  y  y  y  y
RaiseInvoiceQueryPayload.errors  y  y  y  y  y  y  y
RaiseInvoiceQueryPayload.query  y  y  y  y  y  y  y
RaiseInvoiceQueryPayload.invoice  y  y  y  y  y  y  y
ReplyToInvoiceQueryPayload.ok  y  y  y  y  y  y  y
ReplyToInvoiceQueryPayload.result  y  y  y  y  y  y  y
ReplyToInvoiceQueryPayload.errors  y  y  y  y  y  y  y
ReplyToInvoiceQueryPayload.query  y  y  y  y  y  y  y
ResolveInvoiceQueryPayload.ok  y  y  y  y  y  y  y
ResolveInvoiceQueryPayload.result  y  y  y  y  y  y  y
ResolveInvoiceQueryPayload.errors  y  y  y  y  y  y  y
ResolveInvoiceQueryPayload.query  y  y  y  y  y  y  y
ResolveInvoiceQueryPayload.invoice  y  y  y  y  y  y  y
SubmitRemittanceAdvicePayload.ok  y  y  y  y  y  y  y
SubmitRemittanceAdvicePayload.result  y  y  y  y  y  y  y
SubmitRemittanceAdvicePayload.errors  y  y  y  y  y  y  y
SubmitRemittanceAdvicePayload.payment  y  y  y  y  y  y  y
SubmitRemittanceAdvicePayload.invoices  y  y  y  y  y  y  y
RecordPaymentPayload.ok  y  y  y  y  y  y  y
RecordPaymentPayload.result  y  y  y  y  y  y  y
RecordPaymentPayload.errors  y  y  y  y  y  y  y
RecordPaymentPayload.payment  y  y  y  y  y  y  y
RecordPaymentPayload.company  y  y  y  y  y  y  y
AllocatePaymentPayload.ok  y  y  y  y  y  y  y
AllocatePaymentPayload.result  y  y  y  y  y  y  y
AllocatePaymentPayload.errors  y  y  y  y  y  y  y
AllocatePaymentPayload.payment  y  y  y  y  y  y  y
AllocatePaymentPayload.invoices  y  y  y  y  y  y  y
IssueCreditNotePayload.ok  y  y  y  y  y  y  y
IssueCreditNotePayload.result  y  y  y  y  y  y  y
IssueCreditNotePayload.errors  y  y  y  y  y  y  y
IssueCreditNotePayload.invoice  y  y  y  y  y  y  y
WriteOffInvoicePayload.ok  y  y  y  y  y  y  y
WriteOffInvoicePayload.result  y  y  y  y  y  y  y
WriteOffInvoicePayload.errors  y  y  y  y  y  y  y
WriteOffInvoicePayload.invoice  y  y  y  y  y  y  y
SetCreditLimitPayload.ok  y  y  y  y  y  y  y
SetCreditLimitPayload.result  y  y  y  y  y  y  y
SetCreditLimitPayload.errors  y  y  y  y  y  y  y
SetCreditLimitPayload.company  y  y  y  y  y  y  y
AssignInvoiceQueryPayload.ok  y  y  y  y  y  y  y
AssignInvoiceQueryPayload.result  y  y  y  y  y  y  y
AssignInvoiceQueryPayload.errors  y  y  y  y  y  y  y
AssignInvoiceQueryPayload.query  y  y  y  y  y  y  y
PauseRemindersPayload.ok  y  y  y  y  y  y  y
PauseRemindersPayload.result  y  y  y  y  y  y  y
PauseRemindersPayload.errors  y  y  y  y  y  y  y
PauseRemindersPayload.invoice  y  y  y  y  y  y  y
PauseRemindersPayload.company  y  y  y  y  y  y  y
ResumeRemindersPayload.ok  y  y  y  y  y  y  y
ResumeRemindersPayload.result  y  y  y  y  y  y  y
ResumeRemindersPayload.errors  y  y  y  y  y  y  y
ResumeRemindersPayload.invoice  y  y  y  y  y  y  y
ResumeRemindersPayload.company  y  y  y  y  y  y  y
SetPeppolParticipantPayload.ok  y  y  y  y  y  y  y
SetPeppolParticipantPayload.result  y  y  y  y  y  y  y
SetPeppolParticipantPayload.errors  y  y  y  y  y  y  y
SetPeppolParticipantPayload.company  y  y  y  y  y  y  y
ResolveErpExceptionPayload.ok  y  y  y  y  y  y  y
ResolveErpExceptionPayload.result  y  y  y  y  y  y  y
ResolveErpExceptionPayload.errors  y  y  y  y  y  y  y
ResolveErpExceptionPayload.invoice  y  y  y  y  y  y  y
ResolveErpExceptionPayload.company  y  y  y  y  y  y  y
DismissErpExceptionPayload.ok  y  y  y  y  y  y  y
DismissErpExceptionPayload.result  y  y  y  y  y  y  y
DismissErpExceptionPayload.errors  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.ok  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.result  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.errors  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.bankEntry  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.payment  y  y  y  y  y  y  y
AcceptPaymentSuggestionPayload.invoice  y  y  y  y  y  y  y
PayInvoicesByCardPayload.ok  y  y  y  y  y  y  y
PayInvoicesByCardPayload.result  y  y  y  y  y  y  y
PayInvoicesByCardPayload.errors  y  y  y  y  y  y  y
PayInvoicesByCardPayload.invoices  y  y  y  y  y  y  y
PayInvoicesByCardPayload.intent  y  y  y  y  y  y  y
DismissBankEntryPayload.ok  y  y  y  y  y  y  y
DismissBankEntryPayload.result  y  y  y  y  y  y  y
DismissBankEntryPayload.errors  y  y  y  y  y  y  y
DismissBankEntryPayload.bankEntry  y  y  y  y  y  y  y
# --- an invoice: what identifies it and its delivery state is for everyone who sees the row
Invoice.id                       y  y  y  y  y  y  y
Invoice.number                   y  y  y  y  y  y  y
Invoice.source                   y  y  y  y  y  y  y
Invoice.status                   y  y  y  y  y  y  y # silent: a state, not an amount
Invoice.order                    y  y  y  y  y  y  y
Invoice.company                  y  y  y  y  y  y  y
Invoice.customerId               y  y  y  y  y  y  y
Invoice.issueDate                y  y  y  y  y  y  y
Invoice.dueDate                  y  y  y  y  y  y  y   # silent: a date, not an amount
Invoice.currency                 y  y  y  y  y  y  y
Invoice.lines                    y  y  y  y  y  y  y   # the lines' prices are gated on InvoiceLine
Invoice.paymentTerms             y  y  y  y  y  -  y # silent: commercial, not delivery
Invoice.subtotal                 y  y  y  y  y  -  y   # amounts: all but delivery
Invoice.taxTotal                 y  y  y  y  y  -  y
Invoice.total                    y  y  y  y  y  -  y
Invoice.paid                     y  y  y  y  y  -  y # account status, not payment details
Invoice.open                     y  y  y  y  y  -  y
Invoice.disputed                 y  y  y  y  y  -  y
Invoice.queries                  y  y  y  -  y  -  y # silent for sales: not their remit
Invoice.payments                 y  y  y  -  -  -  y   # payment details: not sales, CS, delivery
Invoice.history                  -  -  y  -  -  -  y   # history: AR and auditors only
Invoice.creditNotes              y  y  y  y  y  -  y   # each carries its amount: all but delivery
PaymentTerms.code                y  y  y  y  y  -  y
PaymentTerms.netDays             y  y  y  y  y  -  y
CreditNote.number                y  y  y  y  y  -  y   # on its invoice, as its documents
CreditNote.issuedOn              y  y  y  y  y  -  y
CreditNote.amount                y  y  y  y  y  -  y
InvoiceLine.id                   y  y  y  y  y  y  y
InvoiceLine.sku                  y  y  y  y  y  y  y
InvoiceLine.description          y  y  y  y  y  y  y
InvoiceLine.quantity             y  y  y  y  y  y  y   # a quantity, not an amount
InvoiceLine.disputed             y  y  y  y  y  y  y   # a flag, not an amount
InvoiceLine.delivered            y  y  y  y  y  y  y   # delivery status
InvoiceLine.unitPrice            y  y  y  y  y  -  y   # prices and amounts: all but delivery
InvoiceLine.net                  y  y  y  y  y  -  y
InvoiceLine.tax                  y  y  y  y  y  -  y
InvoiceLine.total                y  y  y  y  y  -  y
# --- orders: for everyone who sees the row (CS: orders; delivery: what to deliver)
Order.id                         y  y  y  y  y  y  y
Order.number                     y  y  y  y  y  y  y
Order.placedAt                   y  y  y  y  y  y  y
Order.placedBy                   y  y  y  y  y  y  y
Order.lines                      y  y  y  y  y  y  y
OrderLine.id                     y  y  y  y  y  y  y
OrderLine.sku                    y  y  y  y  y  y  y
OrderLine.description            y  y  y  y  y  y  y
OrderLine.quantity               y  y  y  y  y  y  y
OrderLine.shipped                y  y  y  y  y  y  y
OrderLine.delivered              y  y  y  y  y  y  y
Person.id                        y  y  y  y  y  y  y
Person.email                     y  y  y  y  y  y  y
Person.name                      y  y  y  y  y  y  y
CompanyRef.id                    y  y  y  y  y  y  y
CompanyRef.name                  y  y  y  y  y  y  y
# --- a company: company-wide figures only for who may see the whole company
Company.id                       y  y  y  y  y  y  y
Company.name                     y  y  y  y  y  y  y
Company.invoices                 y  y  y  y  y  y  y   # rows as invoices(companyId:)
Company.queries                  y  y  y  -  y  -  y   # as Invoice.queries
Company.payments                 -  y  y  -  -  -  y   # company-wide payment details, as statement
Company.balance                  -  y  y  y  y  -  y   # company-wide, as aging
Company.overdue                  -  y  y  y  y  -  y   # company-wide, as aging
Company.creditStatus             -  y  y  y  -  -  y # CS: no credit limits
Company.aging                    -  y  y  y  y  -  y # sales and CS keep aging
Company.statement                -  y  y  -  -  -  y   # payments received: payment details
Company.creditRisk               -  -  y  y  -  -  y # silent: seller's own, credit staff
CreditStatus.limit               -  y  y  y  -  -  y
CreditStatus.exposure            -  y  y  y  -  -  y
CreditStatus.available           -  y  y  y  -  -  y   # limit minus exposure: reveals the limit
CreditStatus.onHold              -  y  y  y  -  -  y # silent for CS: kept with the rest
CreditStatus.holdReason          -  y  y  y  -  -  y
AgedDebt.currency                -  y  y  y  y  -  y
AgedDebt.current                 -  y  y  y  y  -  y
AgedDebt.days1To30               -  y  y  y  y  -  y
AgedDebt.days31To60              -  y  y  y  y  -  y
AgedDebt.days61To90              -  y  y  y  y  -  y
AgedDebt.days90Plus              -  y  y  y  y  -  y
Statement.opening                -  y  y  -  -  -  y
Statement.lines                  -  y  y  -  -  -  y
Statement.linesPage              -  y  y  -  -  -  y
Statement.closing                -  y  y  -  -  -  y
StatementLine.date               -  y  y  -  -  -  y
StatementLine.kind               -  y  y  -  -  -  y
StatementLine.document           -  y  y  -  -  -  y
StatementLine.reference          -  y  y  -  -  -  y
StatementLine.amount             -  y  y  -  -  -  y
StatementLine.applied            -  y  y  -  -  -  y
StatementLine.balance            -  y  y  -  -  -  y
CreditRisk.score                 -  -  y  y  -  -  y
CreditRisk.grade                 -  -  y  y  -  -  y
CreditRisk.reasons               -  -  y  y  -  -  y
# --- book-wide figures (every company): silent; AR and auditors only, as sales see only
# --- their accounts and no buyer may see other companies
ArMetrics.dso                    -  -  y  -  -  -  y
ArMetrics.valueInDispute         -  -  y  -  -  -  y
ArMetrics.agedDebt               -  -  y  -  -  -  y
ArMetrics.trend                  -  -  y  -  -  -  y
ArMonth.month                    -  -  y  -  -  -  y
ArMonth.dso                      -  -  y  -  -  -  y
ArMonth.collected                -  -  y  -  -  -  y
ArMonth.due                      -  -  y  -  -  -  y
Dso.currency                     -  -  y  -  -  -  y
Dso.days                         -  -  y  -  -  -  y
# --- queries: buyers (they raise them), CS, AR, auditor
InvoiceQuery.id                  y  y  y  -  y  -  y
InvoiceQuery.reason              y  y  y  -  y  -  y
InvoiceQuery.status              y  y  y  -  y  -  y
InvoiceQuery.lineIds             y  y  y  -  y  -  y
InvoiceQuery.disputed            y  y  y  -  y  -  y
InvoiceQuery.messagesPage        y  y  y  -  y  -  y
InvoiceQuery.messages            y  y  y  -  y  -  y
InvoiceQuery.outcome             y  y  y  -  y  -  y
InvoiceQuery.assignedTo          -  -  y  -  y  -  y   # silent: the seller's own work
QueryMessage.side                y  y  y  -  y  -  y
QueryMessage.author              y  y  y  -  y  -  y
QueryMessage.body                y  y  y  -  y  -  y
QueryMessage.at                  y  y  y  -  y  -  y
# --- payment details: buyers (their own payments), AR, auditor
InvoicePayment.paymentId         y  y  y  -  -  -  y
InvoicePayment.amount            y  y  y  -  -  -  y
InvoicePayment.at                y  y  y  -  -  -  y
InvoicePayment.reference         y  y  y  -  -  -  y
InvoicePayment.method            y  y  y  -  -  -  y
# --- history and the event log: AR managers and auditors only
# --- a payment received: payment details (reached by Company.payments or node(id:))
Payment.id                       y  y  y  -  -  -  y
Payment.companyId                y  y  y  -  -  -  y
Payment.amount                   y  y  y  -  -  -  y
Payment.unapplied                y  y  y  -  -  -  y
Payment.method                   y  y  y  -  -  -  y
Payment.reference                y  y  y  -  -  -  y
Payment.receivedOn               y  y  y  -  -  -  y
Payment.reversed                 y  y  y  -  -  -  y
Payment.appliedTo                y  y  y  -  -  -  y
PaymentApplication.invoiceId     y  y  y  -  -  -  y
PaymentApplication.amount        y  y  y  -  -  -  y
PaymentApplication.at            y  y  y  -  -  -  y
CardPaymentIntent.cardPaymentId  y  y  y  -  -  -  y  # silent: a payment detail
CardPaymentIntent.intentId       y  y  y  -  -  -  y
CardPaymentIntent.clientSecret   y  y  y  -  -  -  y
CardPaymentIntent.amount         y  y  y  -  -  -  y
InvoiceVersion.position          -  -  y  -  -  -  y
InvoiceVersion.at                -  -  y  -  -  -  y
InvoiceVersion.open              -  -  y  -  -  -  y
InvoiceVersion.paid              -  -  y  -  -  -  y
InvoiceVersion.status            -  -  y  -  -  -  y
InvoiceVersion.invoiceStatus     -  -  y  -  -  -  y
LedgerEventConnection.edges      -  -  y  -  -  -  y
LedgerEventConnection.pageInfo   -  -  y  -  -  -  y
LedgerEventEdge.cursor           -  -  y  -  -  -  y
LedgerEventEdge.node             -  -  y  -  -  -  y
LedgerEvent.position             -  -  y  -  -  -  y
LedgerEvent.type                 -  -  y  -  -  -  y
LedgerEvent.streamId             -  -  y  -  -  -  y
LedgerEvent.occurredAt           -  -  y  -  -  -  y
LedgerEvent.hash                 -  -  y  -  -  -  y
LedgerEvent.data                 -  -  y  -  -  -  y
# --- AR's work queues (bank entries, ERP exceptions): silent; AR and auditors. Bank
# --- entries are payment details (payer, account, amount); ERP documents carry amounts.
BankEntry.id                     -  -  y  -  -  -  y
BankEntry.reference              -  -  y  -  -  -  y
BankEntry.bookedOn               -  -  y  -  -  -  y
BankEntry.amount                 -  -  y  -  -  -  y
BankEntry.payer                  -  -  y  -  -  -  y
BankEntry.payerAccount           -  -  y  -  -  -  y
BankEntry.remittance             -  -  y  -  -  -  y
BankEntry.companyId              -  -  y  -  -  -  y
BankEntry.paymentId              -  -  y  -  -  -  y
BankEntry.status                 -  -  y  -  -  -  y
BankEntry.suggestions            -  -  y  -  -  -  y
BankEntry.note                   -  -  y  -  -  -  y
PaymentSuggestion.invoiceId      -  -  y  -  -  -  y
PaymentSuggestion.number         -  -  y  -  -  -  y
PaymentSuggestion.amount         -  -  y  -  -  -  y
PaymentSuggestion.reason         -  -  y  -  -  -  y
# --- reminders (dunning) and their pauses: the money-in side's work, read by audit
DueReminder.invoiceId            -  -  y  -  -  -  y
DueReminder.number               -  -  y  -  -  -  y
DueReminder.company              -  -  y  -  -  -  y
DueReminder.dueDate              -  -  y  -  -  -  y
DueReminder.step                 -  -  y  -  -  -  y
DueReminder.channel              -  -  y  -  -  -  y
DueReminder.amountDue            -  -  y  -  -  -  y
DueReminder.paused               -  -  y  -  -  -  y
DueReminder.pausedFor            -  -  y  -  -  -  y
DueReminder.pauseReason          -  -  y  -  -  -  y
DueReminder.pausedUntil          -  -  y  -  -  -  y
DueReminder.willSend             -  -  y  -  -  -  y
ReminderPause.kind               -  -  y  -  -  -  y
ReminderPause.subjectId          -  -  y  -  -  -  y
ReminderPause.company            -  -  y  -  -  -  y
ReminderPause.invoiceNumber      -  -  y  -  -  -  y
ReminderPause.reason             -  -  y  -  -  -  y
ReminderPause.until              -  -  y  -  -  -  y
ReminderPause.pausedBy           -  -  y  -  -  -  y
ReminderPause.pausedAt           -  -  y  -  -  -  y
ErpException.id                  -  -  y  -  -  -  y
ErpException.source              -  -  y  -  -  -  y
ErpException.number              -  -  y  -  -  -  y
ErpException.reason              -  -  y  -  -  -  y
ErpException.status              -  -  y  -  -  -  y
ErpException.document            -  -  y  -  -  -  y
ErpException.parkedAt            -  -  y  -  -  -  y
ErpException.closedAt            -  -  y  -  -  -  y
ErpException.invoiceId           -  -  y  -  -  -  y
ErpException.companyId           -  -  y  -  -  -  y
ErpException.note                -  -  y  -  -  -  y
"""


def _parse(text: str) -> dict[str, dict[str, frozenset[str]]]:
    access: dict[str, dict[str, frozenset[str]]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        pair, *marks = line
        type_name, field = pair.split(".")
        if len(marks) != len(COLUMNS) or set(marks) - {"y", "-"}:
            raise ValueError(f"access table line {number}: {raw!r}")
        if field in access.get(type_name, {}):
            raise ValueError(f"access table line {number}: {pair} twice")
        allowed = frozenset(role for role, mark in zip(COLUMNS, marks, strict=True) if mark == "y")
        access.setdefault(type_name, {})[field] = allowed
    return access


# type -> field -> the roles that may read it
ACCESS: dict[str, dict[str, frozenset[str]]] = _parse(TABLE)
