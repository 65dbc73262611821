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
    "\n  query InvoicePage($id: ID!) {\n    invoice(id: $id) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n": typeof types.InvoicePageDocument,
    "\n  query InvoiceMoney($id: ID!) {\n    invoice(id: $id) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n    }\n  }\n": typeof types.InvoiceMoneyDocument,
    "\n  query InvoiceQueries($id: ID!) {\n    invoice(id: $id) { id queries { id reason status lineIds messages { side body at } } }\n  }\n": typeof types.InvoiceQueriesDocument,
    "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n": typeof types.InvoiceListDocument,
    "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID) {\n    invoices(source: $source, first: 1, companyId: $companyId) { totalCount }\n  }\n": typeof types.InvoiceCountDocument,
    "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { ok result }\n  }\n": typeof types.PayInvoicesByCardDocument,
    "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $input) { ok } }\n": typeof types.RaiseQueryDocument,
    "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) { replyToInvoiceQuery(input: $input) { ok } }\n": typeof types.ReplyToQueryDocument,
    "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) { submitRemittanceAdvice(input: $input) { ok } }\n": typeof types.SubmitRemittanceDocument,
    "\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n": typeof types.BankEntriesDocument,
    "\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n": typeof types.OpenInvoicesOfDocument,
    "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) { acceptPaymentSuggestion(input: $input) { ok } }\n": typeof types.AcceptSuggestionDocument,
    "\n  mutation AllocatePayment($input: AllocatePaymentInput!) { allocatePayment(input: $input) { ok } }\n": typeof types.AllocatePaymentDocument,
    "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) { setCreditLimit(input: $input) { ok } }\n": typeof types.SetCreditLimitDocument,
    "query CustomerName($id: ID!) { company(id: $id) { id name } }": typeof types.CustomerNameDocument,
    "\n  query CustomerCredit($id: ID!) { company(id: $id) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n": typeof types.CustomerCreditDocument,
    "query CustomerRisk($id: ID!) { company(id: $id) { id creditRisk { score grade reasons } } }": typeof types.CustomerRiskDocument,
    "\n  query CustomerAging($id: ID!) { company(id: $id) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n": typeof types.CustomerAgingDocument,
    "\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n": typeof types.ArDashboardDocument,
    "\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n": typeof types.ArTrendDocument,
    "\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n": typeof types.ArExposureDocument,
    "\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n": typeof types.DeliveriesDocument,
    "\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n": typeof types.ErpExceptionsDocument,
    "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { ok } }\n": typeof types.DismissErpExceptionDocument,
    "\n  query LedgerEvents($after: String) {\n    ledgerEvents(first: 25, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n": typeof types.LedgerEventsDocument,
    "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) { resolveInvoiceQuery(input: $input) { ok } }\n": typeof types.ResolveQueryDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer { id email name roles company { id name } }\n  }\n": types.ViewerDocument,
    "\n  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {\n    company(id: $id) {\n      id name\n      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }\n      aging { currency current days1To30 days31To60 days61To90 days90Plus }\n      statement(from: $from, to: $to) @include(if: $statement) {\n        opening { amount currency } closing { amount currency }\n        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }\n      }\n    }\n  }\n": types.AccountDocument,
    "\n  query InvoicePage($id: ID!) {\n    invoice(id: $id) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n": types.InvoicePageDocument,
    "\n  query InvoiceMoney($id: ID!) {\n    invoice(id: $id) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n    }\n  }\n": types.InvoiceMoneyDocument,
    "\n  query InvoiceQueries($id: ID!) {\n    invoice(id: $id) { id queries { id reason status lineIds messages { side body at } } }\n  }\n": types.InvoiceQueriesDocument,
    "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n": types.InvoiceListDocument,
    "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID) {\n    invoices(source: $source, first: 1, companyId: $companyId) { totalCount }\n  }\n": types.InvoiceCountDocument,
    "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { ok result }\n  }\n": types.PayInvoicesByCardDocument,
    "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $input) { ok } }\n": types.RaiseQueryDocument,
    "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) { replyToInvoiceQuery(input: $input) { ok } }\n": types.ReplyToQueryDocument,
    "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) { submitRemittanceAdvice(input: $input) { ok } }\n": types.SubmitRemittanceDocument,
    "\n  query BankEntries {\n    paymentSuggestions(first: 50) {\n      id reference bookedOn payer remittance status companyId paymentId note\n      amount { amount currency }\n      suggestions { invoiceId number reason amount { amount currency } }\n    }\n  }\n": types.BankEntriesDocument,
    "\n  query OpenInvoicesOf($companyId: ID!) {\n    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {\n      edges { node { id number dueDate open { amount currency } } }\n    }\n  }\n": types.OpenInvoicesOfDocument,
    "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) { acceptPaymentSuggestion(input: $input) { ok } }\n": types.AcceptSuggestionDocument,
    "\n  mutation AllocatePayment($input: AllocatePaymentInput!) { allocatePayment(input: $input) { ok } }\n": types.AllocatePaymentDocument,
    "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) { setCreditLimit(input: $input) { ok } }\n": types.SetCreditLimitDocument,
    "query CustomerName($id: ID!) { company(id: $id) { id name } }": types.CustomerNameDocument,
    "\n  query CustomerCredit($id: ID!) { company(id: $id) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n": types.CustomerCreditDocument,
    "query CustomerRisk($id: ID!) { company(id: $id) { id creditRisk { score grade reasons } } }": types.CustomerRiskDocument,
    "\n  query CustomerAging($id: ID!) { company(id: $id) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n": types.CustomerAgingDocument,
    "\n  query ArDashboard($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      dso { currency days }\n      valueInDispute { amount currency }\n      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }\n    }\n    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {\n      totalCount\n      edges { node { id number company { id name } disputed { amount currency } } }\n    }\n  }\n": types.ArDashboardDocument,
    "\n  query ArTrend($asOf: DateTime) {\n    arMetrics(asOf: $asOf) {\n      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }\n    }\n  }\n": types.ArTrendDocument,
    "\n  query ArExposure($asOf: DateTime) {\n    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {\n      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }\n    }\n  }\n": types.ArExposureDocument,
    "\n  query Deliveries($after: String, $search: String) {\n    invoices(first: 20, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number dueDate company { id name }\n        order { id number placedAt lines { id sku description quantity shipped delivered } } } }\n    }\n  }\n": types.DeliveriesDocument,
    "\n  query ErpExceptions {\n    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }\n  }\n": types.ErpExceptionsDocument,
    "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { ok } }\n": types.DismissErpExceptionDocument,
    "\n  query LedgerEvents($after: String) {\n    ledgerEvents(first: 25, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n": types.LedgerEventsDocument,
    "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) { resolveInvoiceQuery(input: $input) { ok } }\n": types.ResolveQueryDocument,
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
export function graphql(source: "\n  query InvoicePage($id: ID!) {\n    invoice(id: $id) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n"): (typeof documents)["\n  query InvoicePage($id: ID!) {\n    invoice(id: $id) {\n      id number source status issueDate dueDate\n      company { id name }\n      order { id number }\n      lines { id sku description quantity delivered disputed }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceMoney($id: ID!) {\n    invoice(id: $id) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n    }\n  }\n"): (typeof documents)["\n  query InvoiceMoney($id: ID!) {\n    invoice(id: $id) {\n      id\n      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }\n      lines { id total { amount currency } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceQueries($id: ID!) {\n    invoice(id: $id) { id queries { id reason status lineIds messages { side body at } } }\n  }\n"): (typeof documents)["\n  query InvoiceQueries($id: ID!) {\n    invoice(id: $id) { id queries { id reason status lineIds messages { side body at } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n"): (typeof documents)["\n  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID) {\n    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id number source status issueDate dueDate company { id name }\n        total { amount currency } open { amount currency } disputed { amount currency } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID) {\n    invoices(source: $source, first: 1, companyId: $companyId) { totalCount }\n  }\n"): (typeof documents)["\n  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID) {\n    invoices(source: $source, first: 1, companyId: $companyId) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { ok result }\n  }\n"): (typeof documents)["\n  mutation PayInvoicesByCard($input: PayInvoicesByCardInput!) {\n    payInvoicesByCard(input: $input) { ok result }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $input) { ok } }\n"): (typeof documents)["\n  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) { replyToInvoiceQuery(input: $input) { ok } }\n"): (typeof documents)["\n  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) { replyToInvoiceQuery(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) { submitRemittanceAdvice(input: $input) { ok } }\n"): (typeof documents)["\n  mutation SubmitRemittance($input: RemittanceAdviceInput!) { submitRemittanceAdvice(input: $input) { ok } }\n"];
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
export function graphql(source: "\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) { acceptPaymentSuggestion(input: $input) { ok } }\n"): (typeof documents)["\n  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) { acceptPaymentSuggestion(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AllocatePayment($input: AllocatePaymentInput!) { allocatePayment(input: $input) { ok } }\n"): (typeof documents)["\n  mutation AllocatePayment($input: AllocatePaymentInput!) { allocatePayment(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCreditLimit($input: SetCreditLimitInput!) { setCreditLimit(input: $input) { ok } }\n"): (typeof documents)["\n  mutation SetCreditLimit($input: SetCreditLimitInput!) { setCreditLimit(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerName($id: ID!) { company(id: $id) { id name } }"): (typeof documents)["query CustomerName($id: ID!) { company(id: $id) { id name } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerCredit($id: ID!) { company(id: $id) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n"): (typeof documents)["\n  query CustomerCredit($id: ID!) { company(id: $id) { id\n    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CustomerRisk($id: ID!) { company(id: $id) { id creditRisk { score grade reasons } } }"): (typeof documents)["query CustomerRisk($id: ID!) { company(id: $id) { id creditRisk { score grade reasons } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CustomerAging($id: ID!) { company(id: $id) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n"): (typeof documents)["\n  query CustomerAging($id: ID!) { company(id: $id) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }\n"];
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
export function graphql(source: "\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { ok } }\n"): (typeof documents)["\n  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { ok } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LedgerEvents($after: String) {\n    ledgerEvents(first: 25, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n"): (typeof documents)["\n  query LedgerEvents($after: String) {\n    ledgerEvents(first: 25, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { position type streamId occurredAt hash } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) { resolveInvoiceQuery(input: $input) { ok } }\n"): (typeof documents)["\n  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) { resolveInvoiceQuery(input: $input) { ok } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;