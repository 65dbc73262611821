import { useState } from "react";
import { useQuery } from "urql";
import { can } from "../../can";
import { explain } from "../../errors";
import { day, money } from "../../format";
import { graphql } from "../../gql";
import { AgingChart } from "../staff/AgingChart";
import { StatementPdfLink } from "./StatementPdf";

const AccountQuery = graphql(`
  query Account($id: ID!, $from: Date, $to: Date, $statement: Boolean!) {
    company(id: $id) {
      id name
      creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason }
      aging { currency current days1To30 days31To60 days61To90 days90Plus }
      statement(from: $from, to: $to) @include(if: $statement) {
        opening { amount currency } closing { amount currency }
        lines { date kind document reference amount { amount currency } applied { amount currency } balance { amount currency } }
      }
    }
  }
`);

const KIND: Record<string, string> = {
  INVOICE: "Invoice", PAYMENT: "Payment", ALLOCATION: "Applied to", CREDIT_NOTE: "Credit note",
  WRITE_OFF: "Write-off", ALLOCATION_REVERSED: "Application reversed", VOID: "Voided",
};
// Internal ids say nothing to a reader; a bank or card reference does.
const readable = (reference: string) => (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(reference) ? "" : reference);

export function Account({ companyId, roles }: { companyId: string; roles: string[] }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const statement = can(roles, "Company.statement");
  const [{ data, error, fetching }] = useQuery({
    query: AccountQuery,
    variables: { id: companyId, from: from || null, to: to || null, statement },
    requestPolicy: "cache-and-network",
  });
  if (error) return <p className="error" role="alert">{explain(error)}</p>;
  if (!data?.company) return fetching ? <p>Loading…</p> : null;
  const { creditStatus: credit, aging } = data.company;
  return (
    <>
      <section className="card">
        <h1>{data.company.name}</h1>
        <dl className="facts">
          <div><dt>Credit limit</dt><dd data-testid="credit-limit">{money(credit.limit)}</dd></div>
          <div><dt>Owed now</dt><dd>{money(credit.exposure)}</dd></div>
          <div><dt>Available credit</dt><dd data-testid="credit-available">{money(credit.available)}</dd></div>
          <div><dt>Account</dt><dd>{credit.onHold ? <span className="status OVERDUE" data-testid="hold">On hold: {credit.holdReason}</span> : "In good standing"}</dd></div>
        </dl>
      </section>
      <section className="card">
        <h2>How old your open amounts are</h2>
        {aging.map((a) => <AgingChart key={a.currency} aging={a} />)}
      </section>
      {statement && data.company.statement ? (
        <section className="card">
          <h2>Statement</h2>
          <form className="filters">
            <label htmlFor="from">From</label>
            <input id="from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            <label htmlFor="to">To</label>
            <input id="to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </form>
          <p className="downloads"><StatementPdfLink companyId={companyId} from={from} to={to} /></p>
          <p>Opening balance {money(data.company.statement.opening)}</p>
          <table className="stack">
            <thead><tr><th>Date</th><th>What</th><th>Reference</th><th className="num">Amount</th><th className="num">Applied</th><th className="num">Balance</th></tr></thead>
            <tbody>
              {data.company.statement.lines.map((l, i) => (
                <tr key={i}>
                  <td data-label="Date">{day(l.date)}</td>
                  <td data-label="What">{KIND[l.kind] ?? l.kind} {l.document}</td>
                  <td data-label="Reference">{readable(l.reference)}</td>
                  <td data-label="Amount" className="num">{money(l.amount)}</td>
                  <td data-label="Applied" className="num">{money(l.applied)}</td>
                  <td data-label="Balance" className="num">{money(l.balance)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Closing balance <b>{money(data.company.statement.closing)}</b></p>
        </section>
      ) : null}
    </>
  );
}
