import { useState } from "react";
import { useMutation } from "urql";
import { can } from "../../can";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { moment } from "../../format";
import { graphql } from "../../gql";
import { Resolve } from "../staff/Resolve";

const Raise = graphql(`
  mutation RaiseQuery($input: RaiseInvoiceQueryInput!) {
    raiseInvoiceQuery(input: $input) { query { id reason status lineIds messages { side body at } } invoice { id status } }
  }
`);
const Reply = graphql(`
  mutation ReplyToQuery($input: ReplyToInvoiceQueryInput!) {
    replyToInvoiceQuery(input: $input) { query { id status messages { side body at } } }
  }
`);

const REASONS: Record<string, string> = {
  PRICING: "The price is wrong", QUANTITY: "The quantity is wrong", DAMAGED: "It arrived damaged",
  NOT_DELIVERED: "It was not delivered", DUPLICATE: "I was billed twice", OTHER: "Something else",
};

type Query = { id: string; reason: string; status: string; lineIds: string[]; messages: { side: string; body: string; at: string }[] };

export function Thread({ query, roles, onChange }: { query: Query; roles: string[]; onChange: () => void }) {
  const [, reply] = useMutation(Reply);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState("");
  async function send(e: React.FormEvent) {
    e.preventDefault();
    const r = await reply({ input: { idempotencyKey: idempotencyKey(), queryId: query.id, message: text } });
    if (r.error) return setProblem(explain(r.error));
    setText(""); setProblem(""); onChange();
  }
  return (
    <div className="thread" data-testid="thread">
      <p><b>{REASONS[query.reason] ?? query.reason}</b> · {query.lineIds.length ? `${query.lineIds.length} line(s)` : "whole invoice"} · {query.status === "OPEN" ? "open" : query.status.toLowerCase()}</p>
      {query.messages.map((m, i) => (
        <p key={i} className={`message ${m.side}`}><span className="muted">{m.side === "BUYER" ? (roles.includes("BUYER") ? "You" : "Customer") : (roles.includes("BUYER") ? "Seller" : "Us")} · {moment(m.at)}</span><br />{m.body}</p>
      ))}
      {query.status === "OPEN" && can(roles, "replyToInvoiceQuery") ? (
        <form onSubmit={send} className="field-row">
          <label htmlFor={`reply-${query.id}`}>Reply</label>
          <textarea id={`reply-${query.id}`} rows={2} value={text} required onChange={(e) => setText(e.target.value)} data-testid="reply-text" />
          <button className="primary" type="submit" data-testid="reply-send">Send reply</button>
          {problem ? <p className="error" role="alert">{problem}</p> : null}
        </form>
      ) : null}
      {query.status === "OPEN" && can(roles, "resolveInvoiceQuery") ? <Resolve queryId={query.id} onDone={onChange} /> : null}
    </div>
  );
}

export function RaiseQuery({ invoiceId, lineIds, onRaised }: { invoiceId: string; lineIds: string[]; onRaised: () => void }) {
  const [, raise] = useMutation(Raise);
  const [reason, setReason] = useState("PRICING");
  const [text, setText] = useState("");
  const [problem, setProblem] = useState("");
  async function send(e: React.FormEvent) {
    e.preventDefault();
    const r = await raise({ input: { idempotencyKey: idempotencyKey(), invoiceId, reason, message: text, lineIds } });
    if (r.error) return setProblem(explain(r.error));
    setText(""); setProblem(""); onRaised();
  }
  return (
    <form onSubmit={send} className="field-row">
      <h3>Ask about {lineIds.length ? `the ${lineIds.length} chosen line(s)` : "this invoice"}</h3>
      <label htmlFor="query-reason">What is wrong?</label>
      <select id="query-reason" value={reason} onChange={(e) => setReason(e.target.value)} data-testid="query-reason">
        {Object.entries(REASONS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
      </select>
      <label htmlFor="query-message">Tell us more</label>
      <textarea id="query-message" rows={2} value={text} required onChange={(e) => setText(e.target.value)} data-testid="query-message" />
      <button className="primary" type="submit" data-testid="raise-query">Send question</button>
      {problem ? <p className="error" role="alert">{problem}</p> : null}
    </form>
  );
}
