import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { moment } from "../../format";
import { graphql } from "../../gql";

const ExceptionsQuery = graphql(`
  query ErpExceptions {
    erpExceptions(status: OPEN, first: 50) { id source number reason status parkedAt }
  }
`);
const Dismiss = graphql(`
  mutation DismissErpException($input: DismissErpExceptionInput!) { dismissErpException(input: $input) { errors { code } } }
`);

// ERP documents that could not be booked, parked until someone decides.
export function ErpExceptions({ canAct }: { canAct: boolean }) {
  const [{ data, error, fetching }, again] = useQuery({ query: ExceptionsQuery });
  const [, dismiss] = useMutation(Dismiss);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState("");
  async function drop(exceptionId: string) {
    const r = await dismiss({ input: { idempotencyKey: idempotencyKey(), exceptionId, reason: reason[exceptionId] || "not ours" } });
    setProblem(r.error ? explain(r.error) : "");
    again({ requestPolicy: "network-only" });
  }
  return (
    <section className="card">
      <h1>ERP exceptions</h1>
      {error || problem ? <p className="error" role="alert">{problem || explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      {data && !data.erpExceptions.length ? <p className="muted">Nothing is waiting: every ERP document was booked.</p> : null}
      <table className="stack">
        <thead><tr><th>Document</th><th>Why it waits</th><th>Since</th>{canAct ? <th>Dismiss</th> : null}</tr></thead>
        <tbody>
          {data?.erpExceptions.map((x) => (
            <tr key={x.id}>
              <td data-label="Document">{x.source} {x.number}</td>
              <td data-label="Why it waits" className="wide">{x.reason}</td>
              <td data-label="Since">{moment(x.parkedAt)}</td>
              {canAct ? (
                <td data-label="Dismiss">
                  <input aria-label={`Reason to dismiss ${x.number}`} value={reason[x.id] ?? ""} placeholder="Reason"
                    onChange={(e) => setReason({ ...reason, [x.id]: e.target.value })} />
                  <button type="button" className="link" onClick={() => drop(x.id)}>Dismiss</button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
