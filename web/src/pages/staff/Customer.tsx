import { useParams } from "react-router-dom";
import { useQuery } from "urql";
import { can } from "../../can";
import { explain } from "../../errors";
import { money } from "../../format";
import { graphql } from "../../gql";
import { AgingChart } from "./AgingChart";
import { Invoices } from "../buyer/Invoices";
import { CreditLimit } from "./CreditLimit";
import { StatementPdf } from "../buyer/StatementPdf";
import { useAsOf } from "../../asOf";
import { CustomerPayments, CustomerQueries, CustomerTimeline } from "./CustomerActivity";

// One operation per permission group: sales read credit and risk but not the statement,
// customer service the aging but not credit; each asks only for what it may read.
const NameQuery = graphql(`query CustomerName($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id name } }`);
const CreditQuery = graphql(`
  query CustomerCredit($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id
    creditStatus { limit { amount currency } exposure { amount currency } available { amount currency } onHold holdReason } } }
`);
const RiskQuery = graphql(`query CustomerRisk($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id creditRisk { score grade reasons } } }`);
const AgingQuery = graphql(`
  query CustomerAging($id: ID!, $asOf: DateTime) { company(id: $id, asOf: $asOf) { id aging { currency current days1To30 days31To60 days61To90 days90Plus } } }
`);

export function Customer({ roles }: { roles: string[] }) {
  const { id = "" } = useParams();
  // As of a past moment the API answers the credit status, the risk score and the aging as
  // they stood; the statement and the activity are today's only, so they are left out then.
  const asOf = useAsOf();
  const [name] = useQuery({ query: NameQuery, variables: { id, asOf } });
  const [credit, againCredit] = useQuery({ query: CreditQuery, variables: { id, asOf }, pause: !can(roles, "Company.creditStatus") });
  const [risk] = useQuery({ query: RiskQuery, variables: { id, asOf }, pause: !can(roles, "Company.creditRisk") });
  const [aging] = useQuery({ query: AgingQuery, variables: { id, asOf }, pause: !can(roles, "Company.aging") });
  const problem = name.error ?? credit.error ?? risk.error ?? aging.error;
  if (problem) return <p className="error" role="alert">{explain(problem)}</p>;
  if (!name.data) return <p>Loading…</p>;
  if (!name.data.company) return <p className="error" role="alert">We could not find that customer.</p>;
  const status = credit.data?.company?.creditStatus;
  const score = risk.data?.company?.creditRisk;
  return (
    <>
      <section className="card">
        <h1>{name.data.company.name}</h1>
        <dl className="facts">
          {status ? <>
            <div><dt>Credit limit</dt><dd>{money(status.limit)}</dd></div>
            <div><dt>Exposure</dt><dd>{money(status.exposure)}</dd></div>
            <div><dt>Available</dt><dd>{money(status.available)}</dd></div>
            <div><dt>Account</dt><dd>{status.onHold ? <span className="status OVERDUE">On hold: {status.holdReason}</span> : "In good standing"}</dd></div>
          </> : null}
          {score ? <div><dt>Risk</dt><dd>{score.grade} ({score.score})</dd></div> : null}
        </dl>
        {score?.reasons.length ? <ul>{score.reasons.map((r) => <li key={r}>{r}</li>)}</ul> : null}
        {status && can(roles, "setCreditLimit") ? (
          <CreditLimit companyId={id} currency={status.limit.currency} onDone={() => againCredit({ requestPolicy: "network-only" })} />
        ) : null}
      </section>
      {aging.data?.company ? (
        <section className="card charts">
          {aging.data.company.aging.map((a) => <AgingChart key={a.currency} aging={a} />)}
        </section>
      ) : null}
      {can(roles, "Company.statement") && !asOf ? <StatementPdf companyId={id} /> : null}
      <Invoices roles={roles} companyId={id} title="Its invoices" />
      {!asOf && can(roles, "Company.payments") ? <CustomerPayments id={id} /> : null}
      {!asOf && can(roles, "Company.queries") ? <CustomerQueries id={id} /> : null}
      {!asOf && can(roles, "Company.statement") ? <CustomerTimeline id={id} /> : null}
    </>
  );
}
