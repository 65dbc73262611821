// What the customers list may show and how its filters live in the address, so a
// list is linkable and the back button works. Sorting or filtering by a figure tells
// as much as the figure (the API refuses it otherwise): each choice is offered only
// to a role that may read that figure.
import { can } from "../../can";
import type { CompanySort } from "../../gql/graphql";

// Which of the list's figures the viewer's role may read (the matrix decides). The
// list's query comes in three shapes (names; with balance and overdue; with credit
// and risk too), so credit and risk show only together, and only beside the money.
export type Columns = { money: boolean; credit: boolean; risk: boolean };

export function columnsFor(roles: readonly string[]): Columns {
  const money = can(roles, "Company.balance", "Company.overdue");
  const credit = money && can(roles, "Company.creditStatus", "CreditStatus.onHold", "CreditStatus.holdReason",
    "Company.creditRisk", "CreditRisk.grade");
  return { money, credit, risk: credit };
}

export const SORT_WORDS: Record<CompanySort, string> = {
  NAME: "Name (A to Z)",
  BALANCE: "Balance (largest first)",
  OVERDUE: "Overdue (largest first)",
  RISK: "Risk (riskiest first)",
  EXPOSURE: "Exposure (largest first)",
};

export function sortsFor(columns: Columns): CompanySort[] {
  const sorts: CompanySort[] = ["NAME"];
  if (columns.money) sorts.push("BALANCE", "OVERDUE");
  if (columns.risk) sorts.push("RISK");
  if (columns.credit) sorts.push("EXPOSURE"); // exposure is credit status
  return sorts;
}

export type ListParams = { search: string; sort: CompanySort; onHold: boolean };

// The list's filters from the address (`?q=acme&sort=OVERDUE&hold=1`); a choice the
// role may not make (a hand-edited address) falls back to the plain list.
export function readParams(query: URLSearchParams, columns: Columns): ListParams {
  const sort = query.get("sort") as CompanySort | null;
  return {
    search: (query.get("q") ?? "").trim(),
    sort: sort && sortsFor(columns).includes(sort) ? sort : "NAME",
    onHold: columns.credit && query.get("hold") === "1",
  };
}

export function writeParams(p: ListParams): URLSearchParams {
  const query = new URLSearchParams();
  if (p.search) query.set("q", p.search);
  if (p.sort !== "NAME") query.set("sort", p.sort);
  if (p.onHold) query.set("hold", "1");
  return query;
}

// The `companies` arguments of one page of the list.
export function variablesOf(p: ListParams, after: string | null) {
  return { search: p.search || null, sort: p.sort, onHold: p.onHold ? true : null, after };
}
