import { Line, LineChart, ResponsiveContainer } from 'recharts';
import { OKABE_ITO } from './palette.js';
import type { SparklineSeries } from './to-sparkline-series.js';

export function Sparkline({ series, label }: { series: SparklineSeries; label: string }) {
  return (
    <div role="img" aria-label={label} className="sparkline" data-chart="sparkline">
      <ResponsiveContainer width="100%" height={36}>
        <LineChart data={series.data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
          <Line type="monotone" dataKey="value" stroke={OKABE_ITO[0]} strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
