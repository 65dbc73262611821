import { describe, expect, it } from "vitest";
import { timelineStart } from "./CustomerActivity";

describe("the customer timeline's period", () => {
  it("starts 90 days back, across a year's turn", () => {
    expect(timelineStart(new Date("2026-02-15T10:00:00Z"))).toBe("2025-11-17");
  });
  it("counts whole days whatever the hour", () => {
    expect(timelineStart(new Date("2026-12-03T23:59:00Z"))).toBe("2026-09-04");
  });
});
