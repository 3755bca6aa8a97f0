import { describe, expect, it } from 'vitest';
import { toGapSeries } from './to-gap-series.js';

type Row = { id: string; name: string; demand: number; supply: { value: number | null; suppressed: boolean }; ratio: number | null; bucket: string | null };
const rows: Row[] = [
  { id: 'a', name: 'Python', demand: 1000, supply: { value: 200, suppressed: false }, ratio: 0.2, bucket: 'very_undersupplied' },
  { id: 'b', name: 'Excel', demand: 500, supply: { value: 600, suppressed: false }, ratio: 1.2, bucket: 'balanced' },
  { id: 'c', name: 'Welding', demand: 80, supply: { value: null, suppressed: true }, ratio: null, bucket: null },
  { id: 'd', name: 'SQL', demand: 400, supply: { value: 280, suppressed: false }, ratio: 0.7, bucket: 'undersupplied' },
];

describe('supply-demand gap series', () => {
  const s = toGapSeries(rows, {
    id: (r) => r.id,
    label: (r) => r.name,
    demand: (r) => r.demand,
    supply: (r) => r.supply,
    ratio: (r) => r.ratio,
    bucket: (r) => r.bucket,
    categoryLabel: 'Skill',
  });

  it('orders by ratio, most undersupplied first, unknown ratios last', () => {
    expect(s.data.map((d) => d.id)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('computes supply minus demand (negative = undersupplied)', () => {
    expect(s.data[0].gap).toBe(-800);
    expect(s.data[2].gap).toBe(100);
  });

  it('does not draw a gap for suppressed supply and labels it suppressed, never 0', () => {
    const w = s.data[3];
    expect(w.gap).toBeNull();
    expect(w.supply).toBeNull();
    expect(w.supplySuppressed).toBe(true);
    expect(s.table.rows[3]).toEqual(['Welding', 80, { suppressed: true }, { suppressed: true }, null]);
  });

  it('states both counts beside the ratio and the bucket in words, coloured by bucket', () => {
    expect(s.table.rows[0]).toEqual(['Python', 1000, 200, 0.2, 'Very undersupplied (< 0.5)']);
    expect(s.data[0].color).not.toBe(s.data[2].color);
    expect(s.buckets).toHaveLength(5);
  });

  it('breaks ties in the ratio by the larger shortfall first', () => {
    const t = toGapSeries(
      [
        { id: 'small', name: 'A small', demand: 10, supply: { value: 0, suppressed: false }, ratio: 0, bucket: 'very_undersupplied' },
        { id: 'big', name: 'Z big', demand: 500, supply: { value: 0, suppressed: false }, ratio: 0, bucket: 'very_undersupplied' },
      ],
      { id: (r) => r.id, label: (r) => r.name, demand: (r) => r.demand, supply: (r) => r.supply, ratio: (r) => r.ratio, bucket: (r) => r.bucket, categoryLabel: 'Skill' },
    );
    expect(t.data.map((d) => d.id)).toEqual(['big', 'small']);
  });
});
