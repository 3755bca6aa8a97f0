import { describe, expect, it } from 'vitest';
import { toPercentileSeries } from './to-percentile-series.js';

type P = { value: number | null; suppressed: boolean };
const ok = (v: number): P => ({ value: v, suppressed: false });
const hidden: P = { value: null, suppressed: true };
type Row = { id: string; name: string; p25: P; median: P; p75: P; earners: P };
const rows: Row[] = [
  { id: 'cna', name: 'CNA', p25: ok(6000), median: ok(7000), p75: ok(8000), earners: ok(40) },
  { id: 'sec', name: 'Security+', p25: ok(12000), median: ok(15000), p75: ok(19000), earners: ok(25) },
  { id: 'rare', name: 'Rare badge', p25: hidden, median: hidden, p75: hidden, earners: hidden },
];

describe('wage percentile series', () => {
  const s = toPercentileSeries(rows, {
    id: (r) => r.id,
    label: (r) => r.name,
    p25: (r) => r.p25,
    median: (r) => r.median,
    p75: (r) => r.p75,
    categoryLabel: 'Credential',
    valueLabel: 'Quarterly wage',
    extra: [{ key: 'n', label: 'Earners', value: (r) => r.earners }],
  });

  it('sorts by median, highest first, suppressed last', () => {
    expect(s.data.map((d) => d.id)).toEqual(['sec', 'cna', 'rare']);
  });

  it('builds floating bars from p25 to median to p75', () => {
    expect(s.data[0]).toMatchObject({ base: 12000, lower: 3000, upper: 4000, p25: 12000, median: 15000, p75: 19000 });
  });

  it('draws nothing for a suppressed row and labels it in the table, never 0', () => {
    expect(s.data[2]).toMatchObject({ base: null, lower: null, upper: null, suppressed: true });
    expect(s.table.rows[2]).toEqual(['Rare badge', { suppressed: true }, { suppressed: true }, { suppressed: true }, { suppressed: true }]);
  });
});
