import { useState } from "react";
import { useQuery } from "urql";
import { explain } from "../../errors";
import { day } from "../../format";
import { graphql } from "../../gql";

// The delivery team's page: orders and what has shipped and arrived. It asks for
// no price or amount at all (the API would refuse them to this role anyway).
const DeliveriesQuery = graphql(`
  query Deliveries($after: String, $search: String) {
    invoices(first: 20, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number dueDate company { id name }
        order { id number placedAt lines { id sku description quantity shipped delivered } } } }
    }
  }
`);

function state(quantity: string, shipped: string, delivered: string): string {
  if (Number(delivered) >= Number(quantity)) return "Delivered";
  if (Number(shipped) > 0) return `Shipped ${shipped}, delivered ${delivered} of ${quantity}`;
  return "Not shipped";
}

export function Deliveries() {
  const [after, setAfter] = useState<string | null>(null);
  const [typed, setTyped] = useState("");
  const [search, setSearch] = useState("");
  const [{ data, error, fetching }] = useQuery({ query: DeliveriesQuery, variables: { after, search: search || null } });
  return (
    <section className="card">
      <h1>Orders and deliveries</h1>
      <form className="filters" onSubmit={(e) => { e.preventDefault(); setSearch(typed); setAfter(null); }}>
        <label htmlFor="d-search">Search</label>
        <input id="d-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Invoice or order number" />
      </form>
      {error ? <p className="error" role="alert">{explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      {data?.invoices.edges.map(({ node: n }) => (
        <div className="box" key={n.id} data-testid="order">
          <h2>Order {n.order.number} <span className="muted">· {n.company.name} · invoice {n.number}</span></h2>
          <p className="muted">Placed {day(n.order.placedAt)}</p>
          <table className="stack">
            <thead><tr><th>Item</th><th className="num">Qty</th><th>Delivery</th></tr></thead>
            <tbody>
              {n.order.lines.map((l) => (
                <tr key={l.id}><td data-label="Item" className="wide"><b>{l.sku}</b> {l.description}</td><td data-label="Qty" className="num">{l.quantity}</td>
                  <td data-label="Delivery">{state(l.quantity, l.shipped, l.delivered)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {data?.invoices.pageInfo.hasNextPage ? (
        <button type="button" onClick={() => setAfter(data.invoices.pageInfo.endCursor ?? null)} data-testid="more">Next page</button>
      ) : null}
    </section>
  );
}
