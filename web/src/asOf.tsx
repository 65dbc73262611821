// The auditor's moment: one picker above every page; the pages that the API can answer as of a
// past moment (dashboard, invoices, queries, an invoice, customers, a customer, holds, the event
// log) ask for it; orders, cash, ERP exceptions and reminders have no past in the API (they are
// work to do now), and the note says so. Past answers go through a client of their own with a plain document cache: in the
// normalised cache an invoice as it stood would overwrite the same invoice as it is now.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { Client, Provider, cacheExchange, fetchExchange } from "urql";
import { csrfToken } from "./client";
import { moment as when } from "./format";

const Moment = createContext<string | null>(null);

/** The chosen moment as an ISO instant, or null for now. */
export function useAsOf(): string | null {
  return useContext(Moment);
}

/** A datetime-local input's value (the viewer's wall clock) as an ISO instant. */
export function instant(local: string): string | null {
  if (!local) return null;
  const parsed = new Date(local);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function pastClient(): Client {
  return new Client({
    url: "/graphql",
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: () => ({ credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken() } }),
    preferGetMethod: false,
  });
}

export function AsOf({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [local, setLocal] = useState("");
  const client = useMemo(pastClient, []);
  const moment = enabled ? instant(local) : null;
  return (
    <Moment.Provider value={moment}>
      {enabled ? (
        <div className="as-of card" data-testid="as-of-bar">
          <label htmlFor="as-of">As it stood at</label>
          <input id="as-of" type="datetime-local" value={local} onChange={(e) => setLocal(e.target.value)} data-testid="as-of" />
          {moment ? (
            <>
              <button type="button" className="link" onClick={() => setLocal("")}>Now</button>
              <p className="muted" data-testid="as-of-note">
                Dashboard, invoices, queries, customers, holds and the log show the books at{" "}
                {when(moment)} (a customer's statement and activity are left out then); orders,
                cash, ERP exceptions and reminders show them now.
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      {moment ? <Provider value={client}>{children}</Provider> : children}
    </Moment.Provider>
  );
}
