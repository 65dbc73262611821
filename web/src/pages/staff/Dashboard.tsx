import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { can } from "../../can";
import { explain } from "../../errors";
import { money } from "../../format";
import { graphql } from "../../gql";
import { AgingChart } from "./AgingChart";
import { CashChart, DsoChart, ExposureChart } from "./TrendCharts";
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

// Asked only of who may read them (can.ts): each is its own query, paused otherwise.
const TrendQuery = graphql(`
  query ArTrend($asOf: DateTime) {
    arMetrics(asOf: $asOf) {
      trend(months: 12) { month dso { currency days } collected { amount currency } due { amount currency } }
    }
  }
`);

// No `id`: these companies stay values inside this answer rather than cache entities, so
// figures as of an auditor's past moment never replace a company's current ones elsewhere.
const ExposureQuery = graphql(`
  query ArExposure($asOf: DateTime) {
    companies(first: 10, sort: EXPOSURE, asOf: $asOf) {
      edges { node { name creditStatus { exposure { amount currency } limit { amount currency } } } }
    }
  }
`);

// The AR manager's (and auditor's) first page; the auditor's moment applies to it.
export function Dashboard({ roles }: { roles: string[] }) {
  const asOf = useAsOf(); // the auditor's moment, picked above every page (asOf.tsx)
  const variables = { asOf };
  const [{ data, error, fetching }] = useQuery({ query: DashboardQuery, variables });
  // Refetched on each visit: payments and limit changes elsewhere move these figures.
  const fresh = "cache-and-network" as const;
  const [trend] = useQuery({
    query: TrendQuery, variables, requestPolicy: fresh, pause: !can(roles, "ArMetrics.trend"),
  });
  const [exposure] = useQuery({
    query: ExposureQuery, variables, requestPolicy: fresh, pause: !can(roles, "Company.creditStatus"),
  });
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
          {trend.error || exposure.error ? (
            <p className="error" role="alert">{explain((trend.error ?? exposure.error)!)}</p>
          ) : null}
          {trend.data ? (
            <section className="card charts" aria-label="Month by month">
              <DsoChart trend={trend.data.arMetrics.trend} />
              <CashChart trend={trend.data.arMetrics.trend} />
            </section>
          ) : null}
          {exposure.data ? (
            <section className="card" aria-label="Exposure">
              <ExposureChart companies={exposure.data.companies.edges.map((e) => e.node)} />
            </section>
          ) : null}
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
