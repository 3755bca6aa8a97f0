import type { SkillGapRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { shortfall, withDemand } from './skill-gap.series';

const row = (demand: number, supply: number | null, suppressed = false): SkillGapRow => ({
  key: 'x',
  label: 'x',
  demand,
  supply: { value: supply, suppressed },
  ratio: supply === null || demand === 0 ? null : supply / demand,
  bucket: null,
});

describe('skill gap helpers', () => {
  it('computes demand minus supply, and nothing when supply is suppressed (never treats it as 0)', () => {
    expect(shortfall(row(100, 30))).toBe(70);
    expect(shortfall(row(100, null, true))).toBeNull();
  });

  it('keeps only rows with demand', () => {
    expect(withDemand([row(0, 5), row(3, 1)])).toHaveLength(1);
  });
});
