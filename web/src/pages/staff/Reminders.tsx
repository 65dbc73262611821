import { Fragment, useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { idempotencyKey } from "../../client";
import { explain } from "../../errors";
import { day, money } from "../../format";
import { graphql } from "../../gql";

const DueQuery = graphql(`
  query RemindersDue {
    remindersDue {
      invoiceId number company { id name } dueDate step channel amountDue { amount currency }
      paused pausedFor pauseReason pausedUntil willSend
    }
    reminderPauses { kind subjectId company { id name } invoiceNumber reason until pausedBy }
  }
`);
const Pause = graphql(`
  mutation PauseReminders($input: PauseRemindersInput!) { pauseReminders(input: $input) { invoice { id } company { id } } }
`);
const Resume = graphql(`
  mutation ResumeReminders($input: ResumeRemindersInput!) { resumeReminders(input: $input) { invoice { id } company { id } } }
`);

// What a pause is for: one invoice, or every invoice of a company.
type Target = { kind: "INVOICE" | "COMPANY"; id: string; name: string };

// The dunning step reached: the reminder sent so many days from the due date.
export function stepWords(step: number): string {
  if (step < 0) return `${-step} day${step === -1 ? "" : "s"} before due`;
  if (step === 0) return "On the due date";
  return `${step} day${step === 1 ? "" : "s"} after due`;
}

const subject = (t: Target) => (t.kind === "INVOICE" ? { invoiceId: t.id } : { companyId: t.id });

// AR pauses a reminder with a reason, and optionally the last day it stays paused.
function PauseForm({ target, onDone }: { target: Target; onDone: (problem: string) => void }) {
  const [, pause] = useMutation(Pause);
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  async function save(e: React.FormEvent) {
    e.preventDefault();
    const r = await pause({ input: { idempotencyKey: idempotencyKey(), reason, until: until || null, ...subject(target) } });
    onDone(r.error ? explain(r.error) : "");
  }
  const what = target.kind === "INVOICE" ? `invoice ${target.name}` : `every invoice of ${target.name}`;
  return (
    <form onSubmit={save} className="field-row" data-testid="pause-form">
      <strong>Pause reminders for {what}</strong>
      <label htmlFor="pause-reason">Reason</label>
      <input id="pause-reason" required value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pause-reason" />
      <label htmlFor="pause-until">Paused through (optional)</label>
      <input id="pause-until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="pause-until" />
      <span className="filters">
        <button className="primary" type="submit" data-testid="pause-confirm">Pause</button>
        <button className="link" type="button" onClick={() => onDone("")}>Cancel</button>
      </span>
    </form>
  );
}

// Today's reminders (what the daily run sends), with a pause per invoice or company.
export function Reminders({ canAct }: { canAct: boolean }) {
  const [{ data, error, fetching }, again] = useQuery({ query: DueQuery });
  const [, resume] = useMutation(Resume);
  const [open, setOpen] = useState<Target | null>(null);
  const [problem, setProblem] = useState("");
  function done(message: string) {
    setProblem(message);
    if (!message) setOpen(null);
    again({ requestPolicy: "network-only" });
  }
  async function release(t: Target) {
    const r = await resume({ input: { idempotencyKey: idempotencyKey(), ...subject(t) } });
    done(r.error ? explain(r.error) : "");
  }
  const due = data?.remindersDue ?? [];
  // The pause form opens under the row it was asked from (a company's: its first row).
  const anchor = open
    ? due.find((d) => (open.kind === "INVOICE" ? d.invoiceId : d.company.id) === open.id)
    : undefined;
  return (
    <section className="card">
      <h1>Today's reminders</h1>
      {error || problem ? <p className="error" role="alert">{problem || explain(error)}</p> : null}
      {!data && fetching ? <p>Loading…</p> : null}
      {data && !due.length ? <p className="muted">No reminders are due today.</p> : null}
      <table className="stack">
        <thead><tr><th>Invoice</th><th>Customer</th><th>Step</th><th className="num">Due</th><th>Goes out</th>{canAct ? <th>Pause</th> : null}</tr></thead>
        <tbody>
          {due.map((r) => {
            const invoice: Target = { kind: "INVOICE", id: r.invoiceId, name: r.number };
            const company: Target = { kind: "COMPANY", id: r.company.id, name: r.company.name };
            const formHere = anchor === r;
            return (
              <Fragment key={r.invoiceId}>
              <tr data-testid={`reminder-${r.number}`}>
                <td data-label="Invoice"><Link to={`/invoices/${r.invoiceId}`}>{r.number}</Link> <span className="muted">due {day(r.dueDate)}</span></td>
                <td data-label="Customer"><Link to={`/customers/${r.company.id}`}>{r.company.name}</Link></td>
                <td data-label="Step">{stepWords(r.step)}</td>
                <td data-label="Due" className="num">{money(r.amountDue)}</td>
                <td data-label="Goes out" data-testid="reminder-state" className={r.paused ? "wide" : undefined}>
                  {r.paused
                    ? <span className="status paused">Paused{r.pausedFor === "COMPANY" ? " (customer)" : ""}: {r.pauseReason}{r.pausedUntil ? `, through ${day(r.pausedUntil)}` : ""}</span>
                    : r.willSend ? <span className="status">By e-mail</span> : <span className="muted">No address on file</span>}
                </td>
                {canAct ? (
                  <td data-label="Pause">
                    {r.paused ? (
                      <button type="button" className="link" data-testid="resume"
                        onClick={() => release(r.pausedFor === "COMPANY" ? company : invoice)}>
                        Resume {r.pausedFor === "COMPANY" ? "customer" : "invoice"}
                      </button>
                    ) : (
                      <>
                        <button type="button" className="link" data-testid="pause-invoice" onClick={() => setOpen(invoice)}>Pause invoice</button>
                        <button type="button" className="link" data-testid="pause-company" onClick={() => setOpen(company)}>Pause customer</button>
                      </>
                    )}
                  </td>
                ) : null}
              </tr>
              {formHere && open ? (
                <tr className="pause-row"><td colSpan={6} className="wide" data-label="">
                  <PauseForm target={open} onDone={done} />
                </td></tr>
              ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <h2>Paused</h2>
      {data && !data.reminderPauses.length ? <p className="muted">Nothing is paused.</p> : null}
      <ul data-testid="pauses">
        {data?.reminderPauses.map((p) => {
          const t: Target = p.kind === "INVOICE"
            ? { kind: "INVOICE", id: p.subjectId, name: p.invoiceNumber ?? "" }
            : { kind: "COMPANY", id: p.subjectId, name: p.company.name };
          return (
            <li key={p.subjectId}>
              {p.kind === "INVOICE" ? `Invoice ${p.invoiceNumber} (${p.company.name})` : `${p.company.name}, every invoice`}: {p.reason}
              {p.until ? `, through ${day(p.until)}` : ", until resumed"} <span className="muted">by {p.pausedBy}</span>
              {canAct ? <button type="button" className="link" onClick={() => release(t)}>Resume</button> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
