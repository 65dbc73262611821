import { useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { graphql } from "../../gql";

const SetLimit = graphql(`
  mutation SetCreditLimit($input: SetCreditLimitInput!) {
    setCreditLimit(input: $input) { company { id creditStatus { limit { amount currency } exposure { amount currency }
      available { amount currency } onHold holdReason } } }
  }
`);

// AR changes a customer's credit limit; the page reloads the credit figures after.
export function CreditLimit({ companyId, currency, onDone }: { companyId: string; currency: string; onDone: () => void }) {
  const [, set] = useMutation(SetLimit);
  const [limit, setLimit] = useState("");
  const [message, setMessage] = useState("");
  const [failed, setFailed] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { // the holds screen links here: /customers/:id#credit-limit
    if (window.location.hash === "#credit-limit") input.current?.focus();
  }, []);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    const r = await set({ input: { idempotencyKey: idempotencyKey(), companyId, limit } });
    setFailed(Boolean(r.error));
    setMessage(r.error ? explain(r.error) : "Credit limit changed.");
    if (!r.error) { setLimit(""); onDone(); }
  }
  return (
    <form onSubmit={save} className="filters" id="credit-limit">
      <label htmlFor="new-limit">New credit limit ({currency})</label>
      <input id="new-limit" ref={input} inputMode="decimal" required value={limit} onChange={(e) => setLimit(e.target.value)} data-testid="new-limit" />
      <button className="primary" type="submit" data-testid="set-limit">Change limit</button>
      <span className={failed ? "error" : "ok"} role="status">{message}</span>
    </form>
  );
}
