import type { SkillGapRow } from '@credpulse/contracts';
import { describe, expect, it } from 'vitest';
import { notAligned, rankable, shortfall, withDemand } from './skill-gap.series';

const row = (demand: number, supply: number | null, suppressed = false, aligned = true, label = 'x'): SkillGapRow => ({
  key: label,
  label,
  demand,
  supply: { value: supply, suppressed },
  ratio: supply === null || demand === 0 ? null : supply / demand,
  bucket: aligned ? null : 'no_credential_aligned',
  aligned,
});

describe('skill gap helpers', () => {
  it('computes demand minus supply, and nothing when supply is suppressed (never treats it as 0)', () => {
    expect(shortfall(row(100, 30))).toBe(70);
    expect(shortfall(row(100, null, true))).toBeNull();
  });

  it('keeps only rows with demand', () => {
    expect(withDemand([row(0, 5), row(3, 1)])).toHaveLength(1);
  });

  it('ranks only skills a catalogued credential teaches; office software with no credential is listed apart, most demanded first', () => {
    const rows = [row(900, 0, false, false, 'Microsoft Outlook'), row(400, 0, false, false, 'Google Docs'), row(300, 30, false, true, 'Python'), row(0, 0, false, false, 'Unasked')];
    expect(rankable(rows).map((r) => r.label)).toEqual(['Python']);
    expect(notAligned(rows).map((r) => r.label)).toEqual(['Microsoft Outlook', 'Google Docs']);
  });
});
