// Who on the seller's side works a query: shown to staff who may read it (AR, customer
// service, audit), and AR and customer service take it or hand it to a colleague by e-mail.
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { can } from "../../can";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { graphql } from "../../gql";

const AssigneeQuery = graphql(`
  query QueryAssignee($id: ID!) { node(id: $id) { id ... on InvoiceQuery { assignedTo { id name email } } } }
`);
const AssignMutation = graphql(`
  mutation AssignQuery($input: AssignInvoiceQueryInput!) {
    assignInvoiceQuery(input: $input) { query { id assignedTo { id name email } } }
  }
`);

export function Assign({ queryId, roles, open }: { queryId: string; roles: string[]; open: boolean }) {
  const [{ data }] = useQuery({ query: AssigneeQuery, variables: { id: queryId } });
  const [, assign] = useMutation(AssignMutation);
  const [email, setEmail] = useState("");
  const [problem, setProblem] = useState("");
  const node = data?.node;
  const who = node && "assignedTo" in node ? node.assignedTo : null;
  async function hand(staff: string | null) {
    const r = await assign({ input: { idempotencyKey: idempotencyKey(), queryId, staff } });
    if (r.error) return setProblem(explain(r.error));
    setProblem(""); setEmail("");
  }
  return (
    <div className="assign" data-testid="assign">
      <p className="muted" data-testid="assignee">{who ? `Assigned to ${who.name} (${who.email})` : "Not assigned yet"}</p>
      {open && can(roles, "assignInvoiceQuery") ? (
        <form className="field-row" onSubmit={(e) => { e.preventDefault(); void hand(email.trim()); }}>
          <button type="button" onClick={() => void hand(null)} data-testid="assign-me">Take it</button>
          <label htmlFor={`assign-${queryId}`}>or hand it to</label>
          <input id={`assign-${queryId}`} type="email" value={email} placeholder="colleague@seller.example" required
            onChange={(e) => setEmail(e.target.value)} data-testid="assign-email" />
          <button type="submit" data-testid="assign-send">Assign</button>
          {problem ? <p className="error" role="alert">{problem}</p> : null}
        </form>
      ) : null}
    </div>
  );
}
