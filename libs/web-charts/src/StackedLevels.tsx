import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, shortLabel } from './cell.js';
import type { StackedLevelsSeries } from './to-stacked-levels-series.js';

/** One horizontal bar per category, stacked by mention level: required, preferred, in lieu of a degree. */
export function StackedLevels({ series, format = formatNumber, label, onSelect }: { series: StackedLevelsSeries; format?: (n: number) => string; label: string; onSelect?: (id: string) => void }) {
  const height = Math.max(140, series.data.length * 30 + 60);
  return (
    <div role="img" aria-label={label} className="chart-svg" data-chart="stacked">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={series.data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" tick={{ fontSize: 12 }} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 12 }} interval={0} tickFormatter={(v: string) => shortLabel(v)} />
          <Tooltip formatter={(v, n) => [typeof v === 'number' ? format(v) : 'no data', n]} />
          <Legend />
          {series.levels.map((l) => (
            <Bar
              key={l.key}
              dataKey={l.key}
              name={l.label}
              stackId="levels"
              fill={l.color}
              isAnimationActive={false}
              cursor={onSelect ? 'pointer' : undefined}
              onClick={onSelect ? (d: { payload?: { id?: string } }) => d.payload?.id && onSelect(d.payload.id) : undefined}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
