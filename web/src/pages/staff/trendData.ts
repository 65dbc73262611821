// The dashboard's charts' data, shaped from the API's answers: plain rows for Recharts
// (numbers for the drawing only) with the amounts formatted by format.ts for labels,
// and a sentence for screen readers that says what the chart shows.
import { money, month, type Money } from "../../format";

export type ArMonth = {
  month: string;
  dso: { currency: string; days: string | null }[];
  collected: Money[];
  due: Money[];
};

export type Exposure = { name: string; creditStatus: { exposure: Money; limit: Money } };

const currenciesOf = (lists: { currency: string }[][]): string[] =>
  [...new Set(lists.flat().map((x) => x.currency))].sort();

/** One row per month, a DSO figure per currency (null where no sales: a gap, not 0). */
export function dsoRows(trend: ArMonth[], lang?: string) {
  const currencies = currenciesOf(trend.map((m) => m.dso));
  const rows = trend.map((m) => {
    const row: Record<string, string | number | null> = { month: month(m.month, lang) };
    for (const c of currencies) {
      const d = m.dso.find((x) => x.currency === c);
      row[c] = d && d.days !== null ? Number(d.days) : null;
    }
    return row;
  });
  return { currencies, rows };
}

export function dsoSummary(trend: ArMonth[], lang?: string): string {
  const { currencies } = dsoRows(trend, lang);
  if (!trend.length || !currencies.length) return "No days sales outstanding to show yet.";
  const parts = currencies.map((c) => {
    const known = trend.filter((m) => m.dso.some((d) => d.currency === c && d.days !== null));
    const days = (m: ArMonth) => Math.round(Number(m.dso.find((d) => d.currency === c)!.days));
    if (!known.length) return `${c}: no sales yet`;
    const [first, last] = [known[0], known[known.length - 1]];
    return `${c}: ${days(first)} days in ${month(first.month, lang)}, ${days(last)} days in ${month(last.month, lang)}`;
  });
  return `Days sales outstanding by month. ${parts.join("; ")}.`;
}

const amountIn = (list: Money[], currency: string): Money =>
  list.find((m) => m.currency === currency) ?? { amount: "0", currency };

/** Per currency, one row per month: cash collected and invoice gross falling due. */
export function cashRows(trend: ArMonth[], lang?: string) {
  const currencies = currenciesOf(trend.flatMap((m) => [m.collected, m.due]));
  return currencies.map((currency) => ({
    currency,
    rows: trend.map((m) => {
      const collected = amountIn(m.collected, currency);
      const due = amountIn(m.due, currency);
      return {
        month: month(m.month, lang),
        collected: Number(collected.amount),
        due: Number(due.amount),
        collectedLabel: money(collected, lang),
        dueLabel: money(due, lang),
      };
    }),
  }));
}

export function cashSummary(rows: ReturnType<typeof cashRows>[number]["rows"], currency: string): string {
  if (!rows.length) return `No cash collected or due in ${currency} yet.`;
  const last = rows[rows.length - 1];
  return `Cash collected against invoices due, ${currency}, by month, ${rows[0].month} to ${last.month}. ` +
    `${last.month}: ${last.collectedLabel} collected, ${last.dueLabel} due.`;
}

/** The customers with most exposure, each with its limit (amounts in its own currency). */
export function exposureRows(companies: Exposure[], lang?: string) {
  return companies.map(({ name, creditStatus: { exposure, limit } }) => ({
    name,
    exposure: Number(exposure.amount),
    limit: Number(limit.amount),
    exposureLabel: money(exposure, lang),
    limitLabel: money(limit, lang),
    over: Number(exposure.amount) > Number(limit.amount),
  }));
}

export function exposureSummary(rows: ReturnType<typeof exposureRows>): string {
  if (!rows.length) return "No customer has any exposure.";
  const over = rows.filter((r) => r.over);
  const top = rows[0];
  return `Exposure against credit limit for the ${rows.length} customers with most exposure. ` +
    `Highest: ${top.name}, ${top.exposureLabel} of a ${top.limitLabel} limit. ` +
    (over.length ? `Over their limit: ${over.map((r) => r.name).join(", ")}.` : "None is over its limit.");
}
