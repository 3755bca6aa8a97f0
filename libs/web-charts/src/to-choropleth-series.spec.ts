import { describe, expect, it } from 'vitest';
import { SEQUENTIAL, SUPPRESSED_FILL } from './palette.js';
import { classFill, quantileBreaks, toChoroplethSeries } from './to-choropleth-series.js';

describe('choropleth series', () => {
  const rows = [
    { fips: '06', name: 'California', v: 500 },
    { fips: '01', name: 'Alabama', v: 20 },
    { fips: '48', name: 'Texas', v: 300 },
    { fips: '36', name: 'New York', v: 250 },
    { fips: '56', name: 'Wyoming', v: 2 },
    { fips: '50', name: 'Vermont', v: null as number | null, suppressed: true },
  ];
  const s = toChoroplethSeries(rows, {
    fips: (r) => r.fips,
    name: (r) => r.name,
    value: (r) => ('suppressed' in r ? { value: r.v, suppressed: true } : r.v),
    areaLabel: 'State',
    valueLabel: 'Postings',
  });

  it('keys areas by FIPS with leading zeros kept', () => {
    expect(s.byFips.get('01')?.name).toBe('Alabama');
    expect(s.byFips.has('1')).toBe(false);
  });

  it('colours the largest value darkest and the smallest lightest', () => {
    expect(s.byFips.get('06')?.fill).toBe(SEQUENTIAL[SEQUENTIAL.length - 1]);
    expect(s.byFips.get('56')?.fill).toBe(SEQUENTIAL[0]);
  });

  it('gives suppressed areas the suppressed fill, and the table says suppressed, not 0', () => {
    expect(s.byFips.get('50')).toMatchObject({ value: null, suppressed: true, fill: SUPPRESSED_FILL });
    expect(s.table.rows.at(-1)).toEqual(['50', 'Vermont', { suppressed: true }]);
  });

  it('sorts the table largest first', () => {
    expect(s.table.rows.map((r) => r[0])).toEqual(['06', '48', '36', '01', '56', '50']);
  });

  it('computes increasing quantile breaks and collapses duplicate classes', () => {
    expect(quantileBreaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([2, 4, 6, 8, 10]);
    expect(quantileBreaks([5, 5, 5])).toEqual([5]);
    expect(quantileBreaks([])).toEqual([]);
    expect(classFill(null, [1, 2])).not.toBe(classFill(1, [1, 2]));
    expect(s.legend).toHaveLength(s.breaks.length);
  });
});
