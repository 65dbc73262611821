import { lazy, Suspense } from "react";

// The chart library is most of the app's weight: it loads only with a page that draws one.
const AgingBars = lazy(() => import("./AgingBars"));

type Aging = { currency: string; current: string; days1To30: string; days31To60: string; days61To90: string; days90Plus: string };

export function AgingChart({ aging }: { aging: Aging }) {
  return (
    <Suspense fallback={<p className="muted">Loading the chart…</p>}>
      <AgingBars aging={aging} />
    </Suspense>
  );
}
