import { cleanup, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { afterEach, describe, expect, it } from "vitest";
import { CustomerRow, HEADINGS, type CustomerRowData } from "./CustomerRow";
import { columnsFor } from "./customerList";

const row: CustomerRowData = {
  id: "c/1", name: "Initech BV",
  balance: { amount: "1234.50", currency: "EUR" }, overdue: { amount: "200.00", currency: "EUR" },
  creditRisk: { grade: "D" }, creditStatus: { onHold: true, holdReason: "overdue 45 days" },
};

function shown(roles: string[], data: CustomerRowData, linked = true) {
  const columns = columnsFor(roles);
  render(
    <MemoryRouter>
      <table className="stack"><tbody><CustomerRow row={data} columns={columns} linked={linked} /></tbody></table>
    </MemoryRouter>,
  );
  return screen.getByTestId("customer-row");
}

afterEach(cleanup);

describe("a customer row (a card on a phone)", () => {
  it("labels every cell as its column, so the stacked card reads without the header", () => {
    const tr = shown(["AR_MANAGER"], row);
    const labels = [...tr.querySelectorAll("td")].map((td) => td.getAttribute("data-label"));
    expect(labels).toEqual(HEADINGS(columnsFor(["AR_MANAGER"])));
    expect(labels).toEqual(["Customer", "Balance", "Overdue", "Risk", "Account"]);
  });
  it("links the name to the customer's page and shows the figures and the hold", () => {
    const tr = shown(["AR_MANAGER"], row);
    expect(within(tr).getByRole("link", { name: "Initech BV" }).getAttribute("href")).toBe("/customers/c%2F1");
    expect(tr.textContent).toContain("1,234.50");
    expect(within(tr).getByText("On hold").getAttribute("title")).toBe("overdue 45 days");
    expect(within(tr).getByText("D")).toBeTruthy();
  });
  it("shows customer service the money but no credit or risk", () => {
    const tr = shown(["CUSTOMER_SERVICE"], { id: "c1", name: "Acme", balance: row.balance, overdue: row.overdue });
    expect([...tr.querySelectorAll("td")].map((td) => td.getAttribute("data-label"))).toEqual(["Customer", "Balance", "Overdue"]);
    expect(tr.textContent).not.toContain("good standing");
  });
  it("shows delivery the name alone, unlinked, with no amount", () => {
    const tr = shown(["DELIVERY"], { id: "c1", name: "Acme" }, false);
    expect(tr.querySelectorAll("td")).toHaveLength(1);
    expect(within(tr).queryByRole("link")).toBeNull();
    expect(tr.textContent).toBe("Acme");
  });
});
