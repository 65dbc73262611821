// One urql client with a normalised cache. Signed in by the session cookie; every
// POST repeats the CSRF cookie in a header (the server checks they match).
import { cacheExchange } from "@urql/exchange-graphcache";
import { Client, fetchExchange } from "urql";
import matrix from "./matrix.json";

export function csrfToken(): string {
  const found = document.cookie.split("; ").find((c) => c.startsWith("arledger_csrf="));
  return found ? decodeURIComponent(found.slice("arledger_csrf=".length)) : "";
}

// Types without an `id` are values inside their parent, not cache entities.
const VALUES = [
  "Money", "AgedDebt", "ArMetrics", "ArMonth", "Dso", "CreditStatus", "CreditRisk", "Statement",
  "StatementLine", "PaymentTerms", "InvoiceConnection", "InvoiceEdge", "PageInfo",
  "InvoicePayment", "QueryMessage", "InvoiceVersion", "PaymentSuggestion", "MutationResult",
  "LedgerEventConnection", "LedgerEventEdge", "LedgerEvent", "DueReminder", "ReminderPause",
  "CompanyConnection", "CompanyEdge", "CardPaymentIntent", "UserError",
  // each mutation's typed payload (`recordPayment` -> `RecordPaymentPayload`): its
  // objects (with ids) are what the cache keeps
  ...Object.keys(matrix.mutations).map((m) => `${m[0].toUpperCase()}${m.slice(1)}Payload`),
];

export function makeClient(): Client {
  return new Client({
    url: "/graphql",
    exchanges: [
      cacheExchange({ keys: Object.fromEntries(VALUES.map((name) => [name, () => null])) }),
      fetchExchange,
    ],
    fetchOptions: () => ({
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrfToken() },
    }),
    preferGetMethod: false,
  });
}

export function idempotencyKey(): string {
  return crypto.randomUUID();
}
