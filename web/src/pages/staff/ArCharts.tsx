// The dashboard's trend and exposure charts (Recharts, loaded with the dashboard only).
// Each is a figure with a caption, a sentence for screen readers, and a chart that
// takes the width it is given (ResponsiveContainer): no horizontal scroll at 375 px.
import {
  Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from "recharts";
import {
  cashRows, cashSummary, dsoRows, dsoSummary, exposureRows, exposureSummary, type ArMonth, type Exposure,
} from "./trendData";

const COLOURS = ["var(--primary)", "#c0562b", "#2b7a4b", "#7a2b6e"];
const compact = (v: number) => new Intl.NumberFormat(undefined, { notation: "compact" }).format(v);
const short = (name: string) => (name.length > 14 ? `${name.slice(0, 13)}…` : name);

export function DsoLine({ trend }: { trend: ArMonth[] }) {
  const { currencies, rows } = dsoRows(trend);
  return (
    <figure className="chart" data-testid="dso-chart">
      <figcaption>Days sales outstanding, month by month</figcaption>
      <p className="sr-only">{dsoSummary(trend)}</p>
      <div style={{ width: "100%", height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" fontSize={11} minTickGap={8} />
            <YAxis fontSize={11} width={36} allowDecimals={false} />
            <Tooltip formatter={(v) => `${Math.round(Number(v))} days`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {currencies.map((c, i) => (
              <Line key={c} dataKey={c} name={c} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function CashBars({ trend }: { trend: ArMonth[] }) {
  const perCurrency = cashRows(trend);
  if (!perCurrency.length) return <p className="muted">No cash collected or due in these months.</p>;
  return (
    <>
      {perCurrency.map(({ currency, rows }) => (
        <figure className="chart" data-testid="cash-chart" key={currency}>
          <figcaption>Cash collected against due, {currency}</figcaption>
          <p className="sr-only">{cashSummary(rows, currency)}</p>
          <div style={{ width: "100%", height: 220 }}>
            <ResponsiveContainer>
              <BarChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" fontSize={11} minTickGap={8} />
                <YAxis fontSize={11} width={48} tickFormatter={compact} />
                <Tooltip formatter={(_v, name, p) => {
                  const r = p.payload as { collectedLabel: string; dueLabel: string };
                  return name === "Collected" ? r.collectedLabel : r.dueLabel;
                }} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="collected" name="Collected" fill="var(--primary)" isAnimationActive={false} />
                <Bar dataKey="due" name="Due" fill="#c0562b" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </>
  );
}

export function ExposureBars({ companies }: { companies: Exposure[] }) {
  const rows = exposureRows(companies);
  return (
    <figure className="chart" data-testid="exposure-chart">
      <figcaption>Exposure against credit limit, top {rows.length}</figcaption>
      <p className="sr-only">{exposureSummary(rows)}</p>
      <div style={{ width: "100%", height: 60 + 34 * Math.max(rows.length, 1) }}>
        <ResponsiveContainer>
          <BarChart data={rows} layout="vertical" margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" fontSize={11} tickFormatter={compact} />
            <YAxis type="category" dataKey="name" fontSize={11} width={92} tickFormatter={short} interval={0} />
            <Tooltip formatter={(_v, name, p) => {
              const r = p.payload as { exposureLabel: string; limitLabel: string };
              return name === "Exposure" ? r.exposureLabel : r.limitLabel;
            }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="exposure" name="Exposure" fill="var(--primary)" isAnimationActive={false} />
            <Bar dataKey="limit" name="Limit" fill="#9aa7b4" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="figures">
        <thead><tr><th scope="col">Customer</th><th scope="col" className="num">Exposure</th><th scope="col" className="num">Limit</th></tr></thead>
        <tbody>{rows.map((r) => <tr key={r.name}><th scope="row">{r.name}</th><td className="num">{r.exposureLabel}</td><td className="num">{r.limitLabel}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
