import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { cents, day, fromCents, money } from "../../format";
import { graphql } from "../../gql";

const BankQuery = graphql(`
  query BankEntries {
    paymentSuggestions(first: 50) {
      id reference bookedOn payer remittance status companyId paymentId note
      amount { amount currency }
      suggestions { invoiceId number reason amount { amount currency } }
    }
  }
`);
const OpenInvoices = graphql(`
  query OpenInvoicesOf($companyId: ID!) {
    invoices(companyId: $companyId, status: [OPEN, OVERDUE, PARTIALLY_PAID], first: 50) {
      edges { node { id number dueDate open { amount currency } } }
    }
  }
`);
const Accept = graphql(`
  mutation AcceptSuggestion($input: AcceptPaymentSuggestionInput!) {
    acceptPaymentSuggestion(input: $input) { bankEntry { id status paymentId } invoice { id status open { amount currency } } }
  }
`);
const Allocate = graphql(`
  mutation AllocatePayment($input: AllocatePaymentInput!) {
    allocatePayment(input: $input) { payment { id unapplied { amount currency } } invoices { id status open { amount currency } } }
  }
`);

const Dismiss = graphql(`
  mutation DismissBankEntry($input: DismissBankEntryInput!) {
    dismissBankEntry(input: $input) { bankEntry { id status note } }
  }
`);

const WORDS: Record<string, string> = {
  SUGGESTED: "Match suggested", UNIDENTIFIED: "Not identified", ALLOCATED: "Applied",
  SETTLED: "Settled", DISMISSED: "Dismissed",
};

/** What the entry waits for, in words: a known payer's money with no match to offer is
 * simply not applied yet (the API calls it SUGGESTED all the same). */
export function entryState(status: string, suggestions: number, paymentId?: string | null): string {
  if (status === "SUGGESTED" && !suggestions && paymentId) return "Received on account, not applied yet";
  return WORDS[status] ?? status;
}

// Set an entry aside that is not a customer's payment (a refund, a misdirected transfer).
function SetAside({ entryId, onDone }: { entryId: string; onDone: () => void }) {
  const [, dismiss] = useMutation(Dismiss);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState("");
  async function go() {
    const r = await dismiss({ input: { idempotencyKey: idempotencyKey(), entryId, reason } });
    if (r.error) return setProblem(explain(r.error));
    setProblem(""); onDone();
  }
  return (
    <div className="box" data-testid="dismiss">
      <label htmlFor={`why-${entryId}`}>Why set it aside?</label>{" "}
      <input id={`why-${entryId}`} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="dismiss-reason" />{" "}
      <button type="button" className="primary" onClick={go} disabled={!reason.trim()} data-testid="dismiss-go">Set aside</button>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
    </div>
  );
}

type Entry = { id: string; paymentId?: string | null; companyId?: string | null; amount: { amount: string; currency: string } };

// Allocate one received payment across several open invoices of its customer.
function Spread({ entry, onDone }: { entry: Entry; onDone: () => void }) {
  const [{ data }] = useQuery({ query: OpenInvoices, variables: { companyId: entry.companyId! } });
  const [, allocate] = useMutation(Allocate);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState("");
  const spent = Object.values(amounts).reduce((t, a) => t + (a ? cents(a) : 0), 0);
  async function go() {
    const allocations = Object.entries(amounts).filter(([, a]) => a && cents(a) > 0)
      .map(([invoiceId, amount]) => ({ invoiceId, amount, lineIds: [] }));
    const r = await allocate({ input: { idempotencyKey: idempotencyKey(), paymentId: entry.paymentId!, allocations } });
    if (r.error) return setProblem(explain(r.error));
    setProblem(""); setAmounts({}); onDone();
  }
  return (
    <div className="box" data-testid="allocate">
      <h3>Apply {money(entry.amount)} to invoices</h3>
      <table className="stack">
        <thead><tr><th>Invoice</th><th>Due</th><th className="num">Open</th><th>Apply</th></tr></thead>
        <tbody>
          {data?.invoices.edges.map(({ node: n }) => (
            <tr key={n.id}>
              <td data-label="Invoice">{n.number}</td>
              <td data-label="Due">{day(n.dueDate)}</td>
              <td data-label="Open" className="num">{money(n.open)}</td>
              <td data-label="Apply">
                <input inputMode="decimal" aria-label={`Apply to ${n.number}`} size={10} value={amounts[n.id] ?? ""}
                  onChange={(e) => setAmounts({ ...amounts, [n.id]: e.target.value })} data-testid={`apply-${n.number}`} />
                <button type="button" className="link" onClick={() => setAmounts({ ...amounts, [n.id]: n.open.amount })}>all</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>Applying {money({ amount: fromCents(spent), currency: entry.amount.currency })} of {money(entry.amount)}</p>
      <button type="button" className="primary" onClick={go} disabled={!spent} data-testid="allocate-go">Apply payment</button>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
    </div>
  );
}

export function Cash({ canAct }: { canAct: boolean }) {
  const [{ data, error, fetching }, again] = useQuery({ query: BankQuery });
  const [, accept] = useMutation(Accept);
  const [open, setOpen] = useState<string | null>(null);
  const [aside, setAside] = useState<string | null>(null);
  const [problem, setProblem] = useState("");
  const refresh = () => again({ requestPolicy: "network-only" });
  async function take(entryId: string, invoiceId: string) {
    const r = await accept({ input: { idempotencyKey: idempotencyKey(), entryId, invoiceId } });
    setProblem(r.error ? explain(r.error) : "");
    refresh();
  }
  return (
    <section className="card">
      <h1>Cash application</h1>
      {error || problem ? <p className="error" role="alert">{problem || explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      {data && !data.paymentSuggestions.length ? <p className="muted">No bank entries to apply.</p> : null}
      {data?.paymentSuggestions.map((e) => (
        <div className="box" key={e.id} data-testid="bank-entry">
          <h2>{money(e.amount)} from {e.payer || "unknown payer"} <span className="muted">· {day(e.bookedOn)}</span></h2>
          <p>{entryState(e.status, e.suggestions.length, e.paymentId)} · {e.remittance || e.reference}</p>
          {e.status === "DISMISSED" && e.note ? <p className="muted">Set aside: {e.note}</p> : null}
          {canAct && e.status === "SUGGESTED" ? e.suggestions.map((s) => (
            <p key={s.invoiceId}>
              {s.number}: {money(s.amount)} ({s.reason}){" "}
              <button type="button" className="primary" onClick={() => take(e.id, s.invoiceId)}>Apply to {s.number}</button>
            </p>
          )) : null}
          {canAct && e.paymentId && e.companyId ? (
            open === e.id ? <Spread entry={e} onDone={() => { setOpen(null); refresh(); }} /> : (
              <button type="button" className="link" onClick={() => setOpen(e.id)} data-testid="spread">Apply across invoices…</button>
            )
          ) : null}
          {canAct && e.status === "UNIDENTIFIED" ? (
            aside === e.id ? <SetAside entryId={e.id} onDone={() => { setAside(null); refresh(); }} /> : (
              <button type="button" className="link" onClick={() => setAside(e.id)} data-testid="set-aside">Set aside…</button>
            )
          ) : null}
        </div>
      ))}
    </section>
  );
}
