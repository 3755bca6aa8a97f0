import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, suppressedLabel, shortLabel } from './cell.js';
import { OKABE_ITO } from './palette.js';
import type { PercentileSeries } from './to-percentile-series.js';

/** p25-median-p75 as floating bars (the split is the median). Suppressed rows have no bar and say so. */
export function PercentileBars({ series, format = formatNumber, k, label }: { series: PercentileSeries; format?: (n: number) => string; k?: number; label: string }) {
  const data = series.data.map((d) => ({ ...d, name: d.suppressed ? `${d.label} (suppressed)` : d.label }));
  const height = Math.max(140, data.length * 30 + 60);
  return (
    <div role="img" aria-label={label} className="chart-svg" data-chart="percentile">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" tick={{ fontSize: 12 }} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey="name" width={230} tick={{ fontSize: 12 }} interval={0} tickFormatter={(v: string) => shortLabel(v)} />
          <Tooltip
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              if (!p) return null;
              return (
                <div className="tooltip">
                  <strong>{p.label}</strong>
                  <br />
                  {p.suppressed ? suppressedLabel(k) : `25th ${fmt(p.p25, format)} · median ${fmt(p.median, format)} · 75th ${fmt(p.p75, format)}`}
                </div>
              );
            }}
          />
          <Legend />
          <Bar dataKey="base" stackId="p" fill="transparent" isAnimationActive={false} legendType="none" />
          <Bar dataKey="lower" stackId="p" fill={OKABE_ITO[4]} isAnimationActive={false} name="25th percentile to median" />
          <Bar dataKey="upper" stackId="p" fill={OKABE_ITO[0]} isAnimationActive={false} name="Median to 75th percentile" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function fmt(v: number | null, f: (n: number) => string): string {
  return v === null ? 'no data' : f(v);
}
