import { describe, expect, it } from "vitest";
import { entryState } from "./Cash";

describe("entryState", () => {
  it("calls a known payer's money with nothing to suggest what it is: not applied yet", () => {
    expect(entryState("SUGGESTED", 0, "pay-1")).toBe("Received on account, not applied yet");
  });
  it("keeps the API's meaning where there is a match to offer or no payer", () => {
    expect(entryState("SUGGESTED", 2, "pay-1")).toBe("Match suggested");
    expect(entryState("UNIDENTIFIED", 0, null)).toBe("Not identified");
    expect(entryState("DISMISSED", 0, null)).toBe("Dismissed");
  });
});
