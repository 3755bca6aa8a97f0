import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, suppressedLabel } from './cell.js';
import type { LineTrendSeries } from './to-line-trend-series.js';

export function LineTrend({ series, height = 280, format = formatNumber, k, label }: { series: LineTrendSeries; height?: number; format?: (n: number) => string; k?: number; label: string }) {
  return (
    <div role="img" aria-label={label} className="chart-svg" data-chart="line">
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={series.data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" />
          <XAxis dataKey="x" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => format(v)} width={64} />
          <Tooltip
            formatter={(v, name, item) => {
              const key = (item as { dataKey?: string }).dataKey ?? '';
              const x = (item as { payload?: { x?: string } }).payload?.x ?? '';
              if (series.suppressed.has(`${x}|${key}`)) return [suppressedLabel(k), name];
              return [typeof v === 'number' ? format(v) : 'no data', name];
            }}
          />
          {series.series.length > 1 ? <Legend /> : null}
          {series.series.map((s, i) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={i % 2 === 1 ? '6 3' : undefined}
              dot={series.data.length <= 24}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
