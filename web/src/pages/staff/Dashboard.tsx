import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { explain } from "../../errors";
import { money } from "../../format";
import { graphql } from "../../gql";
import { AgingChart } from "./AgingChart";
import { useAsOf } from "../../asOf";

const DashboardQuery = graphql(`
  query ArDashboard($asOf: DateTime) {
    arMetrics(asOf: $asOf) {
      dso { currency days }
      valueInDispute { amount currency }
      agedDebt { currency current days1To30 days31To60 days61To90 days90Plus }
    }
    disputed: invoices(status: [DISPUTED], first: 10, asOf: $asOf) {
      totalCount
      edges { node { id number company { id name } disputed { amount currency } } }
    }
  }
`);

// The AR manager's (and auditor's) first page; the auditor's moment applies to it.
export function Dashboard(_props: { roles: string[] }) {
  const asOf = useAsOf(); // the auditor's moment, picked above every page (asOf.tsx)
  const [{ data, error, fetching }] = useQuery({ query: DashboardQuery, variables: { asOf } });
  return (
    <>
      <section className="card">
        <h1>Receivables</h1>
        {error ? <p className="error" role="alert">{explain(error)}</p> : null}
        {!data && fetching ? <p>Loading…</p> : null}
        {data ? (
          <dl className="facts">
            {data.arMetrics.dso.map((d) => (
              <div key={d.currency}><dt>Days sales outstanding, {d.currency}</dt><dd data-testid="dso">{d.days === null ? "—" : Math.round(Number(d.days))} days</dd></div>
            ))}
            {data.arMetrics.valueInDispute.map((m) => (
              <div key={m.currency}><dt>In dispute, {m.currency}</dt><dd data-testid="in-dispute">{money(m)}</dd></div>
            ))}
          </dl>
        ) : null}
      </section>
      {data ? (
        <>
          <section className="card charts">
            {data.arMetrics.agedDebt.map((a) => <AgingChart key={a.currency} aging={a} />)}
          </section>
          <section className="card">
            <h2>In query ({data.disputed.totalCount})</h2>
            {data.disputed.totalCount ? null : <p className="muted">No invoice is in query.</p>}
            <table className="stack" hidden={!data.disputed.totalCount}>
              <thead><tr><th>Invoice</th><th>Customer</th><th className="num">Disputed</th></tr></thead>
              <tbody>
                {data.disputed.edges.map(({ node: n }) => (
                  <tr key={n.id}>
                    <td data-label="Invoice"><Link to={`/invoices/${encodeURIComponent(n.id)}`}>{n.number}</Link></td>
                    <td data-label="Customer">{n.company.name}</td>
                    <td data-label="Disputed" className="num">{money(n.disputed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </>
  );
}
