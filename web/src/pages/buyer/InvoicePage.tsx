import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { can } from "../../can";
import { explain } from "../../errors";
import { cents, day, fromCents, money, STATUS_WORDS } from "../../format";
import { graphql } from "../../gql";
import { PayByCard } from "./PayByCard";
import { Thread, RaiseQuery } from "./Queries";
import { useAsOf } from "../../asOf";

// Three operations, so each viewer is asked only for what its role may read (the
// API checks every field of a document, @include or not); the cache joins them.
const InvoiceQuery = graphql(`
  query InvoicePage($id: ID!, $asOf: DateTime) {
    invoice(id: $id, asOf: $asOf) {
      id number source status issueDate dueDate
      company { id name }
      order { id number }
      lines { id sku description quantity delivered disputed }
    }
  }
`);
const InvoiceMoneyQuery = graphql(`
  query InvoiceMoney($id: ID!, $asOf: DateTime) {
    invoice(id: $id, asOf: $asOf) {
      id
      total { amount currency } paid { amount currency } open { amount currency } disputed { amount currency }
      lines { id total { amount currency } }
      creditNotes { number issuedOn amount { amount currency } }
    }
  }
`);
const InvoiceQueriesQuery = graphql(`
  query InvoiceQueries($id: ID!, $asOf: DateTime) {
    invoice(id: $id, asOf: $asOf) { id queries { id reason status lineIds messages { side body at } } }
  }
`);

function delivery(quantity: string, delivered: string): string {
  if (Number(delivered) >= Number(quantity)) return "Delivered";
  if (Number(delivered) > 0) return `${delivered} of ${quantity} delivered`;
  return "Not delivered yet";
}

