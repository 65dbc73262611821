import { describe, expect, it } from "vitest";
import { columnsFor, readParams, sortsFor, variablesOf, writeParams } from "./customerList";

const AR = ["AR_MANAGER"], CS = ["CUSTOMER_SERVICE"], DELIVERY = ["DELIVERY"], SALES = ["SALES"];

describe("the customers list's columns and sorts", () => {
  it("gives AR and sales every figure, customer service the money only, delivery names", () => {
    expect(columnsFor(AR)).toEqual({ money: true, credit: true, risk: true });
    expect(columnsFor(SALES)).toEqual({ money: true, credit: true, risk: true });
    expect(columnsFor(CS)).toEqual({ money: true, credit: false, risk: false });
    expect(columnsFor(DELIVERY)).toEqual({ money: false, credit: false, risk: false });
  });
  it("offers a sort only by a figure the role may read", () => {
    expect(sortsFor(columnsFor(AR))).toEqual(["NAME", "BALANCE", "OVERDUE", "RISK", "EXPOSURE"]);
    expect(sortsFor(columnsFor(CS))).toEqual(["NAME", "BALANCE", "OVERDUE"]);
    expect(sortsFor(columnsFor(DELIVERY))).toEqual(["NAME"]);
  });
});

describe("the customers list's address", () => {
  it("reads the search, sort and hold filter back from what it wrote", () => {
    const p = { search: "acme", sort: "OVERDUE" as const, onHold: true };
    const written = writeParams(p);
    expect(written.toString()).toBe("q=acme&sort=OVERDUE&hold=1");
    expect(readParams(written, columnsFor(AR))).toEqual(p);
  });
  it("writes nothing for the plain list", () => {
    expect(writeParams({ search: "", sort: "NAME", onHold: false }).toString()).toBe("");
  });
  it("falls back to the plain list for a choice the role may not make", () => {
    const edited = new URLSearchParams("sort=BALANCE&hold=1&q=%20x%20");
    expect(readParams(edited, columnsFor(DELIVERY))).toEqual({ search: "x", sort: "NAME", onHold: false });
    expect(readParams(new URLSearchParams("sort=RISK&hold=1"), columnsFor(CS))).toEqual({ search: "", sort: "NAME", onHold: false });
    expect(readParams(new URLSearchParams("sort=NONSENSE"), columnsFor(AR)).sort).toBe("NAME");
  });
  it("asks the API for no filter it was not given", () => {
    expect(variablesOf({ search: "", sort: "NAME", onHold: false }, null))
      .toEqual({ search: null, sort: "NAME", onHold: null, after: null });
    expect(variablesOf({ search: "ac", sort: "RISK", onHold: true }, "c1"))
      .toEqual({ search: "ac", sort: "RISK", onHold: true, after: "c1" });
  });
});
