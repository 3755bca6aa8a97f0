import { describe, expect, it } from 'vitest';
import { toStackedLevelsSeries } from './to-stacked-levels-series.js';

type Row = { code: string; name: string; required: number; preferred: number; inLieu: number | null };
const rows: Row[] = [
  { code: '62', name: 'Health care', required: 0.1, preferred: 0.05, inLieu: 0.01 },
  { code: '54', name: 'Professional services', required: 0.05, preferred: 0.2, inLieu: 0.02 },
  { code: '11', name: 'Agriculture', required: 0, preferred: 0, inLieu: null },
];

describe('stacked levels series', () => {
  const s = toStackedLevelsSeries(rows, {
    id: (r) => r.code,
    label: (r) => r.name,
    level: (r, l) => (l === 'required' ? r.required : l === 'preferred' ? r.preferred : r.inLieu),
    categoryLabel: 'Industry',
  });

  it('keeps required, preferred and in-lieu apart (preferred is never added to required)', () => {
    const ps = s.data.find((d) => d.id === '54')!;
    expect(ps.required).toBe(0.05);
    expect(ps.preferred).toBe(0.2);
    expect(ps.in_lieu).toBe(0.02);
  });

  it('sorts by the sum of the levels, largest first', () => {
    expect(s.data.map((d) => d.id)).toEqual(['54', '62', '11']);
    expect(s.data[0].total).toBeCloseTo(0.27);
  });

  it('keeps a real zero as 0 and a missing level as null', () => {
    const ag = s.data.find((d) => d.id === '11')!;
    expect(ag.required).toBe(0);
    expect(ag.in_lieu).toBeNull();
    expect(s.table.rows[2]).toEqual(['Agriculture', 0, 0, null]);
  });

  it('labels the table columns by level', () => {
    expect(s.table.columns.map((c) => c.label)).toEqual(['Industry', 'Required', 'Preferred', 'In lieu of a degree']);
  });
});
