import { describe, expect, it } from 'vitest';
import { toBarRankingSeries } from './to-bar-ranking-series.js';

type Row = { code: string; name: string; n: number | null; suppressed?: boolean };
const rows: Row[] = [
  { code: '62', name: 'Health care', n: 120 },
  { code: '54', name: 'Professional services', n: 300 },
  { code: '23', name: 'Construction', n: null, suppressed: true },
  { code: '44-45', name: 'Retail', n: 120 },
];
const opts = {
  id: (r: Row) => r.code,
  label: (r: Row) => r.name,
  value: (r: Row) => ({ value: r.n, suppressed: !!r.suppressed }),
  valueLabel: 'Postings',
  categoryLabel: 'Industry',
};

describe('bar ranking series', () => {
  it('ranks largest first, ties by name, suppressed last', () => {
    const s = toBarRankingSeries(rows, opts);
    expect(s.data.map((d) => d.id)).toEqual(['54', '62', '44-45', '23']);
  });

  it('can rank smallest first', () => {
    expect(toBarRankingSeries(rows, { ...opts, order: 'asc' }).data.map((d) => d.id)).toEqual(['62', '44-45', '54', '23']);
  });

  it('keeps suppressed entries as null in the chart and labelled in the table', () => {
    const s = toBarRankingSeries(rows, opts);
    const c = s.data.find((d) => d.id === '23')!;
    expect(c.value).toBeNull();
    expect(c.suppressed).toBe(true);
    expect(s.table.rows[3]).toEqual(['Construction', { suppressed: true }]);
  });

  it('cuts at the limit and says so', () => {
    const s = toBarRankingSeries(rows, { ...opts, limit: 2 });
    expect(s.data).toHaveLength(2);
    expect(s.table.rows).toHaveLength(2);
    expect(s.truncated).toBe(true);
  });

  it('adds extra table-only columns', () => {
    const s = toBarRankingSeries(rows, { ...opts, extra: [{ key: 'code', label: 'NAICS', value: (r: Row) => r.code }] });
    expect(s.table.columns.map((c) => c.key)).toEqual(['label', 'value', 'code']);
    expect(s.table.rows[0]).toEqual(['Professional services', 300, '54']);
  });
});
