import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, suppressedLabel, shortLabel } from './cell.js';
import type { GapSeries } from './to-gap-series.js';

/** Diverging bars of supply - demand, coloured by supply-demand bucket; left of 0 = undersupplied. */
export function GapBars({ series, k, label }: { series: GapSeries; k?: number; label: string }) {
  const data = series.data.map((d) => ({ ...d, name: d.supplySuppressed ? `${d.label} (suppressed)` : d.label }));
  const height = Math.max(140, data.length * 30 + 40);
  return (
    <div className="chart-svg" data-chart="gap">
      <div role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
            <XAxis type="number" tick={{ fontSize: 12 }} tickFormatter={(v: number) => formatNumber(v)} />
            <YAxis type="category" dataKey="name" width={230} tick={{ fontSize: 12 }} interval={0} tickFormatter={(v: string) => shortLabel(v)} />
            <ReferenceLine x={0} stroke="#57606a" />
            <Tooltip
              formatter={(_v, _n, item) => {
                const p = (item as { payload?: (typeof data)[number] }).payload;
                if (!p) return ['', ''];
                if (p.supplySuppressed) return [`demand ${formatNumber(p.demand ?? 0)}, supply ${suppressedLabel(k)}`, 'Supply − demand'];
                return [`${formatNumber(p.gap ?? 0)} (supply ${formatNumber(p.supply ?? 0)} / demand ${formatNumber(p.demand ?? 0)} = ${p.ratio?.toFixed(2) ?? 'n/a'})`, 'Supply − demand'];
              }}
            />
            <Bar dataKey="gap" isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.id} fill={d.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="legend" aria-label="Supply-demand buckets">
        {series.buckets.map((b) => (
          <li key={b.key}>
            <span className="swatch" style={{ background: b.color }} aria-hidden="true" />
            {b.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
