/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer { id email name roles company { id name } }\n  }\n": typeof types.ViewerDocument,
    "\n  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {\n    company(id: $id) {\n      id name\n      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }\n      aging { currency current days1To30 days31To60 days61To90 days90Plus }\n      statement(from: $from, to: $to) @include(if: $statement) {\n        opening { amount currency } closing { amount currency }\n        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }\n      }\n    }\n  }\n": typeof types.AccountDocument,
    "\n  query InvoicePage($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n": typeof types.InvoicePageDocument,
    "\n  query InvoiceMoney($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n      creditNotes { number issuedOn amount { amount currency } }\n    }\n  }\n": typeof types.InvoiceMoneyDocument,
    "\n  query InvoiceQueries($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) { id queries { id reason status lineIds messages { side body at } } }\n  }\n": typeof types.InvoiceQueriesDocument,
    "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID, $asOf: DateTime, $issuedFrom: Date, $issuedTo: Date) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId, asOf: $asOf, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n": typeof types.InvoiceListDocument,
    "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID, $asOf: DateTime) {\n    invoices(source: $source, first: 1, companyId: $companyId, asOf: $asOf) { totalCount }\n  }\n": typeof types.InvoiceCountDocument,
    "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { intent { intentId clientSecret amount { amount currency } } }\n  }\n": typeof types.PayInvoicesByCardDocument,
    "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) {\n    raiseInvoiceQuery(input: $input) { query { id reason status lineIds messages { side body at } } invoice { id status } }\n  }\n": typeof types.RaiseQueryDocument,
    "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) {\n    replyToInvoiceQuery(input: $input) { query { id status messages { side body at } } }\n  }\n": typeof types.ReplyToQueryDocument,
    "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) {\n    submitRemittanceAdvice(input: $input) { payment { id unapplied { amount currency } } invoices { id status } }\n  }\n": typeof types.SubmitRemittanceDocument,
    "\n  query QueryAssignee($id: ID!) { node(id: $id) { id ... on InvoiceQuery { assignedTo { id name email } } } }\n": typeof types.QueryAssigneeDocument,
    "\n  mutation AssignQuery($input: AssignInvoiceQueryInput!) {\n    assignInvoiceQuery(input: $input) { query { id assignedTo { id name email } } }\n  }\n": typeof types.AssignQueryDocument,
    "\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n": typeof types.BankEntriesDocument,
    "\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n": typeof types.OpenInvoicesOfDocument,
    "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) {\n    acceptPaymentSuggestion(input: $input) { bankEntry { id status paymentId } invoice { id status open { amount currency } } }\n  }\n": typeof types.AcceptSuggestionDocument,
    "\n  mutation AllocatePayment($input: AllocatePaymentInput!) {\n    allocatePayment(input: $input) { payment { id unapplied { amount currency } } invoices { id status open { amount currency } } }\n  }\n": typeof types.AllocatePaymentDocument,
    "\n  mutation DismissBankEntry($input: DismissBankEntryInput!) {\n    dismissBankEntry(input: $input) { bankEntry { id status note } }\n  }\n": typeof types.DismissBankEntryDocument,
    "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) {\n    setCreditLimit(input: $input) { company { id creditStatus { limit { amount currency } exposure { amount currency }\n      available { amount currency } onHold holdReason } } }\n  }\n": typeof types.SetCreditLimitDocument,
    "query CustomerName($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id name } }": typeof types.CustomerNameDocument,
    "\n  query CustomerCredit($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n": typeof types.CustomerCreditDocument,
    "query CustomerRisk($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id creditRisk { score grade reasons } } }": typeof types.CustomerRiskDocument,
    "\n  query CustomerAging($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n": typeof types.CustomerAgingDocument,
    "\n  query CustomerPayments($id: ID!) { company(id: $id) { id payments(first: 20) { totalCount\n    edges { node { id receivedOn method reference reversed amount { amount currency } unapplied { amount currency }\n      appliedTo { invoiceId amount { amount currency } } } } } } }\n": typeof types.CustomerPaymentsDocument,
    "\n  query CustomerQueries($id: ID!) { company(id: $id) { id queries(first: 20) { totalCount\n    edges { node { id reason status outcome disputed { amount currency } } } } } }\n": typeof types.CustomerQueriesDocument,
    "\n  query CustomerTimeline($id: ID!, $from: Date) { company(id: $id) { id statement(from: $from) {\n    linesPage(first: 50) { totalCount edges { node { date kind document amount { amount currency } balance { amount currency } } } } } } }\n": typeof types.CustomerTimelineDocument,
    "\n  query CustomerNames($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": typeof types.CustomerNamesDocument,
    "\n  query CustomerAccounts($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency } } }\n    }\n  }\n": typeof types.CustomerAccountsDocument,
    "\n  query CustomerCreditList($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency }\n        creditRisk { grade } creditStatus { onHold holdReason } } }\n    }\n  }\n": typeof types.CustomerCreditListDocument,
    "\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n": typeof types.ArDashboardDocument,
    "\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n": typeof types.ArTrendDocument,
    "\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n": typeof types.ArExposureDocument,
    "\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n": typeof types.DeliveriesDocument,
    "\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n": typeof types.ErpExceptionsDocument,
    "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { errors { code } } }\n": typeof types.DismissErpExceptionDocument,
    "\n  query LedgerEvents($after: String, $until: DateTime) {\n    ledgerEvents(first: 25, after: $after, until: $until) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n": typeof types.LedgerEventsDocument,
    "\n  query Holds($after: String, $asOf: DateTime) {\n    companies(onHold: true, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name creditStatus { onHold holdReason limit { amount currency }\n        exposure { amount currency } available { amount currency } } } }\n    }\n  }\n": typeof types.HoldsDocument,
    "\n  query RemindersDue {\n    remindersDue {\n      invoiceId number company { id name } dueDate step channel amountDue { amount currency }\n      paused pausedFor pauseReason pausedUntil willSend\n    }\n    reminderPauses { kind subjectId company { id name } invoiceNumber reason until pausedBy }\n  }\n": typeof types.RemindersDueDocument,
    "\n  mutation PauseReminders($input: PauseRemindersInput!) { pauseReminders(input: $input) { invoice { id } company { id } } }\n": typeof types.PauseRemindersDocument,
    "\n  mutation ResumeReminders($input: ResumeRemindersInput!) { resumeReminders(input: $input) { invoice { id } company { id } } }\n": typeof types.ResumeRemindersDocument,
    "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) {\n    resolveInvoiceQuery(input: $input) { query { id status } invoice { id status open { amount currency } } }\n  }\n": typeof types.ResolveQueryDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer { id email name roles company { id name } }\n  }\n": types.ViewerDocument,
    "\n  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {\n    company(id: $id) {\n      id name\n      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }\n      aging { currency current days1To30 days31To60 days61To90 days90Plus }\n      statement(from: $from, to: $to) @include(if: $statement) {\n        opening { amount currency } closing { amount currency }\n        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }\n      }\n    }\n  }\n": types.AccountDocument,
    "\n  query InvoicePage($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n": types.InvoicePageDocument,
    "\n  query InvoiceMoney($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n      creditNotes { number issuedOn amount { amount currency } }\n    }\n  }\n": types.InvoiceMoneyDocument,
    "\n  query InvoiceQueries($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) { id queries { id reason status lineIds messages { side body at } } }\n  }\n": types.InvoiceQueriesDocument,
    "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID, $asOf: DateTime, $issuedFrom: Date, $issuedTo: Date) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId, asOf: $asOf, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n": types.InvoiceListDocument,
    "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID, $asOf: DateTime) {\n    invoices(source: $source, first: 1, companyId: $companyId, asOf: $asOf) { totalCount }\n  }\n": types.InvoiceCountDocument,
    "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { intent { intentId clientSecret amount { amount currency } } }\n  }\n": types.PayInvoicesByCardDocument,
    "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) {\n    raiseInvoiceQuery(input: $input) { query { id reason status lineIds messages { side body at } } invoice { id status } }\n  }\n": types.RaiseQueryDocument,
    "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) {\n    replyToInvoiceQuery(input: $input) { query { id status messages { side body at } } }\n  }\n": types.ReplyToQueryDocument,
    "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) {\n    submitRemittanceAdvice(input: $input) { payment { id unapplied { amount currency } } invoices { id status } }\n  }\n": types.SubmitRemittanceDocument,
    "\n  query QueryAssignee($id: ID!) { node(id: $id) { id ... on InvoiceQuery { assignedTo { id name email } } } }\n": types.QueryAssigneeDocument,
    "\n  mutation AssignQuery($input: AssignInvoiceQueryInput!) {\n    assignInvoiceQuery(input: $input) { query { id assignedTo { id name email } } }\n  }\n": types.AssignQueryDocument,
    "\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n": types.BankEntriesDocument,
    "\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n": types.OpenInvoicesOfDocument,
    "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) {\n    acceptPaymentSuggestion(input: $input) { bankEntry { id status paymentId } invoice { id status open { amount currency } } }\n  }\n": types.AcceptSuggestionDocument,
    "\n  mutation AllocatePayment($input: AllocatePaymentInput!) {\n    allocatePayment(input: $input) { payment { id unapplied { amount currency } } invoices { id status open { amount currency } } }\n  }\n": types.AllocatePaymentDocument,
    "\n  mutation DismissBankEntry($input: DismissBankEntryInput!) {\n    dismissBankEntry(input: $input) { bankEntry { id status note } }\n  }\n": types.DismissBankEntryDocument,
    "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) {\n    setCreditLimit(input: $input) { company { id creditStatus { limit { amount currency } exposure { amount currency }\n      available { amount currency } onHold holdReason } } }\n  }\n": types.SetCreditLimitDocument,
    "query CustomerName($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id name } }": types.CustomerNameDocument,
    "\n  query CustomerCredit($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n": types.CustomerCreditDocument,
    "query CustomerRisk($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id creditRisk { score grade reasons } } }": types.CustomerRiskDocument,
    "\n  query CustomerAging($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n": types.CustomerAgingDocument,
    "\n  query CustomerPayments($id: ID!) { company(id: $id) { id payments(first: 20) { totalCount\n    edges { node { id receivedOn method reference reversed amount { amount currency } unapplied { amount currency }\n      appliedTo { invoiceId amount { amount currency } } } } } } }\n": types.CustomerPaymentsDocument,
    "\n  query CustomerQueries($id: ID!) { company(id: $id) { id queries(first: 20) { totalCount\n    edges { node { id reason status outcome disputed { amount currency } } } } } }\n": types.CustomerQueriesDocument,
    "\n  query CustomerTimeline($id: ID!, $from: Date) { company(id: $id) { id statement(from: $from) {\n    linesPage(first: 50) { totalCount edges { node { date kind document amount { amount currency } balance { amount currency } } } } } } }\n": types.CustomerTimelineDocument,
    "\n  query CustomerNames($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n": types.CustomerNamesDocument,
    "\n  query CustomerAccounts($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency } } }\n    }\n  }\n": types.CustomerAccountsDocument,
    "\n  query CustomerCreditList($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency }\n        creditRisk { grade } creditStatus { onHold holdReason } } }\n    }\n  }\n": types.CustomerCreditListDocument,
    "\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n": types.ArDashboardDocument,
    "\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n": types.ArTrendDocument,
    "\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n": types.ArExposureDocument,
    "\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n": types.DeliveriesDocument,
    "\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n": types.ErpExceptionsDocument,
    "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { errors { code } } }\n": types.DismissErpExceptionDocument,
    "\n  query LedgerEvents($after: String, $until: DateTime) {\n    ledgerEvents(first: 25, after: $after, until: $until) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n": types.LedgerEventsDocument,
    "\n  query Holds($after: String, $asOf: DateTime) {\n    companies(onHold: true, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name creditStatus { onHold holdReason limit { amount currency }\n        exposure { amount currency } available { amount currency } } } }\n    }\n  }\n": types.HoldsDocument,
    "\n  query RemindersDue {\n    remindersDue {\n      invoiceId number company { id name } dueDate step channel amountDue { amount currency }\n      paused pausedFor pauseReason pausedUntil willSend\n    }\n    reminderPauses { kind subjectId company { id name } invoiceNumber reason until pausedBy }\n  }\n": types.RemindersDueDocument,
    "\n  mutation PauseReminders($input: PauseRemindersInput!) { pauseReminders(input: $input) { invoice { id } company { id } } }\n": types.PauseRemindersDocument,
    "\n  mutation ResumeReminders($input: ResumeRemindersInput!) { resumeReminders(input: $input) { invoice { id } company { id } } }\n": types.ResumeRemindersDocument,
    "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) {\n    resolveInvoiceQuery(input: $input) { query { id status } invoice { id status open { amount currency } } }\n  }\n": types.ResolveQueryDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer { id email name roles company { id name } }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer { id email name roles company { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {\n    company(id: $id) {\n      id name\n      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }\n      aging { currency current days1To30 days31To60 days61To90 days90Plus }\n      statement(from: $from, to: $to) @include(if: $statement) {\n        opening { amount currency } closing { amount currency }\n        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {\n    company(id: $id) {\n      id name\n      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }\n      aging { currency current days1To30 days31To60 days61To90 days90Plus }\n      statement(from: $from, to: $to) @include(if: $statement) {\n        opening { amount currency } closing { amount currency }\n        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoicePage($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n"): (typeof documents)["\n  query InvoicePage($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceMoney($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n      creditNotes { number issuedOn amount { amount currency } }\n    }\n  }\n"): (typeof documents)["\n  query InvoiceMoney($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n      creditNotes { number issuedOn amount { amount currency } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceQueries($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) { id queries { id reason status lineIds messages { side body at } } }\n  }\n"): (typeof documents)["\n  query InvoiceQueries($id: ID!, $asOf: DateTime) {\n    invoice(id: $id, asOf: $asOf) { id queries { id reason status lineIds messages { side body at } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID, $asOf: DateTime, $issuedFrom: Date, $issuedTo: Date) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId, asOf: $asOf, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID, $asOf: DateTime, $issuedFrom: Date, $issuedTo: Date) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId, asOf: $asOf, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID, $asOf: DateTime) {\n    invoices(source: $source, first: 1, companyId: $companyId, asOf: $asOf) { totalCount }\n  }\n"): (typeof documents)["\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID, $asOf: DateTime) {\n    invoices(source: $source, first: 1, companyId: $companyId, asOf: $asOf) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { intent { intentId clientSecret amount { amount currency } } }\n  }\n"): (typeof documents)["\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { intent { intentId clientSecret amount { amount currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) {\n    raiseInvoiceQuery(input: $input) { query { id reason status lineIds messages { side body at } } invoice { id status } }\n  }\n"): (typeof documents)["\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) {\n    raiseInvoiceQuery(input: $input) { query { id reason status lineIds messages { side body at } } invoice { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) {\n    replyToInvoiceQuery(input: $input) { query { id status messages { side body at } } }\n  }\n"): (typeof documents)["\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) {\n    replyToInvoiceQuery(input: $input) { query { id status messages { side body at } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) {\n    submitRemittanceAdvice(input: $input) { payment { id unapplied { amount currency } } invoices { id status } }\n  }\n"): (typeof documents)["\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) {\n    submitRemittanceAdvice(input: $input) { payment { id unapplied { amount currency } } invoices { id status } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QueryAssignee($id: ID!) { node(id: $id) { id ... on InvoiceQuery { assignedTo { id name email } } } }\n"): (typeof documents)["\n  query QueryAssignee($id: ID!) { node(id: $id) { id ... on InvoiceQuery { assignedTo { id name email } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignQuery($input: AssignInvoiceQueryInput!) {\n    assignInvoiceQuery(input: $input) { query { id assignedTo { id name email } } }\n  }\n"): (typeof documents)["\n  mutation AssignQuery($input: AssignInvoiceQueryInput!) {\n    assignInvoiceQuery(input: $input) { query { id assignedTo { id name email } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n"): (typeof documents)["\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) {\n    acceptPaymentSuggestion(input: $input) { bankEntry { id status paymentId } invoice { id status open { amount currency } } }\n  }\n"): (typeof documents)["\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) {\n    acceptPaymentSuggestion(input: $input) { bankEntry { id status paymentId } invoice { id status open { amount currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AllocatePayment($input: AllocatePaymentInput!) {\n    allocatePayment(input: $input) { payment { id unapplied { amount currency } } invoices { id status open { amount currency } } }\n  }\n"): (typeof documents)["\n  mutation AllocatePayment($input: AllocatePaymentInput!) {\n    allocatePayment(input: $input) { payment { id unapplied { amount currency } } invoices { id status open { amount currency } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DismissBankEntry($input: DismissBankEntryInput!) {\n    dismissBankEntry(input: $input) { bankEntry { id status note } }\n  }\n"): (typeof documents)["\n  mutation DismissBankEntry($input: DismissBankEntryInput!) {\n    dismissBankEntry(input: $input) { bankEntry { id status note } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) {\n    setCreditLimit(input: $input) { company { id creditStatus { limit { amount currency } exposure { amount currency }\n      available { amount currency } onHold holdReason } } }\n  }\n"): (typeof documents)["\n  mutation SetCreditLimit($input: SetCreditLimitInput!) {\n    setCreditLimit(input: $input) { company { id creditStatus { limit { amount currency } exposure { amount currency }\n      available { amount currency } onHold holdReason } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerName($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id name } }"): (typeof documents)["query CustomerName($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerCredit($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n"): (typeof documents)["\n  query CustomerCredit($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerRisk($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id creditRisk { score grade reasons } } }"): (typeof documents)["query CustomerRisk($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id creditRisk { score grade reasons } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerAging($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n"): (typeof documents)["\n  query CustomerAging($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerPayments($id: ID!) { company(id: $id) { id payments(first: 20) { totalCount\n    edges { node { id receivedOn method reference reversed amount { amount currency } unapplied { amount currency }\n      appliedTo { invoiceId amount { amount currency } } } } } } }\n"): (typeof documents)["\n  query CustomerPayments($id: ID!) { company(id: $id) { id payments(first: 20) { totalCount\n    edges { node { id receivedOn method reference reversed amount { amount currency } unapplied { amount currency }\n      appliedTo { invoiceId amount { amount currency } } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerQueries($id: ID!) { company(id: $id) { id queries(first: 20) { totalCount\n    edges { node { id reason status outcome disputed { amount currency } } } } } }\n"): (typeof documents)["\n  query CustomerQueries($id: ID!) { company(id: $id) { id queries(first: 20) { totalCount\n    edges { node { id reason status outcome disputed { amount currency } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerTimeline($id: ID!, $from: Date) { company(id: $id) { id statement(from: $from) {\n    linesPage(first: 50) { totalCount edges { node { date kind document amount { amount currency } balance { amount currency } } } } } } }\n"): (typeof documents)["\n  query CustomerTimeline($id: ID!, $from: Date) { company(id: $id) { id statement(from: $from) {\n    linesPage(first: 50) { totalCount edges { node { date kind document amount { amount currency } balance { amount currency } } } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerNames($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n"): (typeof documents)["\n  query CustomerNames($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerAccounts($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query CustomerAccounts($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerCreditList($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency }\n        creditRisk { grade } creditStatus { onHold holdReason } } }\n    }\n  }\n"): (typeof documents)["\n  query CustomerCreditList($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {\n    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name balance { amount currency } overdue { amount currency }\n        creditRisk { grade } creditStatus { onHold holdReason } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n"): (typeof documents)["\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n"): (typeof documents)["\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n"): (typeof documents)["\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n"): (typeof documents)["\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { errors { code } } }\n"): (typeof documents)["\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { errors { code } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LedgerEvents($after: String, $until: DateTime) {\n    ledgerEvents(first: 25, after: $after, until: $until) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n"): (typeof documents)["\n  query LedgerEvents($after: String, $until: DateTime) {\n    ledgerEvents(first: 25, after: $after, until: $until) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Holds($after: String, $asOf: DateTime) {\n    companies(onHold: true, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name creditStatus { onHold holdReason limit { amount currency }\n        exposure { amount currency } available { amount currency } } } }\n    }\n  }\n"): (typeof documents)["\n  query Holds($after: String, $asOf: DateTime) {\n    companies(onHold: true, first: 25, after: $after, asOf: $asOf) {\n      totalCount pageInfo { hasNextPage endCursor }\n      edges { node { id name creditStatus { onHold holdReason limit { amount currency }\n        exposure { amount currency } available { amount currency } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RemindersDue {\n    remindersDue {\n      invoiceId number company { id name } dueDate step channel amountDue { amount currency }\n      paused pausedFor pauseReason pausedUntil willSend\n    }\n    reminderPauses { kind subjectId company { id name } invoiceNumber reason until pausedBy }\n  }\n"): (typeof documents)["\n  query RemindersDue {\n    remindersDue {\n      invoiceId number company { id name } dueDate step channel amountDue { amount currency }\n      paused pausedFor pauseReason pausedUntil willSend\n    }\n    reminderPauses { kind subjectId company { id name } invoiceNumber reason until pausedBy }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseReminders($input: PauseRemindersInput!) { pauseReminders(input: $input) { invoice { id } company { id } } }\n"): (typeof documents)["\n  mutation PauseReminders($input: PauseRemindersInput!) { pauseReminders(input: $input) { invoice { id } company { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeReminders($input: ResumeRemindersInput!) { resumeReminders(input: $input) { invoice { id } company { id } } }\n"): (typeof documents)["\n  mutation ResumeReminders($input: ResumeRemindersInput!) { resumeReminders(input: $input) { invoice { id } company { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) {\n    resolveInvoiceQuery(input: $input) { query { id status } invoice { id status open { amount currency } } }\n  }\n"): (typeof documents)["\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) {\n    resolveInvoiceQuery(input: $input) { query { id status } invoice { id status open { amount currency } } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;