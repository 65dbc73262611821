import { lazy, Suspense } from "react";
import type { ArMonth, Exposure } from "./trendData";

// Recharts is most of the app's weight: these load only with the dashboard (as AgingChart).
const charts = () => import("./ArCharts");
const DsoLine = lazy(() => charts().then((m) => ({ default: m.DsoLine })));
const CashBars = lazy(() => charts().then((m) => ({ default: m.CashBars })));
const ExposureBars = lazy(() => charts().then((m) => ({ default: m.ExposureBars })));

const loading = <p className="muted">Loading the chart…</p>;

export function DsoChart({ trend }: { trend: ArMonth[] }) {
  return <Suspense fallback={loading}><DsoLine trend={trend} /></Suspense>;
}

export function CashChart({ trend }: { trend: ArMonth[] }) {
  return <Suspense fallback={loading}><CashBars trend={trend} /></Suspense>;
}

export function ExposureChart({ companies }: { companies: Exposure[] }) {
  return <Suspense fallback={loading}><ExposureBars companies={companies} /></Suspense>;
}
