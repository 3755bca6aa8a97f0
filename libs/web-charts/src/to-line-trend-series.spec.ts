import { describe, expect, it } from 'vitest';
import { partialKey, toLineTrendSeries } from './to-line-trend-series.js';

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

  it('puts a period the data covers only in part on a dashed companion line, never on the solid line as a drop', () => {
    type Q = { q: string; openings: number; partial: boolean; months: number };
    const quarters: Q[] = [
      { q: '2026-Q2', openings: 900, partial: false, months: 3 },
      { q: '2026-Q3', openings: 930, partial: false, months: 3 },
      { q: '2026-Q4', openings: 310, partial: true, months: 1 },
    ];
    const t = toLineTrendSeries(quarters, (r) => r.q, [{ key: 'openings', label: 'Openings', value: (r) => r.openings }], 'Quarter', (r) => ({ partial: r.partial, months: r.months, monthsInPeriod: 3 }));
    expect(t.data.map((d) => d.openings)).toEqual([900, 930, null]);
    expect(t.data.map((d) => d[partialKey('openings')])).toEqual([null, 930, 310]);
    expect(t.partial.get('2026-Q4')).toBe('1 of 3 months');
    expect(t.table.rows[2]).toEqual(['2026-Q4', 310, '1 of 3 months']);
    expect(t.table.columns.at(-1)).toEqual({ key: 'coverage', label: 'Data coverage' });
  });

  it('adds no companion line when every period is complete', () => {
    const t = toLineTrendSeries(rows, (r) => r.period, [{ key: 'sf', label: 'Share', value: (r) => r.skillsFirst }], 'Period', () => ({ partial: false }));
    expect(t.partial.size).toBe(0);
    expect(Object.keys(t.data[0])).toEqual(['x', 'sf']);
  });
});
