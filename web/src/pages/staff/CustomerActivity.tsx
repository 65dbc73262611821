// A customer's payments, queries and timeline on the staff customer page. One operation per
// permission group, so each role asks only for what it may read: payments and the timeline
// (statement lines) are payment details (AR, audit), queries are customer service's too.
// They answer for now only, so the page leaves them out while the auditor looks at the past.
import { useQuery } from "urql";
import { explain } from "../../errors";
import { day, money } from "../../format";
import { graphql } from "../../gql";

const PaymentsQuery = graphql(`
  query CustomerPayments($id: ID!) { company(id: $id) { id payments(first: 20) { totalCount
    edges { node { id receivedOn method reference reversed amount { amount currency } unapplied { amount currency }
      appliedTo { invoiceId amount { amount currency } } } } } } }
`);
const QueriesQuery = graphql(`
  query CustomerQueries($id: ID!) { company(id: $id) { id queries(first: 20) { totalCount
    edges { node { id reason status outcome disputed { amount currency } } } } } }
`);
const TimelineQuery = graphql(`
  query CustomerTimeline($id: ID!, $from: Date) { company(id: $id) { id statement(from: $from) {
    linesPage(first: 50) { totalCount edges { node { date kind document amount { amount currency } balance { amount currency } } } } } } }
`);

const KIND: Record<string, string> = {
  INVOICE: "Invoiced", PAYMENT: "Paid", ALLOCATION: "Applied", CREDIT_NOTE: "Credited",
  WRITE_OFF: "Written off", ALLOCATION_REVERSED: "Application reversed", VOID: "Voided",
};
const readable = (reference: string) => (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(reference) ? "" : reference);

/** The first day of the timeline: 90 days back from `today` (ISO dates, UTC). */
export function timelineStart(today: Date = new Date()): string {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 90));
  return start.toISOString().slice(0, 10);
}

export function CustomerPayments({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: PaymentsQuery, variables: { id } });
  if (error) return <p className="error" role="alert">{explain(error)}</p>;
  const found = data?.company?.payments;
  if (!found) return null;
  return (
    <section className="card" data-testid="customer-payments">
      <h2>Payments ({found.totalCount})</h2>
      {found.totalCount ? null : <p className="muted">No payment received yet.</p>}
      <table className="stack" hidden={!found.totalCount}>
        <thead><tr><th>Received</th><th>How</th><th className="num">Amount</th><th className="num">Not yet applied</th><th>Applied to</th></tr></thead>
        <tbody>
          {found.edges.map(({ node: p }) => (
            <tr key={p.id}>
              <td data-label="Received">{day(p.receivedOn)}{p.reversed ? " (reversed)" : ""}</td>
              <td data-label="How">{p.method.replace(/_/g, " ").toLowerCase()} {readable(p.reference)}</td>
              <td data-label="Amount" className="num">{money(p.amount)}</td>
              <td data-label="Not yet applied" className="num">{money(p.unapplied)}</td>
              <td data-label="Applied to">{p.appliedTo.length ? `${p.appliedTo.length} invoice${p.appliedTo.length > 1 ? "s" : ""}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CustomerQueries({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: QueriesQuery, variables: { id } });
  if (error) return <p className="error" role="alert">{explain(error)}</p>;
  const found = data?.company?.queries;
  if (!found) return null;
  return (
    <section className="card" data-testid="customer-queries">
      <h2>Queries ({found.totalCount})</h2>
      {found.totalCount ? null : <p className="muted">No query raised.</p>}
      <table className="stack" hidden={!found.totalCount}>
        <thead><tr><th>Reason</th><th>Status</th><th className="num">In dispute</th></tr></thead>
        <tbody>
          {found.edges.map(({ node: q }) => (
            <tr key={q.id}>
              <td data-label="Reason">{q.reason}</td>
              <td data-label="Status">{q.status.toLowerCase()}{q.outcome ? `: ${q.outcome.toLowerCase()}` : ""}</td>
              <td data-label="In dispute" className="num">{money(q.disputed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CustomerTimeline({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: TimelineQuery, variables: { id, from: timelineStart() } });
  if (error) return <p className="error" role="alert">{explain(error)}</p>;
  const found = data?.company?.statement.linesPage;
  if (!found) return null;
  const lines = [...found.edges].reverse(); // newest first
  return (
    <section className="card" data-testid="customer-timeline">
      <h2>Timeline, last 90 days</h2>
      {found.totalCount ? null : <p className="muted">Nothing happened on the account in the last 90 days.</p>}
      <ol className="timeline">
        {lines.map(({ node: l }, i) => (
          <li key={`${l.date}-${l.document}-${i}`}>
            <span className="muted">{day(l.date)}</span> {KIND[l.kind] ?? l.kind} {l.document}: {money(l.amount)}
            <span className="muted"> (balance {money(l.balance)})</span>
          </li>
        ))}
      </ol>
      {found.totalCount > lines.length ? <p className="muted">The statement has all {found.totalCount}.</p> : null}
    </section>
  );
}
