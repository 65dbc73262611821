import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { can } from "../../can";
import { explain } from "../../errors";
import { cents, day, fromCents, money, STATUS_WORDS } from "../../format";
import { graphql } from "../../gql";
import type { InvoiceSourceFilter, InvoiceStatus } from "../../gql/graphql";
import { PayByCard } from "./PayByCard";
import { Remittance } from "./Remittance";
import { useOptions } from "../../options";
import { useAsOf } from "../../asOf";

const InvoicesQuery = graphql(`
  query InvoiceList($source: InvoiceSourceFilter!, $status: [InvoiceStatus!], $search: String, $after: String, $companyId: ID, $asOf: DateTime, $issuedFrom: Date, $issuedTo: Date) {
    invoices(source: $source, status: $status, search: $search, first: 25, after: $after, companyId: $companyId, asOf: $asOf, issuedFrom: $issuedFrom, issuedTo: $issuedTo) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number source status issueDate dueDate company { id name }
        total { amount currency } open { amount currency } disputed { amount currency } } }
    }
  }
`);

const CountQuery = graphql(`
  query InvoiceCount($source: InvoiceSourceFilter!, $companyId: ID, $asOf: DateTime) {
    invoices(source: $source, first: 1, companyId: $companyId, asOf: $asOf) { totalCount }
  }
`);

const SOURCES: InvoiceSourceFilter[] = ["ALL", "WEB", "ERP"];
const LABEL: Record<InvoiceSourceFilter, string> = { ALL: "All", WEB: "Web", ERP: "ERP" };
const PAYABLE = ["OPEN", "OVERDUE", "PARTIALLY_PAID", "DISPUTED"];

function Page({ vars, last, onMore, chosen, toggle, staff, showCustomer, refresh }: {
  refresh: number;
  showCustomer: boolean;
  vars: { source: InvoiceSourceFilter; status: InvoiceStatus[] | null; search: string | null; after: string | null; companyId: string | null; asOf: string | null; issuedFrom: string | null; issuedTo: string | null };
  last: boolean;
  onMore: (cursor: string) => void;
  chosen: Map<string, { amount: string; currency: string }>;
  toggle: (id: string, open: { amount: string; currency: string } | null) => void;
  staff: boolean;
}) {
  const [{ data, error, fetching }, again] = useQuery({ query: InvoicesQuery, variables: vars });
  useEffect(() => { if (refresh) again({ requestPolicy: "network-only" }); }, [refresh, again]);
  if (error) return <tr><td className="error" colSpan={8}>{explain(error)}</td></tr>;
  if (!data) return fetching ? <tr><td colSpan={8}>Loading…</td></tr> : null;
  const c = data.invoices;
  return (
    <>
      {c.edges.map(({ node: n }) => (
        <tr key={n.id} data-number={n.number} data-testid="invoice-row">
          <td data-label="Pay">
            {!staff && PAYABLE.includes(n.status) ? (
              <input type="checkbox" aria-label={`Pay ${n.number}`} checked={chosen.has(n.id)}
                onChange={() => toggle(n.id, chosen.has(n.id) ? null : { amount: fromCents(Math.max(cents(n.open.amount) - cents(n.disputed.amount), 0)), currency: n.open.currency })}
                data-testid={`choose-${n.number}`} />
            ) : null}
          </td>
          <td data-label="Invoice"><Link to={`/invoices/${encodeURIComponent(n.id)}`}>{n.number}</Link></td>
          <td data-label="Source">{n.source === "ERP" ? "ERP" : "Web"}</td>
          {showCustomer ? <td data-label="Customer"><Link to={`/customers/${encodeURIComponent(n.company.id)}`}>{n.company.name}</Link></td> : null}
          <td data-label="Status"><span className={`status ${n.status}`}>{STATUS_WORDS[n.status]}</span></td>
          <td data-label="Due">{day(n.dueDate)}</td>
          <td data-label="Total" className="num">{money(n.total)}</td>
          <td data-label="Open" className="num">{money(n.open)}</td>
        </tr>
      ))}
      {last && c.pageInfo.hasNextPage && c.pageInfo.endCursor ? (
        <tr className="more"><td colSpan={8}>
          <button type="button" onClick={() => onMore(c.pageInfo.endCursor!)} data-testid="more">
            Show more ({c.edges.length} of {c.totalCount} on this page)
          </button>
        </td></tr>
      ) : null}
      {last ? <tr className="count"><td colSpan={8} data-testid="total-count">{c.totalCount} invoices</td></tr> : null}
    </>
  );
}

function Counts({ source, setSource, companyId }: { source: InvoiceSourceFilter; setSource: (s: InvoiceSourceFilter) => void; companyId: string | null }) {
  return (
    <div className="pills" role="group" aria-label="Where the invoice came from">
      {SOURCES.map((s) => <SourceTab key={s} s={s} on={s === source} pick={() => setSource(s)} companyId={companyId} />)}
    </div>
  );
}

