import { periodKeyOf, periodsOf } from '@credpulse/contracts';
import { DisclosureTable } from '@credpulse/metrics';
import { describe, expect, it } from 'vitest';
import { periodKeySql, protectSeries, seriesPeriods } from './period-series.js';

const data = { first: '2024-09', last: '2026-10', current: '2026-12' };

describe('period keys and the periods of a range', () => {
  it('keys a month at each granularity: 2026-03, 2026-Q1, 2026', () => {
    expect(['month', 'quarter', 'year'].map((g) => periodKeyOf('2026-03', g as 'month'))).toEqual(['2026-03', '2026-Q1', '2026']);
    expect(periodKeyOf('2026-12', 'quarter')).toBe('2026-Q4');
  });

  it('clips the first and last period to the range, and keeps the whole period for coverage', () => {
    expect(periodsOf('2025-02', '2025-08', 'quarter')).toEqual([
      { key: '2025-Q1', from: '2025-02', to: '2025-03', first: '2025-01', last: '2025-03' },
      { key: '2025-Q2', from: '2025-04', to: '2025-06', first: '2025-04', last: '2025-06' },
      { key: '2025-Q3', from: '2025-07', to: '2025-08', first: '2025-07', last: '2025-09' },
    ]);
    expect(periodsOf('2024-11', '2026-02', 'year').map((p) => [p.key, p.from, p.to])).toEqual([
      ['2024', '2024-11', '2024-12'],
      ['2025', '2025-01', '2025-12'],
      ['2026', '2026-01', '2026-02'],
    ]);
    expect(periodsOf('2025-05', '2025-01', 'month')).toEqual([]);
  });

  it('marks a quarter the data covers in part (2026-Q4 with data through October) partial', () => {
    const [q3, q4] = seriesPeriods({ from: '2026-07', to: '2026-12', granularity: 'quarter' }, data);
    expect(q3).toMatchObject({ key: '2026-Q3', months: 3, monthsInPeriod: 3, partial: false });
    expect(q4).toMatchObject({ key: '2026-Q4', months: 1, monthsInPeriod: 3, partial: true });
  });

  it('writes the SQL period key from a fixed template only', () => {
    expect(periodKeySql('quarter', 'month')).toBe(`to_char(month, 'YYYY-"Q"Q')`);
    expect(() => periodKeySql('week' as 'month', 'month')).toThrow(/granularity/);
  });
});

describe('disclosure over a series', () => {
  const protect = (granularity: 'month' | 'quarter', from: string, to: string, counts: Record<string, number>) => {
    const t = new DisclosureTable();
    const periods = seriesPeriods({ from, to, granularity }, { first: '2020-01', last: '2030-12', current: '2031-01' });
    const s = protectSeries(t, 'x', { granularity }, periods, new Map(Object.entries(counts)));
    t.apply(10);
    return { value: (key: string) => t.value(s.cell(key)), total: t.value(s.total), suppressed: s.suppressed() };
  };

  it('hides a small quarter and one more, so the shown total cannot give it back', () => {
    const r = protect('quarter', '2025-01', '2025-12', { '2025-Q1': 15, '2025-Q2': 12, '2025-Q3': 4 });
    expect(r.value('2025-Q3')).toBeNull();
    expect([r.value('2025-Q1'), r.value('2025-Q2')].filter((v) => v === null)).toHaveLength(1);
    expect(r.value('2025-Q4')).toBe(0);
    expect(r.total).toBe(31);
    expect(r.suppressed).toBe(2);
  });

  it('a hidden month cannot be recovered from its quarter, which the quarterly series shows', () => {
    // Jan 15, Feb 3, Mar 14 | Apr 11, May 20, Jun 20: the smallest other month is April, but the complement of February must be in Q1
    const r = protect('month', '2025-01', '2025-06', { '2025-01': 15, '2025-02': 3, '2025-03': 14, '2025-04': 11, '2025-05': 20, '2025-06': 20 });
    expect(r.value('2025-02')).toBeNull();
    expect([r.value('2025-01'), r.value('2025-03')].filter((v) => v === null)).toHaveLength(1);
    expect(r.total).toBe(83);
  });
});
