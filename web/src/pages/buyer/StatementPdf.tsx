import { useState } from "react";

// The statement as a PDF for a period: a plain link, so the session cookie goes with
// it (the server lets through only who may read the statement, as /graphql does). The
// period defaults as the API's: to today, from the first of that month.

/** A date as YYYY-MM-DD, in the viewer's own calendar (what a date input shows). */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function statementHref(companyId: string, from: string, to: string, today = new Date()): string {
  const end = to || isoDay(today);
  const start = from || `${end.slice(0, 8)}01`;
  return `/documents/statements/${companyId}.pdf?from=${start}&to=${end}`;
}

export function StatementPdfLink({ companyId, from, to }: { companyId: string; from: string; to: string }) {
  return (
    <a href={statementHref(companyId, from, to)} download data-testid="statement-pdf">
      Download statement (PDF)
    </a>
  );
}

/** The staff Customer page's: a period and the link, nothing on screen to load. */
export function StatementPdf({ companyId }: { companyId: string }) {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  return (
    <section className="card">
      <h2>Statement</h2>
      <form className="filters">
        <label htmlFor="statement-from">From</label>
        <input id="statement-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="statement-to">To</label>
        <input id="statement-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </form>
      <p className="downloads"><StatementPdfLink companyId={companyId} from={from} to={to} /></p>
    </section>
  );
}
