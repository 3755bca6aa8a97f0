import { describe, expect, it } from 'vitest';
import { toSparklineSeries } from './to-sparkline-series.js';

describe('sparkline series', () => {
  it('sorts by period and reports the change from the first to the last known value', () => {
    const s = toSparklineSeries(
      [
        { p: '2025-03', v: 30 },
        { p: '2025-01', v: 10 },
        { p: '2025-02', v: null },
      ],
      (r) => r.p,
      (r) => r.v,
    );
    expect(s.data.map((d) => d.x)).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(s.data[1].value).toBeNull();
    expect(s).toMatchObject({ last: 30, change: 20, direction: 'up' });
  });

  it('says the direction is unknown with fewer than two known points', () => {
    expect(toSparklineSeries([{ p: '2025-01', v: 5 }], (r) => r.p, (r) => r.v).direction).toBe('unknown');
  });
});
