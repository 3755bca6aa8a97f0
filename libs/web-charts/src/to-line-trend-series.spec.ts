import { describe, expect, it } from 'vitest';
import { toLineTrendSeries } from './to-line-trend-series.js';

type Row = { period: string; skillsFirst: number | null; degree: { value: number | null; suppressed: boolean } };

describe('line trend series', () => {
  const rows: Row[] = [
    { period: '2025-03', skillsFirst: 0.4, degree: { value: 0.3, suppressed: false } },
    { period: '2025-01', skillsFirst: 0.2, degree: { value: null, suppressed: true } },
    { period: '2025-02', skillsFirst: null, degree: { value: 0.35, suppressed: false } },
  ];
  const s = toLineTrendSeries(rows, (r) => r.period, [
    { key: 'sf', label: 'Skills-first share', value: (r) => r.skillsFirst },
    { key: 'deg', label: 'Degree-required share', value: (r) => r.degree },
  ]);

  it('sorts points by period', () => {
    expect(s.data.map((d) => d.x)).toEqual(['2025-01', '2025-02', '2025-03']);
  });

  it('keeps a suppressed point as null (a gap), never 0, and remembers it', () => {
    expect(s.data[0].deg).toBeNull();
    expect(s.suppressed.has('2025-01|deg')).toBe(true);
    expect(s.table.rows[0]).toEqual(['2025-01', 0.2, { suppressed: true }]);
  });

  it('keeps a missing value as null without calling it suppressed', () => {
    expect(s.data[1].sf).toBeNull();
    expect(s.suppressed.has('2025-02|sf')).toBe(false);
    expect(s.table.rows[1][1]).toBeNull();
  });

  it('gives each series a distinct palette colour and table columns in series order', () => {
    expect(new Set(s.series.map((x) => x.color)).size).toBe(2);
    expect(s.table.columns.map((c) => c.label)).toEqual(['Period', 'Skills-first share', 'Degree-required share']);
  });

  it('keeps table-only series out of the plotted lines but in the table', () => {
    const t = toLineTrendSeries(rows, (r) => r.period, [
      { key: 'sf', label: 'Share', value: (r) => r.skillsFirst },
      { key: 'n', label: 'Count', value: () => 7, tableOnly: true },
    ]);
    expect(t.series.map((x) => x.key)).toEqual(['sf']);
    expect(t.table.columns.map((c) => c.key)).toEqual(['x', 'sf', 'n']);
    expect(t.table.rows[0]).toEqual(['2025-01', 0.2, 7]);
  });
});
