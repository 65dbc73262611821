import { describe, expect, it } from "vitest";
import { cashRows, cashSummary, dsoRows, dsoSummary, exposureRows, exposureSummary, type ArMonth } from "./trendData";

const trend: ArMonth[] = [
  { month: "2026-01-01", dso: [], collected: [], due: [] },
  {
    month: "2026-02-01",
    dso: [{ currency: "EUR", days: "44.2" }, { currency: "GBP", days: null }],
    collected: [{ amount: "1200.50", currency: "EUR" }],
    due: [{ amount: "900", currency: "EUR" }, { amount: "10", currency: "GBP" }],
  },
  {
    month: "2026-03-01",
    dso: [{ currency: "EUR", days: "39.6" }, { currency: "GBP", days: "12.0" }],
    collected: [{ amount: "80", currency: "GBP" }],
    due: [],
  },
];

describe("DSO over time", () => {
  it("has a row per month and a gap where there were no sales, not a zero", () => {
    const { currencies, rows } = dsoRows(trend, "en-GB");
    expect(currencies).toEqual(["EUR", "GBP"]);
    expect(rows).toEqual([
      { month: "Jan 2026", EUR: null, GBP: null },
      { month: "Feb 2026", EUR: 44.2, GBP: null },
      { month: "Mar 2026", EUR: 39.6, GBP: 12 },
    ]);
  });
  it("tells a screen reader the first and last known figure per currency", () => {
    expect(dsoSummary(trend, "en-GB")).toBe(
      "Days sales outstanding by month. EUR: 44 days in Feb 2026, 40 days in Mar 2026; " +
        "GBP: 12 days in Mar 2026, 12 days in Mar 2026.",
    );
    expect(dsoSummary([], "en-GB")).toBe("No days sales outstanding to show yet.");
  });
});

describe("cash collected against due", () => {
  it("splits by currency with a zero for a month without any", () => {
    const [eur, gbp] = cashRows(trend, "en-GB");
    expect(eur.currency).toBe("EUR");
    expect(eur.rows.map((r) => [r.month, r.collected, r.due])).toEqual([
      ["Jan 2026", 0, 0], ["Feb 2026", 1200.5, 900], ["Mar 2026", 0, 0],
    ]);
    expect(eur.rows[1].collectedLabel).toBe("€1,200.50");
    expect(gbp.rows.map((r) => [r.collected, r.due])).toEqual([[0, 0], [0, 10], [80, 0]]);
    expect(cashSummary(gbp.rows, "GBP")).toBe(
      "Cash collected against invoices due, GBP, by month, Jan 2026 to Mar 2026. Mar 2026: £80.00 collected, £0.00 due.",
    );
  });
});

describe("exposure against limits", () => {
  it("keeps the API's order, labels each amount in its currency and names who is over", () => {
    const rows = exposureRows([
      { name: "Acme", creditStatus: { exposure: { amount: "120000", currency: "EUR" }, limit: { amount: "100000", currency: "EUR" } } },
      { name: "Brit", creditStatus: { exposure: { amount: "5000", currency: "GBP" }, limit: { amount: "20000", currency: "GBP" } } },
    ], "en-GB");
    expect(rows.map((r) => [r.name, r.exposure, r.limit, r.over])).toEqual([
      ["Acme", 120000, 100000, true], ["Brit", 5000, 20000, false],
    ]);
    expect(rows[1].limitLabel).toBe("£20,000.00");
    expect(exposureSummary(rows)).toBe(
      "Exposure against credit limit for the 2 customers with most exposure. " +
        "Highest: Acme, €120,000.00 of a €100,000.00 limit. Over their limit: Acme.",
    );
    expect(exposureSummary([])).toBe("No customer has any exposure.");
  });
});
