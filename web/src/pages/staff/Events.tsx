import { useState } from "react";
import { useQuery } from "urql";
import { explain } from "../../errors";
import { moment } from "../../format";
import { graphql } from "../../gql";

const EventsQuery = graphql(`
  query LedgerEvents($after: String) {
    ledgerEvents(first: 25, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { position type streamId occurredAt hash } }
    }
  }
`);

// The auditor's view of the hash-chained log, oldest first, a page at a time.
export function Events() {
  const [after, setAfter] = useState<string | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: EventsQuery, variables: { after } });
  return (
    <section className="card">
      <h1>Event log</h1>
      {error ? <p className="error" role="alert">{explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      <table className="stack">
        <thead><tr><th>#</th><th>What happened</th><th>When</th><th>Hash</th></tr></thead>
        <tbody>
          {data?.ledgerEvents.edges.map(({ node: e }) => (
            <tr key={e.position}>
              <td data-label="#">{e.position}</td>
              <td data-label="What happened">{e.type.split(":").pop()?.replace(".", " ")}</td>
              <td data-label="When">{moment(e.occurredAt)}</td>
              <td data-label="Hash" className="wide"><code>{e.hash.slice(0, 16)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.ledgerEvents.pageInfo.hasNextPage ? (
        <button type="button" onClick={() => setAfter(data.ledgerEvents.pageInfo.endCursor ?? null)}>Next page</button>
      ) : null}
    </section>
  );
}
