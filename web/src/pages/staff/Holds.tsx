import { useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { useAsOf } from "../../asOf";
import { can } from "../../can";
import { explain } from "../../errors";
import { money } from "../../format";
import { graphql } from "../../gql";

const HoldsQuery = graphql(`
  query Holds($after: String, $asOf: DateTime) {
    companies(onHold: true, first: 25, after: $after, asOf: $asOf) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name creditStatus { onHold holdReason limit { amount currency }
        exposure { amount currency } available { amount currency } } } }
    }
  }
`);

function Page({ after, last, canChange, onMore }: { after: string | null; last: boolean; canChange: boolean; onMore: (c: string) => void }) {
  const asOf = useAsOf();
  const [{ data, error, fetching }] = useQuery({ query: HoldsQuery, variables: { after, asOf } });
  const span = canChange ? 6 : 5;
  if (error) return <tr><td className="error" role="alert" colSpan={span}>{explain(error)}</td></tr>;
  if (!data) return fetching ? <tr><td colSpan={span}>Loading…</td></tr> : null;
  const c = data.companies;
  return (
    <>
      {c.edges.map(({ node: n }) => {
        const to = `/customers/${encodeURIComponent(n.id)}`;
        return (
          <tr key={n.id} data-testid="hold-row" data-name={n.name}>
            <td data-label="Customer" className="wide"><Link to={to}>{n.name}</Link></td>
            <td data-label="Why" className="wide" data-testid="hold-reason">{n.creditStatus.holdReason}</td>
            <td data-label="Exposure" className="num">{money(n.creditStatus.exposure)}</td>
            <td data-label="Credit limit" className="num">{money(n.creditStatus.limit)}</td>
            <td data-label="Available" className="num">{money(n.creditStatus.available)}</td>
            {canChange ? (
              <td data-label="Credit limit change">
                <Link to={`${to}#credit-limit`} data-testid="change-limit">Change the limit</Link>
              </td>
            ) : null}
          </tr>
        );
      })}
      {last && c.pageInfo.hasNextPage && c.pageInfo.endCursor ? (
        <tr className="more"><td colSpan={span}>
          <button type="button" onClick={() => onMore(c.pageInfo.endCursor!)} data-testid="more">Show more</button>
        </td></tr>
      ) : null}
      {last ? (
        <tr className="count"><td colSpan={span} data-testid="total-count">
          {c.totalCount ? `${c.totalCount} on hold` : "No customer is on hold."}
        </td></tr>
      ) : null}
    </>
  );
}

// Customers on hold: why, and how their exposure stands against the credit limit. The
// ledger holds and releases by the numbers (over the limit, or overdue too long); the
// link opens the customer's page at its credit-limit change. With the auditor's moment, the
// customers on hold then, why, and their figures then.
export function Holds({ roles }: { roles: string[] }) {
  const asOf = useAsOf();
  const [paging, setPaging] = useState<{ of: string | null; cursors: (string | null)[] }>({ of: null, cursors: [null] });
  const cursors = paging.of === asOf ? paging.cursors : [null]; // a new moment: page one
  const canChange = can(roles, "setCreditLimit");
  return (
    <section className="card">
      <h1>Customers on hold</h1>
      <table className="stack">
        <thead><tr><th>Customer</th><th>Why</th><th className="num">Exposure</th><th className="num">Credit limit</th>
          <th className="num">Available</th>{canChange ? <th><span className="sr">Credit limit change</span></th> : null}</tr></thead>
        <tbody data-testid="hold-rows">
          {cursors.map((after, i) => (
            <Page key={`${asOf ?? ""}|${after ?? "first"}`} after={after} last={i === cursors.length - 1} canChange={canChange}
              onMore={(cursor) => setPaging({ of: asOf, cursors: [...cursors, cursor] })} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
