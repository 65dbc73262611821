import { useState } from "react";
import { useQuery } from "urql";
import { useAsOf } from "../../asOf";
import { explain } from "../../errors";
import { moment } from "../../format";
import { graphql } from "../../gql";

const EventsQuery = graphql(`
  query LedgerEvents($after: String, $until: DateTime) {
    ledgerEvents(first: 25, after: $after, until: $until) {
      pageInfo { hasNextPage endCursor }
      edges { node { position type streamId occurredAt hash } }
    }
  }
`);

// The auditor's view of the hash-chained log, oldest first, a page at a time; with the
// auditor's moment it ends at the last event recorded by then.
export function Events() {
  const until = useAsOf();
  const [paging, setPaging] = useState<{ of: string | null; after: string | null }>({ of: null, after: null });
  const after = paging.of === until ? paging.after : null; // a new moment: the first page
  const [{ data, error, fetching }] = useQuery({ query: EventsQuery, variables: { after, until } });
  const edges = data?.ledgerEvents.edges;
  return (
    <section className="card">
      <h1>Event log</h1>
      {until ? <p className="muted" data-testid="events-until">Events recorded up to {moment(until)}.</p> : null}
      {error ? <p className="error" role="alert">{explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      {edges && !edges.length ? <p data-testid="no-events">No event had been recorded by then.</p> : null}
      <table className="stack">
        <thead><tr><th>#</th><th>What happened</th><th>When</th><th>Hash</th></tr></thead>
        <tbody data-testid="event-rows">
          {edges?.map(({ node: e }) => (
            <tr key={e.position} data-testid="event-row" data-at={e.occurredAt}>
              <td data-label="#">{e.position}</td>
              <td data-label="What happened">{e.type.split(":").pop()?.replace(".", " ")}</td>
              <td data-label="When">{moment(e.occurredAt)}</td>
              <td data-label="Hash" className="wide"><code>{e.hash.slice(0, 16)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.ledgerEvents.pageInfo.hasNextPage ? (
        <button type="button" data-testid="next-page"
          onClick={() => setPaging({ of: until, after: data.ledgerEvents.pageInfo.endCursor ?? null })}>Next page</button>
      ) : null}
    </section>
  );
}