function SourceTab({ s, on, pick, companyId }: { s: InvoiceSourceFilter; on: boolean; pick: () => void; companyId: string | null }) {
  const asOf = useAsOf();
  const [{ data }] = useQuery({ query: CountQuery, variables: { source: s, companyId, asOf } });
  return (
    <button type="button" className={on ? "on" : ""} aria-pressed={on} onClick={pick} data-testid={`tab-${s}`}>
      {LABEL[s]} <span>{data ? `(${data.invoices.totalCount})` : ""}</span>
    </button>
  );
}

export function Invoices({ roles, initialStatus = "", title = "Invoices", companyId = null }: {
  roles: string[]; initialStatus?: string; title?: string; companyId?: string | null;
}) {
  const staff = !roles.includes("BUYER");
  const showCustomer = staff && !companyId;
  const options = useOptions();
  const [source, setSource] = useState<InvoiceSourceFilter>("ALL");
  const [status, setStatus] = useState<string>(initialStatus);
  const [search, setSearch] = useState("");
  const [issuedFrom, setIssuedFrom] = useState("");
  const [issuedTo, setIssuedTo] = useState("");
  const [typed, setTyped] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [chosen, setChosen] = useState(new Map<string, { amount: string; currency: string }>());
  const [paid, setPaid] = useState(0);
  const reset = () => setCursors([null]);
  const toggle = (id: string, open: { amount: string; currency: string } | null) => {
    const next = new Map(chosen);
    if (open) next.set(id, open); else next.delete(id);
    setChosen(next);
  };
  const items = [...chosen].map(([invoiceId, open]) => ({ invoiceId, amount: open.amount, lineIds: [] }));
  const total = [...chosen.values()].reduce((t, m) => t + cents(m.amount), 0);
  const currency = [...chosen.values()][0]?.currency;
  const canPay = !staff && can(roles, "payInvoicesByCard");
  const asOf = useAsOf();
  return (
    <section className="card">
      <h1>{title}</h1>
      <Counts source={source} companyId={companyId} setSource={(s) => { setSource(s); reset(); }} />
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setSearch(typed); reset(); }}>
        <label htmlFor="search">Search</label>
        <input id="search" type="search" value={typed} placeholder="Invoice or order number"
          onChange={(e) => setTyped(e.target.value)} data-testid="search" />
        <label htmlFor="status">Status</label>
        <select id="status" value={status} onChange={(e) => { setStatus(e.target.value); reset(); }} data-testid="status">
          <option value="">Any</option>
          {Object.entries(STATUS_WORDS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
        <label htmlFor="issued-from">Issued from</label>
        <input id="issued-from" type="date" value={issuedFrom} max={issuedTo || undefined}
          onChange={(e) => { setIssuedFrom(e.target.value); reset(); }} data-testid="issued-from" />
        <label htmlFor="issued-to">to</label>
        <input id="issued-to" type="date" value={issuedTo} min={issuedFrom || undefined}
          onChange={(e) => { setIssuedTo(e.target.value); reset(); }} data-testid="issued-to" />
      </form>
      <table className="stack">
        <thead><tr><th><span className="sr">Choose</span></th><th>Invoice</th><th>Source</th>{showCustomer ? <th>Customer</th> : null}
          <th>Status</th><th>Due</th><th className="num">Total</th><th className="num">Open</th></tr></thead>
        <tbody data-testid="invoice-rows">
          {cursors.map((after, i) => (
            <Page key={after ?? "first"} last={i === cursors.length - 1} chosen={chosen} toggle={toggle} staff={staff} showCustomer={showCustomer} refresh={paid}
              vars={{ source, status: status ? [status as InvoiceStatus] : null, search: search || null, after, companyId, asOf, issuedFrom: issuedFrom || null, issuedTo: issuedTo || null }}
              onMore={(cursor) => setCursors([...cursors, cursor])} />
          ))}
        </tbody>
      </table>
      {canPay ? (
        <div className={chosen.size ? "paybar chosen" : "paybar"} data-testid="pay-selected">
          <p>{chosen.size ? `${chosen.size} chosen: ${money({ amount: fromCents(total), currency: currency ?? "EUR" })} (disputed amounts left out)` : "Choose invoices to pay several at once."}</p>
          <PayByCard items={items} includeDisputed={false} provider={options?.provider ?? ""}
            onPaid={() => { setChosen(new Map()); setTimeout(() => setPaid(paid + 1), 1500); }} />
          {can(roles, "submitRemittanceAdvice") ? <Remittance items={items.map(({ invoiceId, amount }) => ({ invoiceId, amount }))} /> : null}
        </div>
      ) : null}
    </section>
  );
}
