import { describe, expect, it } from 'vitest';
import { groupShare } from './equity.js';
import { methodVersion } from './versions.js';

describe('equity shares', () => {
  it('award share against population share', () => {
    // 30 of 120 awards (25%) to a group that is 20% of the population: 1.25 x parity
    expect(groupShare(30, 120, 2000, 10000)).toEqual({ awardShare: 0.25, populationShare: 0.2, representation: 1.25 });
  });
  it('a suppressed count or missing population yields null, never 0', () => {
    expect(groupShare(null, 120, 2000, 10000).awardShare).toBeNull();
    expect(groupShare(30, 120, null, null)).toEqual({ awardShare: 0.25, populationShare: null, representation: null });
  });
  it('method versions name the metric and the disclosure rules', () => {
    expect(methodVersion('equity', true)).toBe('equity@1.1.0+disclosure@1.0.0');
  });
});
