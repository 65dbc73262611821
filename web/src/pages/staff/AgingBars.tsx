import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { money } from "../../format";

type Aging = { currency: string; current: string; days1To30: string; days31To60: string; days61To90: string; days90Plus: string };

export default function AgingBars({ aging }: { aging: Aging }) {
  const rows = [
    ["Not due", aging.current], ["1–30", aging.days1To30], ["31–60", aging.days31To60],
    ["61–90", aging.days61To90], ["90+", aging.days90Plus],
  ].map(([bucket, amount]) => ({ bucket, amount: Number(amount), label: money({ amount, currency: aging.currency }) }));
  return (
    <figure className="chart" data-testid="aging-chart">
      <figcaption>Aged debt in {aging.currency}</figcaption>
      <div style={{ width: "100%", height: 220 }}>
        <ResponsiveContainer>
          <BarChart data={rows} margin={{ left: 0, right: 8, top: 8, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="bucket" fontSize={11} interval={0} />
            <YAxis fontSize={11} width={56} tickFormatter={(v: number) => new Intl.NumberFormat(undefined, { notation: "compact" }).format(v)} />
            <Tooltip formatter={(_v, _n, p) => (p.payload as { label: string }).label} />
            <Bar dataKey="amount" fill="var(--primary)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="figures">
        <tbody>{rows.map((r) => <tr key={r.bucket}><th scope="row">{r.bucket}</th><td className="num">{r.label}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
