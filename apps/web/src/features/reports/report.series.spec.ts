import { describe, expect, it } from 'vitest';
import type { RegionReport } from '@credpulse/contracts';
import { gapSeries, outcomeCells, peopleText, topSkillsSeries } from './report.series';

const base = { topSkills: [{ key: 'a', label: 'SQL', demand: 5 }, { key: 'b', label: 'Welding', demand: 40 }] } as unknown as RegionReport;

describe('report series', () => {
  it('ranks the most demanded skills largest first', () => {
    expect(topSkillsSeries(base).data.map((d) => d.label)).toEqual(['Welding', 'SQL']);
  });

  it('keeps a skill whose supply is suppressed as an unranked, flagged row rather than a gap of 0 or of the whole demand', () => {
    const r = {
      largestGaps: [
        { key: 'x', label: 'Rare', demand: 30, supply: { value: null, suppressed: true }, ratio: null, bucket: null },
        { key: 'y', label: 'Common', demand: 50, supply: { value: 20, suppressed: false }, ratio: 0.4, bucket: 'very_undersupplied' },
      ],
    } as unknown as RegionReport;
    const s = gapSeries(r);
    expect(s.data).toEqual([
      { id: 'y', label: 'Common', value: 30, suppressed: false },
      { id: 'x', label: 'Rare', value: null, suppressed: true },
    ]);
  });

  it('prints hidden people counts as "suppressed", never 0', () => {
    expect(peopleText({ value: null, suppressed: true })).toBe('suppressed');
    expect(outcomeCells({ key: '1', label: 'Badge', earners: { value: 12, suppressed: false }, employmentRateQ2: 0.5, wageMedianQ2: 9000 })).toEqual(['Badge', '12', '50.0%', '$9,000']);
  });
});
