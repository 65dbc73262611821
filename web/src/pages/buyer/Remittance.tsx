import { useState } from "react";
import { useMutation } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { graphql } from "../../gql";

const AdviceMutation = graphql(`
  mutation SubmitRemittance($input: RemittanceAdviceInput!) {
    submitRemittanceAdvice(input: $input) { payment { id unapplied { amount currency } } invoices { id status } }
  }
`);

// Tell the seller a bank transfer is on its way for the chosen invoices, so it is matched.
export function Remittance({ items }: { items: { invoiceId: string; amount: string }[] }) {
  const [, submit] = useMutation(AdviceMutation);
  const [reference, setReference] = useState("");
  const [paidOn, setPaidOn] = useState(new Date().toISOString().slice(0, 10));
  const [message, setMessage] = useState("");
  const [failed, setFailed] = useState(false);
  async function send(e: React.FormEvent) {
    e.preventDefault();
    const r = await submit({ input: { idempotencyKey: idempotencyKey(), reference, paidOn, allocations: items } });
    setFailed(Boolean(r.error));
    setMessage(r.error ? explain(r.error) : "Thank you: we will match your transfer to these invoices.");
  }
  return (
    <details className="remittance">
      <summary>Paid by bank transfer? Send remittance advice</summary>
      <form onSubmit={send} className="field-row">
        <label htmlFor="ra-reference">Your transfer's reference</label>
        <input id="ra-reference" required value={reference} onChange={(e) => setReference(e.target.value)} data-testid="ra-reference" />
        <label htmlFor="ra-date">Paid on</label>
        <input id="ra-date" type="date" required value={paidOn} onChange={(e) => setPaidOn(e.target.value)} data-testid="ra-date" />
        <button className="primary" type="submit" disabled={!items.length} data-testid="ra-send">Send advice for {items.length} invoice(s)</button>
        <p className={failed ? "error" : "ok"} role="status" data-testid="ra-message">{message}</p>
      </form>
    </details>
  );
}
