import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, suppressedLabel, shortLabel } from './cell.js';
import { OKABE_ITO } from './palette.js';
import type { BarRankingSeries } from './to-bar-ranking-series.js';

/** Horizontal bars, largest first; a suppressed entry keeps its row with "(suppressed)" and no bar. */
export function BarRanking({
  series,
  format = formatNumber,
  k,
  label,
  color = OKABE_ITO[0],
  onSelect,
  selectedId,
}: {
  series: BarRankingSeries;
  format?: (n: number) => string;
  k?: number;
  label: string;
  color?: string;
  onSelect?: (id: string) => void;
  selectedId?: string;
}) {
  const data = series.data.map((d) => ({ ...d, name: d.suppressed ? `${d.label} (suppressed)` : d.label }));
  const height = Math.max(120, data.length * 30 + 40);
  return (
    <div role="img" aria-label={label} className="chart-svg" data-chart="bar">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#d0d7de" />
          <XAxis type="number" tick={{ fontSize: 12 }} tickFormatter={(v: number) => format(v)} />
          <YAxis type="category" dataKey="name" width={230} tick={{ fontSize: 12 }} interval={0} tickFormatter={(v: string) => shortLabel(v)} />
          <Tooltip formatter={(v, _n, item) => [(item as { payload?: { suppressed?: boolean } }).payload?.suppressed ? suppressedLabel(k) : typeof v === 'number' ? format(v) : 'no data', 'Value']} />
          <Bar dataKey="value" isAnimationActive={false} onClick={onSelect ? (d: { payload?: { id?: string } }) => d.payload?.id && onSelect(d.payload.id) : undefined} cursor={onSelect ? 'pointer' : undefined}>
            {data.map((d) => (
              <Cell key={d.id} fill={selectedId === d.id ? OKABE_ITO[5] : color} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
