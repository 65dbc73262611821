import { describe, expect, it } from "vitest";
import { can } from "./can";

describe("sections follow the API's permission matrix", () => {
  it("delivery never sees an amount", () => {
    expect(can(["DELIVERY"], "Invoice.total")).toBe(false);
    expect(can(["DELIVERY"], "InvoiceLine.delivered")).toBe(true);
  });
  it("a buyer allowed to view all sees the company's credit, a plain buyer does not", () => {
    expect(can(["BUYER", "BUYER_FINANCE"], "Company.creditStatus")).toBe(true);
    expect(can(["BUYER"], "Company.creditStatus")).toBe(false);
  });
  it("a field missing from the matrix is a bug, not a silent no", () => {
    expect(() => can(["AR_MANAGER"], "Invoice.secret")).toThrow();
  });
});
