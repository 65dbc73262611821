import { Link } from "react-router-dom";
import { money, type Money } from "../../format";
import type { Columns } from "./customerList";

// One company of the customers list, with only the figures its query asked for.
export type CustomerRowData = {
  id: string;
  name: string;
  balance?: Money;
  overdue?: Money;
  creditRisk?: { grade: string };
  creditStatus?: { onHold: boolean; holdReason: string };
};

export const HEADINGS = (c: Columns): string[] => [
  "Customer",
  ...(c.money ? ["Balance", "Overdue"] : []),
  ...(c.risk ? ["Risk"] : []),
  ...(c.credit ? ["Account"] : []),
];

// A table row on a wide screen; on a phone the `stack` table's CSS makes each row a
// card of labelled cells (the labels are the data-label attributes).
export function CustomerRow({ row, columns, linked }: { row: CustomerRowData; columns: Columns; linked: boolean }) {
  const held = row.creditStatus?.onHold;
  return (
    <tr data-testid="customer-row" data-name={row.name}>
      <td data-label="Customer" className="wide">
        {linked ? <Link to={`/customers/${encodeURIComponent(row.id)}`}>{row.name}</Link> : row.name}
      </td>
      {columns.money ? <>
        <td data-label="Balance" className="num">{money(row.balance)}</td>
        <td data-label="Overdue" className="num">{money(row.overdue)}</td>
      </> : null}
      {columns.risk ? <td data-label="Risk">{row.creditRisk?.grade ?? ""}</td> : null}
      {columns.credit ? (
        <td data-label="Account">
          {held ? <span className="status OVERDUE" title={row.creditStatus?.holdReason}>On hold</span> : "In good standing"}
        </td>
      ) : null}
    </tr>
  );
}
