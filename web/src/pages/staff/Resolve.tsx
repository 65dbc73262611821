import { useState } from "react";
import { useMutation } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { graphql } from "../../gql";

const ResolveMutation = graphql(`
  mutation ResolveQuery($input: ResolveInvoiceQueryInput!) {
    resolveInvoiceQuery(input: $input) { query { id status } invoice { id status open { amount currency } } }
  }
`);

// AR closes a query: accepted (optionally with a credit note for an amount) or rejected.
export function Resolve({ queryId, onDone }: { queryId: string; onDone: () => void }) {
  const [, resolve] = useMutation(ResolveMutation);
  const [note, setNote] = useState("");
  const [credit, setCredit] = useState("");
  const [problem, setProblem] = useState("");
  async function close(outcome: "ACCEPTED" | "REJECTED") {
    const r = await resolve({ input: {
      idempotencyKey: idempotencyKey(), queryId, outcome, note,
      creditAmount: outcome === "ACCEPTED" && credit ? credit : null,
    } });
    if (r.error) return setProblem(explain(r.error));
    setProblem(""); onDone();
  }
  return (
    <div className="field-row">
      <h3>Close this query</h3>
      <label htmlFor={`note-${queryId}`}>Note for the customer</label>
      <input id={`note-${queryId}`} value={note} onChange={(e) => setNote(e.target.value)} />
      <label htmlFor={`credit-${queryId}`}>Credit note amount (optional)</label>
      <input id={`credit-${queryId}`} inputMode="decimal" value={credit} onChange={(e) => setCredit(e.target.value)} />
      <span className="actions">
        <button type="button" className="primary" onClick={() => close("ACCEPTED")} data-testid="accept-query">Accept</button>{" "}
        <button type="button" className="primary" onClick={() => close("REJECTED")}>Reject</button>
      </span>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
    </div>
  );
}
