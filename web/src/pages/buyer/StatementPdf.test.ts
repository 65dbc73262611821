import { describe, expect, it } from "vitest";
import { isoDay, statementHref } from "./StatementPdf";

describe("the statement PDF link asks for the period the page shows", () => {
  const today = new Date(2026, 11, 3); // 3 Dec 2026, the viewer's own calendar
  it("defaults as the API does: from the first of the month to today", () => {
    expect(statementHref("c1", "", "", today)).toBe("/documents/statements/c1.pdf?from=2026-12-01&to=2026-12-03");
  });
  it("keeps a chosen period, and a chosen end's month starts it", () => {
    expect(statementHref("c1", "2026-01-05", "2026-02-10", today)).toBe("/documents/statements/c1.pdf?from=2026-01-05&to=2026-02-10");
    expect(statementHref("c1", "", "2026-02-10", today)).toBe("/documents/statements/c1.pdf?from=2026-02-01&to=2026-02-10");
  });
  it("writes a day as YYYY-MM-DD", () => {
    expect(isoDay(new Date(2026, 0, 9))).toBe("2026-01-09");
  });
});
