import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { useAsOf } from "../../asOf";
import { can } from "../../can";
import { explain } from "../../errors";
import { graphql } from "../../gql";
import type { CompanySort } from "../../gql/graphql";
import { CustomerRow, HEADINGS, type CustomerRowData } from "./CustomerRow";
import { columnsFor, readParams, SORT_WORDS, sortsFor, variablesOf, writeParams, type Columns, type ListParams } from "./customerList";

// One operation per permission group (the API checks every field of a document):
// names for delivery, the account figures for customer service, credit and risk too
// for AR, sales and the auditor. With the auditor's moment every figure is as it stood then
// (`companies(asOf:)` answers balance, overdue, risk and hold as of the moment).
const NamesQuery = graphql(`
  query CustomerNames($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {
    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name } }
    }
  }
`);
const AccountsQuery = graphql(`
  query CustomerAccounts($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {
    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name balance { amount currency } overdue { amount currency } } }
    }
  }
`);
const CreditQuery = graphql(`
  query CustomerCreditList($search: String, $sort: CompanySort, $onHold: Boolean, $after: String, $asOf: DateTime) {
    companies(search: $search, sort: $sort, onHold: $onHold, first: 25, after: $after, asOf: $asOf) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id name balance { amount currency } overdue { amount currency }
        creditRisk { grade } creditStatus { onHold holdReason } } }
    }
  }
`);

function documentFor(c: Columns) {
  if (c.credit) return CreditQuery;
  return c.money ? AccountsQuery : NamesQuery;
}

function Page({ params, after, last, columns, linked, onMore }: {
  params: ListParams; after: string | null; last: boolean; columns: Columns; linked: boolean;
  onMore: (cursor: string) => void;
}) {
  const asOf = useAsOf();
  const [{ data, error, fetching }] = useQuery({ query: documentFor(columns), variables: { ...variablesOf(params, after), asOf } });
  const span = HEADINGS(columns).length;
  if (error) return <tr><td className="error" role="alert" colSpan={span}>{explain(error)}</td></tr>;
  if (!data) return fetching ? <tr><td colSpan={span}>Loading…</td></tr> : null;
  const c = data.companies;
  return (
    <>
      {c.edges.map(({ node }) => <CustomerRow key={node.id} row={node as CustomerRowData} columns={columns} linked={linked} />)}
      {last && c.pageInfo.hasNextPage && c.pageInfo.endCursor ? (
        <tr className="more"><td colSpan={span}>
          <button type="button" onClick={() => onMore(c.pageInfo.endCursor!)} data-testid="more">Show more</button>
        </td></tr>
      ) : null}
      {last ? <tr className="count"><td colSpan={span} data-testid="total-count">{c.totalCount} customers</td></tr> : null}
    </>
  );
}

// The customers list: search, sort, the on-hold filter, paged by cursor ("Show more").
export function Customers({ roles }: { roles: string[] }) {
  const columns = columnsFor(roles);
  const [query, setQuery] = useSearchParams();
  const params = readParams(query, columns);
  const [typed, setTyped] = useState(params.search);
  useEffect(() => setTyped(params.search), [params.search]); // Back restores the box too
  // The pages shown so far, for the filters in the address (new filters: page one).
  // A new moment starts on page one too: the cursors order the figures of one moment.
  const asOf = useAsOf();
  const listed = `${query.toString()}|${asOf ?? ""}`;
  const [paging, setPaging] = useState<{ of: string; cursors: (string | null)[] }>({ of: "", cursors: [null] });
  const cursors = paging.of === listed ? paging.cursors : [null];
  const change = (next: Partial<ListParams>) => setQuery(writeParams({ ...params, ...next }));
  // A company page shows its invoices' amounts: only for who may read them.
  const linked = can(roles, "Invoice.total");
  return (
    <section className="card">
      <h1>Customers</h1>
      <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); change({ search: typed.trim() }); }}>
        <label htmlFor="customer-search">Search</label>
        <input id="customer-search" type="search" value={typed} placeholder="Name, account or e-mail"
          onChange={(e) => setTyped(e.target.value)} data-testid="customer-search" />
        <label htmlFor="customer-sort">Sort by</label>
        <select id="customer-sort" value={params.sort} data-testid="customer-sort"
          onChange={(e) => change({ sort: e.target.value as CompanySort })}>
          {sortsFor(columns).map((s) => <option key={s} value={s}>{SORT_WORDS[s]}</option>)}
        </select>
        {columns.credit ? (
          <label className="check">
            <input type="checkbox" checked={params.onHold} onChange={(e) => change({ onHold: e.target.checked })}
              data-testid="on-hold" /> On hold only
          </label>
        ) : null}
      </form>
      <table className="stack">
        <thead><tr>{HEADINGS(columns).map((h) => <th key={h} className={h === "Balance" || h === "Overdue" ? "num" : undefined}>{h}</th>)}</tr></thead>
        <tbody data-testid="customer-rows">
          {cursors.map((after, i) => (
            <Page key={`${listed}|${after ?? "first"}`} params={params} after={after} last={i === cursors.length - 1}
              columns={columns} linked={linked} onMore={(cursor) => setPaging({ of: listed, cursors: [...cursors, cursor] })} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
