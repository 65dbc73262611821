import { describe, expect, it } from "vitest";
import { cents, day, fromCents, money } from "./format";
import { FALLBACK, plain } from "./errors";

describe("money and dates follow the viewer's locale", () => {
  it("shows euros the German way for a German reader", () => {
    expect(money({ amount: "1234.5", currency: "EUR" }, "de-DE")).toBe("1.234,50\u00a0€");
  });
  it("shows pounds the British way for a British reader", () => {
    expect(money({ amount: "1234.5", currency: "GBP" }, "en-GB")).toBe("£1,234.50");
  });
  it("shows a due date without shifting it by the viewer's time zone", () => {
    expect(day("2026-03-01", "en-GB")).toBe("1 Mar 2026");
  });
});

describe("chosen lines add up exactly", () => {
  it("sums 0.1 and 0.2 to 0.30, not 0.30000000000000004", () => {
    expect(fromCents(cents("0.1") + cents("0.2"))).toBe("0.30");
  });
  it("keeps negative amounts negative", () => {
    expect(fromCents(cents("-12.05"))).toBe("-12.05");
  });
});

describe("errors are told in plain words", () => {
  it("never shows a raw code", () => {
    expect(plain("OVER_ALLOCATION")).not.toContain("OVER_ALLOCATION");
  });
  it("an unknown code gets the general apology", () => {
    expect(plain("SOMETHING_NEW")).toBe(FALLBACK);
  });
});
