import { describe, expect, it } from "vitest";
import { stepWords } from "./Reminders";

describe("stepWords", () => {
  it("names the dunning step from the due date", () => {
    expect(stepWords(-3)).toBe("3 days before due");
    expect(stepWords(-1)).toBe("1 day before due");
    expect(stepWords(0)).toBe("On the due date");
    expect(stepWords(1)).toBe("1 day after due");
    expect(stepWords(14)).toBe("14 days after due");
  });
});
