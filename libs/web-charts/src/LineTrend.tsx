import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, suppressedLabel } from './cell.js';
import { partialKey, type LineTrendSeries } from './to-line-trend-series.js';

// Partial periods (the data covers only some of their months) are drawn on a dashed, lighter
// companion line with hollow dots, so a quarter holding one month of three never reads as a drop.
const PARTIAL_DASH = '2 4';

export function LineTrend({ series, height = 280, format = formatNumber, k, label }: { series: LineTrendSeries; height?: number; format?: (n: number) => string; k?: number; label: string }) {
  const byX = new Map(series.data.map((d) => [d.x, d]));
  const partialList = [...series.partial.entries()];
  return (
    <div role="img" aria-label={label} className="chart-svg" data-chart="line" data-partial-periods={partialList.map(([x]) => x).join(' ') || undefined}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={series.data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d7de" />
          <XAxis dataKey="x" tick={{ fontSize: 12 }} minTickGap={16} />
          <YAxis tick={{ fontSize: 12 }} tickFormatter={(v: number) => format(v)} width={64} />
          <Tooltip
            content={({ active, label: x }) => {
              if (!active || typeof x !== 'string') return null;
              const point = byX.get(x);
              if (!point) return null;
              const part = series.partial.get(x);
              return (
                <div className="chart-tooltip">
                  <strong>
                    {x}
                    {part ? ` (partial: ${part})` : ''}
                  </strong>
                  {series.series.map((s) => {
                    const v = part ? point[partialKey(s.key)] : point[s.key];
                    const text = series.suppressed.has(`${x}|${s.key}`) ? suppressedLabel(k) : typeof v === 'number' ? format(v) : 'no data';
                    return (
                      <div key={s.key} style={{ color: s.color }}>
                        {s.label}: {text}
                      </div>
                    );
                  })}
                </div>
              );
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
          {series.partial.size
            ? series.series.map((s) => (
                <Line
                  key={partialKey(s.key)}
                  className="line-partial"
                  type="linear"
                  dataKey={partialKey(s.key)}
                  name={`${s.label} (partial period)`}
                  stroke={s.color}
                  strokeOpacity={0.55}
                  strokeWidth={2}
                  strokeDasharray={PARTIAL_DASH}
                  dot={{ r: 3, fill: '#ffffff', strokeDasharray: '' }}
                  legendType="none"
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))
            : null}
        </LineChart>
      </ResponsiveContainer>
      {partialList.length ? (
        <p className="chart-note small muted" data-testid="partial-note">
          Dashed: {partialList.map(([x, m]) => `${x} (${m})`).join(', ')}, covered only in part by the data; not a drop.
        </p>
      ) : null}
    </div>
  );
}
