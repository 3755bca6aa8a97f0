import type { EquityRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { byDimension, groupLabel } from './equity.series';

const row = (dimension: EquityRow['dimension'], group: string): EquityRow => ({
  dimension,
  group,
  awards: { value: 20, suppressed: false },
  awardShare: 0.5,
  shareOfKnown: 0.5,
  populationShare: null,
  representation: null,
});

describe('equity rows', () => {
  it('groups rows by dimension in a fixed order', () => {
    const g = byDimension([row('sex', 'female'), row('age_band', '25-34'), row('sex', 'male')]);
    expect(g.map((x) => [x.dimension, x.rows.length])).toEqual([
      ['age_band', 1],
      ['sex', 2],
    ]);
  });

  it('reads flags as words', () => {
    expect(groupLabel(row('rural', 'true'))).toBe('Rural');
    expect(groupLabel(row('low_income', 'false'))).toBe('No');
    expect(groupLabel(row('race_ethnicity', 'two_or_more'))).toBe('two or more');
  });
});
