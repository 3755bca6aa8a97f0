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

  it('leaves a partial last period out, so a quarter with one month of data does not turn a rise into a fall', () => {
    const rows = [{ p: '2026-Q2', v: 900, partial: false }, { p: '2026-Q3', v: 950, partial: false }, { p: '2026-Q4', v: 320, partial: true }];
    const s = toSparklineSeries(rows, (r) => r.p, (r) => r.v, (r) => r.partial);
    expect(s.direction).toBe('up');
    expect(s.last).toBe(950);
    expect(s.data.at(-1)).toEqual({ x: '2026-Q4', value: null });
  });
});