export function InvoicePage({ roles, provider }: { roles: string[]; provider: string }) {
  const { id = "" } = useParams();
  const showMoney = can(roles, "Invoice.total");
  const showQueries = can(roles, "Invoice.queries");
  const asOf = useAsOf();
  const [{ data, error, fetching }] = useQuery({ query: InvoiceQuery, variables: { id, asOf } });
  const [amounts, againMoney] = useQuery({ query: InvoiceMoneyQuery, variables: { id, asOf }, pause: !showMoney });
  const [threads, againThreads] = useQuery({ query: InvoiceQueriesQuery, variables: { id, asOf }, pause: !showQueries });
  const again = (policy: { requestPolicy: "network-only" }) => {
    if (showMoney) againMoney(policy);
    if (showQueries) againThreads(policy);
  };
  const [chosen, setChosen] = useState<string[]>([]);
  const [includeDisputed, setIncludeDisputed] = useState(false);
  const problem = error ?? amounts.error ?? threads.error;
  if (problem) return <p className="error" role="alert">{explain(problem)}</p>;
  if (!data || (showMoney && !amounts.data) || (showQueries && !threads.data))
    return fetching || amounts.fetching || threads.fetching ? <p>Loading…</p> : null;
  if (!data.invoice) return <p className="error" role="alert">We could not find that invoice.</p>;
  const sums = amounts.data?.invoice;
  const totals = new Map((sums?.lines ?? []).map((l) => [l.id, l.total]));
  const invoice = {
    ...data.invoice,
    total: sums?.total, paid: sums?.paid, open: sums?.open, disputed: sums?.disputed,
    lines: data.invoice.lines.map((l) => ({ ...l, total: totals.get(l.id) })),
    queries: threads.data?.invoice?.queries,
  };
  const refresh = () => setTimeout(() => again({ requestPolicy: "network-only" }), 1500);
  const toggle = (lineId: string) =>
    setChosen(chosen.includes(lineId) ? chosen.filter((l) => l !== lineId) : [...chosen, lineId]);
  const payLines = invoice.lines.filter((l) => chosen.includes(l.id) && (includeDisputed || !l.disputed));
  const amount = chosen.length
    ? payLines.reduce((t, l) => t + cents(l.total?.amount ?? "0"), 0)
    : Math.max(cents(invoice.open?.amount ?? "0") - (includeDisputed ? 0 : cents(invoice.disputed?.amount ?? "0")), 0);
  const payable = roles.includes("BUYER") && ["OPEN", "OVERDUE", "PARTIALLY_PAID", "DISPUTED"].includes(invoice.status);
  return (
    <article className="card">
      <p><Link to="/">← All invoices</Link></p>
      <h1 data-testid="invoice-title">Invoice {invoice.number}</h1>
      <dl className="facts">
        <div><dt>Status</dt><dd><span className={`status ${invoice.status}`} data-testid="invoice-status">{STATUS_WORDS[invoice.status]}</span></dd></div>
        <div><dt>Order</dt><dd>{invoice.order.number}</dd></div>
        <div><dt>Issued</dt><dd>{day(invoice.issueDate)}</dd></div>
        <div><dt>Due</dt><dd>{day(invoice.dueDate)}</dd></div>
        {showMoney ? <>
          <div><dt>Total</dt><dd>{money(invoice.total)}</dd></div>
          <div><dt>Paid</dt><dd>{money(invoice.paid)}</dd></div>
          <div><dt>Open</dt><dd data-testid="invoice-open">{money(invoice.open)}</dd></div>
        </> : null}
      </dl>
      {showMoney ? (
        // Plain links: the session cookie goes with them (documents show amounts, so only
        // roles that may read amounts get them, as the server checks too).
        <p className="downloads">
          <a href={`/documents/invoices/${invoice.id}.pdf`} download data-testid="download-pdf">Download PDF</a>
          {" · "}
          <a href={`/documents/invoices/${invoice.id}.xml`} download data-testid="download-ubl">Download UBL</a>
          {" · "}
          <a href={`/documents/invoices/${invoice.id}.facturx.pdf`} download data-testid="download-facturx">Download Factur-X</a>
        </p>
      ) : null}
      {sums?.creditNotes.length ? (
        // Each credit note by its own number (CN-…), with its documents.
        <section className="box" data-testid="credit-notes">
          <h2>Credit notes</h2>
          <ul className="notes">
            {sums.creditNotes.map((c) => (
              <li key={c.number}>
                <b>{c.number}</b> of {day(c.issuedOn)}: {money(c.amount)} credited
                <span className="downloads">
                  <a href={`/documents/credit-notes/${c.number}.pdf`} download data-testid={`credit-note-pdf-${c.number}`}
                    aria-label={`Download credit note ${c.number} as PDF`}>PDF</a>
                  {" · "}
                  <a href={`/documents/credit-notes/${c.number}.xml`} download data-testid={`credit-note-ubl-${c.number}`}
                    aria-label={`Download credit note ${c.number} as UBL`}>UBL</a>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Lines</h2>
      <table className="stack">
        <thead><tr><th><span className="sr">Choose</span></th><th>Item</th><th className="num">Qty</th><th>Delivery</th>{showMoney ? <th className="num">Total</th> : null}</tr></thead>
        <tbody>
          {invoice.lines.map((l) => (
            <tr key={l.id} data-line={l.id}>
              <td data-label="Choose">
                <input type="checkbox" aria-label={`Choose ${l.sku}`} checked={chosen.includes(l.id)}
                  onChange={() => toggle(l.id)} data-testid={`line-${l.id}`} />
              </td>
              <td data-label="Item" className="wide"><b>{l.sku}</b> {l.description}{l.disputed ? <> <span className="status DISPUTED">In query</span></> : null}</td>
              <td data-label="Qty" className="num">{l.quantity}</td>
              <td data-label="Delivery" data-testid="line-delivery">{delivery(l.quantity, l.delivered)}</td>
              {showMoney ? <td data-label="Total" className="num">{money(l.total)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {payable && showMoney && can(roles, "payInvoicesByCard") ? (
        <section className="box">
          <h2>Pay by card</h2>
          <p>{chosen.length ? "The chosen lines" : "What is open"}: <b data-testid="pay-amount">{money({ amount: fromCents(amount), currency: invoice.open!.currency })}</b></p>
          <label><input type="checkbox" checked={includeDisputed} onChange={(e) => setIncludeDisputed(e.target.checked)} /> Include lines in query</label>
          <PayByCard provider={provider} includeDisputed={includeDisputed} onPaid={refresh}
            items={amount > 0 ? [{ invoiceId: invoice.id, amount: fromCents(amount), lineIds: payLines.map((l) => l.id) }] : []} />
        </section>
      ) : null}
      {showQueries ? (
        <section className="box">
          <h2>Questions about this invoice</h2>
          <div data-testid="threads">
            {invoice.queries!.map((q) => <Thread key={q.id} query={q} roles={roles} onChange={() => again({ requestPolicy: "network-only" })} />)}
            {invoice.queries!.length ? null : <p className="muted">No questions yet.</p>}
          </div>
          {can(roles, "raiseInvoiceQuery") ? (
            <RaiseQuery invoiceId={invoice.id} lineIds={chosen} onRaised={() => again({ requestPolicy: "network-only" })} />
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
